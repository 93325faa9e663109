"""Issue 15, item 3, on the real database and a real receiver: the dispatcher records the outcomes of
attempts that end together in one transaction, so many attempts take far fewer transactions, and each
outcome's event still continues its own attempt's trace; an outcome whose lease was lost before its
batch was recorded leaves the delivery to the worker that took it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import format_span_id, format_trace_id
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from common import tracing
from common.contracts import CATALOG, make_event
from common.contracts.notifications import DeliverySucceeded
from common.db import UnitOfWork
from common.messaging.outbox import Outbox
from common.messaging.tables import outbox
from common.testing.fixtures import eventually
from notifications.config import NotificationsSettings
from notifications.deliveries import fanout, repository
from notifications.deliveries.dispatcher import Dispatcher
from notifications.deliveries.outcomes import Finished, OutcomeRecorder, Result
from notifications.models import Delivery, Subscription
from support.notifications import Receiver, meeting_held, unique_code

pytestmark = pytest.mark.integration

SUCCEEDED = CATALOG.for_data_type(DeliverySucceeded).type


def webhook_subscription(url: str) -> Subscription:
    return Subscription(
        id=str(uuid.uuid4()),
        subscriber=unique_code(),
        created_by="admin",
        channel="webhook",
        url=url,
        secrets=[{"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "expires_at": None}],
        language="en",
        filters={"issue_areas": ["nuclear_safety"]},
    )


async def fanned_out(uow: UnitOfWork, urls: Sequence[str]) -> list[str]:
    """A meeting held, fanned out to a new webhook subscription per URL; its deliveries' ids."""
    async with uow.transaction() as session:
        session.add_all(webhook_subscription(url) for url in urls)
    data = meeting_held(areas=["nuclear_safety"], host=unique_code())
    _, held = make_event(data, service="meetings", subject=data.meeting.meeting_id)
    async with uow.transaction() as session:
        await fanout.notify(session, Outbox(service="notifications"), held, data)
        return list(await session.scalars(select(Delivery.id).where(Delivery.event_id == held.id)))


async def announced_successes(session: AsyncSession) -> dict[str, str]:
    """The deliveries announced as succeeded, each with the traceparent its event carries."""
    rows = await session.execute(
        select(outbox.c.subject, outbox.c.envelope).where(outbox.c.event_type == SUCCEEDED)
    )
    return {subject: envelope["traceparent"] for subject, envelope in rows.tuples()}


async def test_attempts_that_end_together_take_far_fewer_transactions_each_event_in_its_attempts_trace(
    notifications_settings: NotificationsSettings,
    engine: AsyncEngine,
    receiver: Receiver,
    recorded_spans: InMemorySpanExporter,
) -> None:
    attempts = 40
    paths = [f"/together/{n}" for n in range(attempts)]
    uow = UnitOfWork(engine)
    # As the consumer's process span of the event: the deliveries continue its trace.
    with tracing.tracer().start_as_current_span("process meetings.meeting.v1") as process:
        delivery_ids = await fanned_out(uow, [receiver.url(path) for path in paths])
    trace_id = format_trace_id(process.get_span_context().trace_id)
    # The receiver holds every webhook until all have arrived, then answers them at once: the attempts
    # end together, as a burst's do.
    arrived = 0
    all_arrived = asyncio.Event()

    async def hold() -> None:
        nonlocal arrived
        arrived += 1
        if arrived == attempts:
            all_arrived.set()
        await all_arrived.wait()

    for path in paths:
        receiver.before_answering(path, hold)
    dispatcher = Dispatcher(notifications_settings, uow, Outbox(service="notifications"))
    transactions: list[int] = []
    record_all = dispatcher.outcomes.record_all

    async def counted(session: AsyncSession, batch: Sequence[Finished]) -> None:
        transactions.append(len(batch))
        await record_all(session, batch)

    dispatcher.outcomes.record_all = counted  # type: ignore[method-assign]
    dispatching = asyncio.create_task(dispatcher.run())
    try:

        async def all_delivered() -> bool:
            async with uow.transaction() as session:
                delivered = await session.scalar(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.id.in_(delivery_ids), Delivery.status == "delivered")
                )
            return delivered == attempts

        await eventually(all_delivered, timeout=30, what=f"{attempts} webhooks delivered and recorded")
    finally:
        dispatching.cancel()
        await asyncio.gather(dispatching, return_exceptions=True)

    assert sum(transactions) == attempts
    assert len(transactions) <= attempts // 5, f"{attempts} outcomes in {len(transactions)} transactions"
    async with uow.transaction() as session:
        announced = await announced_successes(session)
    assert sorted(announced) == sorted(delivery_ids)
    # Each delivery's succeeded event is a child of its own attempt's send span, in the event's trace.
    sends = {
        span.attributes["neacoop.delivery.id"]: span
        for span in recorded_spans.get_finished_spans()
        if span.name == "send webhook" and span.attributes is not None
    }
    for delivery_id, traceparent in announced.items():
        _, in_trace, parent, _ = traceparent.split("-")
        send = sends[delivery_id].context
        assert send is not None
        assert (in_trace, parent) == (trace_id, format_span_id(send.span_id)), delivery_id


async def test_an_outcome_whose_lease_was_lost_before_its_batch_was_recorded_leaves_the_delivery_to_its_taker(
    notifications_settings: NotificationsSettings, engine: AsyncEngine
) -> None:
    uow = UnitOfWork(engine)
    lost, kept = await fanned_out(uow, ["https://partner.example/lost", "https://partner.example/kept"])
    started, lease = datetime.now(UTC), timedelta(minutes=1)
    async with uow.transaction() as session:
        claimed = await repository.claim_due(session, now=started, lease=lease, limit=10, per_endpoint=5)
    assert {held.delivery_id for held in claimed} == {lost, kept}
    # Both leases run out before the outcomes are recorded; another worker leases one of the deliveries
    # again meanwhile (the other waits for a worker).
    async with uow.transaction() as session:
        retaken = await repository.claim_due(
            session, now=started + 2 * lease, lease=lease, limit=10, per_endpoint=5, excluding=[kept]
        )
    assert [held.delivery_id for held in retaken] == [lost]
    recorder = OutcomeRecorder(notifications_settings, uow, Outbox(service="notifications"))
    outcomes = [
        Finished(
            delivery_id,
            Result("delivered", status_code=200, duration_ms=5),
            attempted_at=started,
            leased_until=started + lease,
        )
        for delivery_id in (lost, kept)
    ]

    await recorder.flush(outcomes)

    assert [outcome.recorded.result() for outcome in outcomes] == [None, None]
    async with uow.transaction() as session:
        taken = await repository.delivery(session, lost)
        left = await repository.delivery(session, kept)
        history = await repository.attempts_of(session, lost)
        announced = await announced_successes(session)
    assert taken is not None
    assert left is not None
    # The delivery whose lease was lost is the other worker's, as it leased it: only its log has the
    # attempt, which did happen.
    assert (taken.status, taken.attempts, taken.next_attempt_at) == ("pending", 0, started + 3 * lease)
    assert [(attempt.outcome, attempt.status_code) for attempt in history] == [("delivered", 200)]
    # Recorded late is still true where no one took the delivery since.
    assert (left.status, left.attempts) == ("delivered", 1)
    assert list(announced) == [kept]
