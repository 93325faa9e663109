"""Issue 15, item 3: fan-out records an event's deliveries in a number of statements that does not grow
with its subscriptions, and the dispatcher is woken by their commit (LISTEN/NOTIFY), not by its poll: with
the poll set to 30 s, webhooks arrive within seconds, a batch's worth and more."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts import make_event
from common.db import UnitOfWork
from common.messaging.outbox import Outbox
from common.testing.fixtures import eventually
from notifications.config import NotificationsSettings
from notifications.deliveries import fanout
from notifications.models import Delivery, Subscription
from support.notifications import (
    OthersOnTheBus,
    Receiver,
    meeting_held,
    running,
    start_group_at_end,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration

# The poll the dispatcher would otherwise wait for: far longer than any test here waits.
SLOW_POLL_SECONDS = 30.0


@contextmanager
def statements_on(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements `engine` sends to PostgreSQL meanwhile, a page of a multi-row insert each."""
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


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


async def fanned_out(engine: AsyncEngine, subscriptions: int) -> tuple[int, int]:
    """Fans one meeting held out to `subscriptions` new webhook subscriptions (and an unrelated one);
    the statements it took, and the deliveries it recorded."""
    uow = UnitOfWork(engine)
    async with uow.transaction() as session:
        session.add_all(webhook_subscription(f"https://partner.example/{n}") for n in range(subscriptions))
        unrelated = webhook_subscription("https://partner.example/energy")
        unrelated.filters = {"issue_areas": ["energy_security"]}
        session.add(unrelated)
    data = meeting_held(areas=["nuclear_safety"], host=unique_code())
    _, held = make_event(data, service="meetings", subject=data.meeting.meeting_id)
    with statements_on(engine) as sent:
        async with uow.transaction() as session:
            await fanout.notify(session, Outbox(service="notifications"), held, data)
    async with uow.transaction() as session:
        recorded = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.event_id == held.id)
        )
    return len(sent), recorded or 0


async def test_fanning_an_event_out_to_many_subscriptions_takes_as_many_statements_as_to_a_few(
    engine: AsyncEngine,
) -> None:
    few, to_few = await fanned_out(engine, 3)
    many, to_many = await fanned_out(engine, 600)

    assert (to_few, to_many) == (3, 603)  # the second event matches the first three subscriptions too
    assert many == few


async def test_a_webhook_is_sent_on_the_commit_that_recorded_it_not_at_the_next_poll(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    settings = notifications_settings.model_copy(update={"delivery_poll_interval_seconds": SLOW_POLL_SECONDS})
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as app:
        await bus.member(host)
        partner = await bus.partner(host)
        await subscribe(app, webhook(receiver.url("/woken")), partner.headers)

        started = time.monotonic()
        await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def sent() -> bool:
            return bool(receiver.to("/woken"))

        await eventually(sent, timeout=8, what="the webhook, before the 30 s poll")
        assert time.monotonic() - started < SLOW_POLL_SECONDS / 3


async def test_more_deliveries_than_a_batch_are_sent_as_room_frees_up_not_a_batch_per_poll(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    settings = notifications_settings.model_copy(
        update={"delivery_poll_interval_seconds": SLOW_POLL_SECONDS, "delivery_batch_size": 4}
    )
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as app:
        await bus.member(host)
        partner = await bus.partner(host)
        paths = [f"/batch/{n}" for n in range(20)]
        for path in paths:
            await subscribe(app, webhook(receiver.url(path)), partner.headers)

        await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def all_sent() -> bool:
            return all(receiver.to(path) for path in paths)

        await eventually(all_sent, timeout=15, what="five batches' worth of webhooks, before the 30 s poll")
        assert all(len(receiver.to(path)) == 1 for path in paths)


async def test_deliveries_to_one_endpoint_beyond_its_cap_follow_one_another_without_waiting_for_the_poll(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    settings = notifications_settings.model_copy(
        update={"delivery_poll_interval_seconds": SLOW_POLL_SECONDS, "delivery_endpoint_concurrency": 2}
    )
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as app:
        await bus.member(host)
        partner = await bus.partner(host)
        for _ in range(10):
            await subscribe(app, webhook(receiver.url("/one")), partner.headers)

        await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def all_sent() -> bool:
            return len(receiver.to("/one")) >= 10

        await eventually(all_sent, timeout=15, what="ten webhooks to one endpoint, two at a time")
        assert len({request.headers["webhook-id"] for request in receiver.to("/one")}) == 10
