"""Fair delivery (issue 12, failure 4): one subscriber's failing, hanging or backed-up endpoint holds back
no other subscription, not even one on the same host; circuits and concurrency are per endpoint URL."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from common.db import UnitOfWork
from common.testing.fixtures import eventually
from notifications.config import NotificationsSettings
from notifications.deliveries import repository
from notifications.models import Delivery, NotifiedEvent, Subscription
from support.notifications import (
    HELD,
    STAGE_ADVANCED,
    OthersOnTheBus,
    Receiver,
    deliveries,
    delivery,
    delivery_reaching,
    meeting_held,
    running,
    stage_advanced,
    start_group_at_end,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration


async def test_a_subscription_sharing_a_host_with_a_failing_one_gets_all_its_deliveries_promptly(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    # Once /down has failed twice its circuit stays open for ten minutes.
    settings = notifications_settings.model_copy(
        update={"webhook_circuit_failures": 2, "webhook_circuit_open_seconds": 600}
    )
    receiver.answer("/down", 500)
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as app:
        await bus.member(host)
        partner = await bus.partner(host)
        down = await subscribe(app, webhook(receiver.url("/down")), partner.headers)
        healthy = await subscribe(app, webhook(receiver.url("/up")), partner.headers)
        first = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def deferred() -> dict[str, Any] | None:
            [found] = await deliveries(app, partner.headers, subscription=down["id"], event=first.id)
            read = await delivery(app, found["id"], partner.headers)
            return read if any(a["outcome"] == "deferred" for a in read["attempt_log"]) else None

        await eventually(deferred, what="the failing endpoint's circuit open")
        events = [await bus.held(meeting_held(areas=["nuclear_safety"], host=host)) for _ in range(8)]
        sent = [
            await delivery_reaching(
                app,
                partner.headers,
                subscription=healthy["id"],
                event=event.id,
                status="delivered",
                timeout=5,
            )
            for event in events
        ]

    assert [d["attempts"] for d in sent] == [1] * 8
    assert len(receiver.to("/up")) == 9
    # The failing endpoint was not called while its circuit was open.
    assert len(receiver.to("/down")) == 2


async def test_an_endpoint_that_hangs_holds_no_more_than_its_share_of_the_dispatchers_batch(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    # A circuit that would take long to open, so that only the per-endpoint limit keeps the batch free.
    settings = notifications_settings.model_copy(
        update={
            "delivery_batch_size": 4,
            "delivery_endpoint_concurrency": 2,
            "webhook_timeout_seconds": 20,
            "webhook_circuit_failures": 100,
        }
    )
    receiver.hang("/stuck", times=100)
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as app:
        await bus.member(host)
        partner = await bus.partner(host)
        await subscribe(app, webhook(receiver.url("/stuck"), event_types=[HELD]), partner.headers)
        for _ in range(6):
            await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def stuck() -> bool:
            return len(receiver.to("/stuck")) >= 2

        await eventually(stuck, what="the hanging endpoint holding its deliveries")
        served = await subscribe(
            app, webhook(receiver.url("/up"), event_types=[STAGE_ADVANCED]), partner.headers
        )
        event = await bus.advanced(stage_advanced("nuclear_safety"))
        # Well within the 20 s the hanging endpoint holds each attempt.
        sent = await delivery_reaching(
            app, partner.headers, subscription=served["id"], event=event.id, status="delivered", timeout=5
        )
        assert len(receiver.to("/stuck")) == 2

    assert sent["attempts"] == 1


async def backlog(uow: UnitOfWork, due: dict[str, int], *, since: datetime) -> dict[str, str]:
    """Subscriptions with `due[url]` deliveries due each, the first URL's the oldest; their ids by URL."""
    ids = {url: str(uuid.uuid4()) for url in due}
    async with uow.transaction() as session:
        for url, subscription_id in ids.items():
            channel = "email" if url.startswith("mailto:") else "webhook"
            session.add(
                Subscription(
                    id=subscription_id,
                    subscriber="cl_test",
                    created_by="cl_test",
                    channel=channel,
                    url=url if channel == "webhook" else None,
                    email=url.removeprefix("mailto:") if channel == "email" else None,
                    language="en",
                    filters={},
                )
            )
        await session.flush()
        for index, (url, count) in enumerate(due.items()):
            for n in range(count):
                event_id = str(uuid.uuid4())
                session.add(
                    NotifiedEvent(
                        id=event_id, type=HELD, source="meetings", occurred_at=since, cloudevent={}, facets={}
                    )
                )
                await session.flush()
                session.add(
                    Delivery(
                        id=str(uuid.uuid4()),
                        subscription_id=ids[url],
                        event_id=event_id,
                        event_type=HELD,
                        channel="email" if url.startswith("mailto:") else "webhook",
                        status="pending",
                        next_attempt_at=since + timedelta(seconds=index * 100 + n),
                    )
                )
    return ids


async def test_due_deliveries_are_leased_round_robin_across_endpoints_so_an_old_backlog_starves_no_one(
    engine: AsyncEngine,
) -> None:
    uow = UnitOfWork(engine)
    since = datetime.now(UTC) - timedelta(hours=1)
    # A subscriber with 40 deliveries waiting since before the others had any.
    await backlog(
        uow,
        {"https://a.example/backlog": 40, "https://a.example/fresh": 2, "mailto:desk@mofa.example": 1},
        since=since,
    )

    async with uow.transaction() as session:
        first = await repository.claim_due(
            session, now=datetime.now(UTC), lease=timedelta(minutes=1), limit=5, per_endpoint=3
        )
    async with uow.transaction() as session:
        # This worker still has two attempts in flight to the backlog's endpoint: it may take one more.
        second = await repository.claim_due(
            session,
            now=datetime.now(UTC),
            lease=timedelta(minutes=1),
            limit=10,
            per_endpoint=3,
            in_flight={"https://a.example/backlog": 2},
        )

    assert Counter(c.endpoint for c in first) == {
        "https://a.example/backlog": 2,
        "https://a.example/fresh": 2,
        "mailto:desk@mofa.example": 1,
    }
    assert Counter(c.endpoint for c in second) == {"https://a.example/backlog": 1}
    assert not {c.delivery_id for c in first} & {c.delivery_id for c in second}


async def test_a_delivery_this_worker_is_still_busy_with_is_not_leased_again(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    await backlog(uow, {"https://a.example/hook": 1}, since=datetime.now(UTC) - timedelta(minutes=5))
    async with uow.transaction() as session:
        [busy] = await repository.claim_due(
            session, now=datetime.now(UTC), lease=timedelta(seconds=0), limit=5, per_endpoint=3
        )
    # Its lease has run out (here at once), and it is due again: still, it is this worker's.
    async with uow.transaction() as session:
        again = await repository.claim_due(
            session,
            now=datetime.now(UTC),
            lease=timedelta(minutes=1),
            limit=5,
            per_endpoint=3,
            excluding=[busy.delivery_id],
        )

    assert again == []
