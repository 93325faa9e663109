"""Fan-out: an event of another service becomes one delivery per matching subscription, recorded in the
consumer's transaction before anything is sent (issue 6, item 2). The dispatcher sends them afterwards.

Email and inbox notifications are rendered here, in each subscription's language, so that an event that
cannot be rendered is dead-lettered with the reason instead of failing later one delivery at a time.
The inbox channel needs no sending: its item is stored and the delivery is delivered at once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.notifications import DeliverySucceeded
from common.messaging.consumer import Unprocessable
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from notifications import repository
from notifications.domain import facets_of, matching
from notifications.models import Delivery, InboxItem, NotifiedEvent, Subscription
from notifications.rendering import CannotRender, Rendered, render
from notifications.state import delivery_state

logger = log.get_logger(__name__)


def rendered(event_type: str, data: dict[str, Any], language: str, event_id: str) -> Rendered:
    try:
        return render(event_type, data, language, event_id=event_id)
    except CannotRender as error:
        raise Unprocessable(f"cannot render {event_type} in {language}: {error}") from error


def notified_event(event: CloudEvent, facets: dict[str, list[str]]) -> NotifiedEvent:
    """The event as kept: the whole CloudEvent (structured mode, the webhook body) and its facets."""
    return NotifiedEvent(
        id=event.id,
        type=event.type,
        source=event.source,
        occurred_at=event.time,
        cloudevent=event.model_dump(mode="json", exclude_none=True),
        facets=facets,
    )


async def notify(session: AsyncSession, outbox: Outbox, event: CloudEvent) -> None:
    """Stores the event and records a delivery for each active subscription whose filters accept it."""
    rendered(event.type, event.data, "en", event.id)
    notified = notified_event(event, facets_of(event.type, event.data))
    await repository.store_event(session, notified)
    subscriptions = matching(await repository.active_subscriptions(session), event.type, notified.facets)
    recorded = 0
    for subscription in subscriptions:
        recorded += await record_delivery(session, outbox, subscription, notified)
    logger.info("event fanned out", event_id=event.id, type=event.type, deliveries=recorded)


async def record_delivery(
    session: AsyncSession, outbox: Outbox, subscription: Subscription, event: NotifiedEvent
) -> bool:
    """One delivery of `event` to `subscription`, unless it has one already (a re-delivered event, or a
    replay); returns whether it was recorded."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "subscription_id": subscription.id,
        "event_id": event.id,
        "event_type": event.type,
        "channel": subscription.channel,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "version": 1,
    }
    if subscription.channel != "webhook":
        text = rendered(event.type, event.cloudevent.get("data", {}), subscription.language, event.id)
        values |= {"subject": text.subject, "text": text.text, "html": text.html, "language": text.language}
    if not await repository.insert_delivery(session, values):
        return False
    if subscription.channel == "inbox":
        delivery = await repository.delivery(session, values["id"], lock=True)
        assert delivery is not None
        await deliver_to_inbox(session, outbox, subscription, delivery)
    return True


async def deliver_to_inbox(
    session: AsyncSession, outbox: Outbox, subscription: Subscription, delivery: Delivery
) -> None:
    now = datetime.now(UTC)
    repository.add(
        session,
        InboxItem(
            delivery_id=delivery.id,
            subscriber=subscription.subscriber,
            subscription_id=subscription.id,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            subject=delivery.subject or "",
            text=delivery.text or "",
            html=delivery.html or "",
            language=delivery.language or subscription.language,
        ),
    )
    delivery.status = "delivered"
    delivery.attempts += 1
    delivery.delivered_at = now
    delivery.next_attempt_at = None
    delivery.version += 1
    await session.flush()
    await outbox.record(
        session,
        DeliverySucceeded(delivery=delivery_state(delivery, subscription), delivered_at=now),
        subject=delivery.id,
    )
