"""A webhook's outcome is recorded even when the database goes away just after the endpoint answered
(issue 12, failure 6: after a PostgreSQL restart, 5 webhooks answered 2xx were sent again)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from common.messaging.outbox import Outbox
from common.testing.fixtures import eventually
from common.testing.infrastructure import Infrastructure
from notifications.config import NotificationsSettings
from notifications.deliveries.dispatcher import Dispatcher, OutcomeNotRecorded, Result, database_unavailable
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


def dispatcher_on(database: FlakyDatabase) -> tuple[Dispatcher, list[str]]:
    settings = NotificationsSettings(database_url="postgresql+asyncpg://n:pw@db:5432/n")
    uow: Any = database
    dispatcher = Dispatcher(settings, uow, Outbox(service="notifications"))
    recorded: list[str] = []

    async def record(session: Any, delivery_id: str, result: Result, at: datetime) -> None:
        recorded.append(delivery_id)

    dispatcher.record = record  # type: ignore[method-assign]
    return dispatcher, recorded


async def test_an_outcome_is_recorded_on_the_first_try_that_finds_the_database() -> None:
    database = FlakyDatabase(failures=3)
    dispatcher, recorded = dispatcher_on(database)
    leased_until = datetime.now(UTC) + timedelta(seconds=30)

    await dispatcher.record_before(
        leased_until, "d1", Result("delivered", status_code=200), datetime.now(UTC)
    )

    assert (recorded, database.tries) == (["d1"], 4)


async def test_recording_gives_up_before_the_lease_runs_out_so_that_no_second_worker_races_it() -> None:
    database = FlakyDatabase(failures=None)
    dispatcher, recorded = dispatcher_on(database)
    leased_until = datetime.now(UTC) + timedelta(seconds=2.5)

    with pytest.raises(OutcomeNotRecorded, match="delivered attempt will be made again"):
        await dispatcher.record_before(
            leased_until, "d1", Result("delivered", status_code=200), datetime.now(UTC)
        )

    # It stopped RECORD_SAFETY_SECONDS (2 s) before the lease's end, after trying more than once.
    assert datetime.now(UTC) < leased_until
    assert recorded == []
    assert database.tries > 1


async def test_an_error_that_is_not_an_outage_is_not_tried_again() -> None:
    class Broken(FlakyDatabase):
        @asynccontextmanager
        async def transaction(self) -> AsyncIterator[Any]:
            self.tries += 1
            raise ValueError("a bug")
            yield

    database = Broken(failures=None)
    dispatcher, _ = dispatcher_on(database)

    with pytest.raises(ValueError, match="a bug"):
        await dispatcher.record_before(
            datetime.now(UTC) + timedelta(seconds=30), "d1", Result("delivered"), datetime.now(UTC)
        )
    assert database.tries == 1


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
