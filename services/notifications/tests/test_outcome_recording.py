"""A webhook's outcome is recorded even when the database goes away just after the endpoint answered
(issue 12, failure 6: after a PostgreSQL restart, 5 webhooks answered 2xx were sent again)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from common.messaging.outbox import Outbox
from common.testing.fixtures import eventually
from common.testing.infrastructure import Infrastructure
from notifications.config import NotificationsSettings
from notifications.deliveries.outcomes import (
    Finished,
    OutcomeNotRecorded,
    OutcomeRecorder,
    Result,
    database_unavailable,
)
from support.notifications import (
    OthersOnTheBus,
    Receiver,
    delivery_reaching,
    meeting_held,
    running,
    start_group_at_end,
    subscribe,
    unique_code,
    webhook,
)


@pytest.mark.integration
async def test_a_webhook_answered_2xx_while_the_database_stops_is_recorded_once_it_is_back_not_sent_again(
    notifications_settings: NotificationsSettings,
    bus: OthersOnTheBus,
    receiver: Receiver,
    infrastructure: Infrastructure,
) -> None:
    # Time enough for the receiver to stop PostgreSQL before it answers; the lease is this plus 30 s.
    settings = notifications_settings.model_copy(update={"webhook_timeout_seconds": 20})
    stopped = asyncio.Event()

    async def stop_the_database() -> None:
        await asyncio.to_thread(infrastructure.stop_postgres)
        stopped.set()

    host = unique_code()
    await start_group_at_end(settings)
    try:
        async with running(settings) as app:
            await bus.member(host)
            partner = await bus.partner(host)
            subscription = await subscribe(app, webhook(receiver.url("/hook")), partner.headers)
            # The receiver reads the webhook, PostgreSQL stops, then the receiver answers 200: the first
            # try at recording the success finds no database.
            receiver.before_answering("/hook", stop_the_database)
            event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

            async def down() -> bool:
                return stopped.is_set()

            await eventually(down, timeout=30, what="PostgreSQL stopped after the webhook arrived")
            await asyncio.to_thread(infrastructure.start_postgres)
            # Long enough for the lease (50 s) to run out, when an unrecorded success would be sent again.
            sent = await delivery_reaching(
                app,
                partner.headers,
                subscription=subscription["id"],
                event=event.id,
                status="delivered",
                timeout=80,
            )
    finally:
        await asyncio.to_thread(infrastructure.start_postgres)

    assert [r.headers["webhook-id"] for r in receiver.to("/hook")] == [sent["id"]]
    assert sent["attempts"] == 1
    assert [(a["outcome"], a["status_code"]) for a in sent["attempt_log"]] == [("delivered", 200)]


# --- The recording loop, with a fake database -----------------------------------------------------------


class FlakyDatabase:
    """A unit of work whose transactions fail to connect `failures` times, then work."""

    def __init__(self, failures: int | None) -> None:
        self.failures = failures
        self.tries = 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        self.tries += 1
        if self.failures is None or self.tries <= self.failures:
            raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")
        yield object()


def recorder_on(
    database: FlakyDatabase, *, refusing: str | None = None
) -> tuple[OutcomeRecorder, list[list[str]]]:
    """A recorder on `database`; each batch it records (the deliveries' ids) is listed. An outcome of
    `refusing` fails its batch, as a bug would."""
    settings = NotificationsSettings(database_url="postgresql+asyncpg://n:pw@db:5432/n")
    uow: Any = database
    recorder = OutcomeRecorder(settings, uow, Outbox(service="notifications"))
    recorded: list[list[str]] = []

    async def record_all(session: Any, batch: Sequence[Finished]) -> None:
        ids = [finished.delivery_id for finished in batch]
        if refusing in ids:
            raise ValueError(f"a bug recording {refusing}")
        recorded.append(ids)

    recorder.record_all = record_all  # type: ignore[method-assign]
    return recorder, recorded


def finished(delivery_id: str, *, lease_seconds: float = 30) -> Finished:
    now = datetime.now(UTC)
    return Finished(
        delivery_id,
        Result("delivered", status_code=200),
        attempted_at=now,
        leased_until=now + timedelta(seconds=lease_seconds),
    )


async def test_an_outcome_is_recorded_on_the_first_try_that_finds_the_database() -> None:
    database = FlakyDatabase(failures=3)
    recorder, recorded = recorder_on(database)
    outcome = finished("d1")

    await recorder.flush([outcome])

    assert (recorded, database.tries) == ([["d1"]], 4)
    assert outcome.recorded.result() is None


async def test_recording_gives_up_before_the_lease_runs_out_so_that_no_second_worker_races_it() -> None:
    database = FlakyDatabase(failures=None)
    recorder, recorded = recorder_on(database)
    outcome = finished("d1", lease_seconds=2.5)

    await recorder.flush([outcome])

    with pytest.raises(OutcomeNotRecorded, match="delivered attempt will be made again"):
        outcome.recorded.result()
    # It stopped RECORD_SAFETY_SECONDS (2 s) before the lease's end, after trying more than once.
    assert datetime.now(UTC) < outcome.leased_until
    assert recorded == []
    assert database.tries > 1


async def test_an_outcome_whose_lease_ends_first_gives_up_alone_and_the_rest_of_its_batch_waits_on() -> None:
    database = FlakyDatabase(failures=6)
    recorder, recorded = recorder_on(database)
    short, long = finished("short", lease_seconds=2.5), finished("long")

    await recorder.flush([short, long])

    with pytest.raises(OutcomeNotRecorded):
        short.recorded.result()
    assert long.recorded.result() is None
    assert recorded == [["long"]]


async def test_an_error_that_is_not_an_outage_is_not_tried_again() -> None:
    class Broken(FlakyDatabase):
        @asynccontextmanager
        async def transaction(self) -> AsyncIterator[Any]:
            self.tries += 1
            raise ValueError("a bug")
            yield

    database = Broken(failures=None)
    recorder, _ = recorder_on(database)
    outcome = finished("d1")

    await recorder.flush([outcome])

    with pytest.raises(ValueError, match="a bug"):
        outcome.recorded.result()
    assert database.tries == 1


async def test_an_outcome_that_cannot_be_recorded_holds_back_none_of_its_batch() -> None:
    database = FlakyDatabase(failures=0)
    recorder, recorded = recorder_on(database, refusing="d2")
    batch = [finished(f"d{n}") for n in range(1, 4)]

    await recorder.flush(batch)

    # The batch failed as a whole, then each was recorded alone: only the one at fault was not.
    assert recorded == [["d1"], ["d3"]]
    assert batch[0].recorded.result() is None
    assert batch[2].recorded.result() is None
    with pytest.raises(ValueError, match="a bug recording d2"):
        batch[1].recorded.result()


async def test_outcomes_that_end_together_are_recorded_a_batch_to_a_transaction() -> None:
    database = FlakyDatabase(failures=0)
    recorder, recorded = recorder_on(database)
    running = asyncio.create_task(recorder.run())
    try:
        await asyncio.gather(*(recorder.record(finished(f"d{n}")) for n in range(40)))
    finally:
        running.cancel()

    # 40 outcomes in two transactions: a full batch of 32, then the 8 left.
    assert [len(batch) for batch in recorded] == [32, 8]
    assert database.tries == 2
    assert sorted(one for batch in recorded for one in batch) == sorted(f"d{n}" for n in range(40))


class StartingUp(Exception):
    """As asyncpg's CannotConnectNowError carries it: PostgreSQL is starting up."""

    sqlstate = "57P03"


class Duplicate(Exception):
    sqlstate = "23505"


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (ConnectionRefusedError(111, "refused"), True),
        (DBAPIError("COMMIT", {}, StartingUp("the database system is starting up")), True),
        (DBAPIError("SELECT 1", {}, Duplicate("duplicate key")), False),
        (ValueError("a bug"), False),
    ],
)
def test_a_database_restarting_or_unreachable_is_unavailable_and_a_failed_statement_is_not(
    error: Exception, unavailable: bool
) -> None:
    assert database_unavailable(error) is unavailable
