"""Use cases of deliveries: recording one (for fan-out, a replay, or a dead delivery's notice to the
subscriber's other channels), storing it in an inbox, replaying a subscription, redelivering. Never
commits: the request's or the consumer's unit of work does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.auth import Principal
from common.contracts import EventData
from common.contracts.notifications import DeliverySucceeded
from common.errors import Conflict, NotFound
from common.messaging.consumer import Unprocessable
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from notifications.deliveries import repository, telemetry
from notifications.deliveries.domain import check_move, data_of, new_delivery, notified_event, replayed_to
from notifications.deliveries.schemas import ReplayRead
from notifications.inbox import repository as inbox_repository
from notifications.models import Delivery, InboxItem, NotifiedEvent, Subscription
from notifications.rendering import RENDERED_EVENT_TYPES, CannotRender, Rendered, render_event
from notifications.state import delivery_state
from notifications.subscriptions import repository as subscriptions_repository
from notifications.subscriptions.domain import Recipient, may_manage


def rendered(event_type: str, data: EventData, language: str, event_id: str) -> Rendered:
    try:
        return render_event(data, language, event_id=event_id)
    except CannotRender as error:
        raise Unprocessable(f"cannot render {event_type} in {language}: {error}") from error


def message_for(
    subscription: Recipient | Subscription, event_type: str, data: EventData, event_id: str
) -> Rendered | None:
    """What an email or inbox subscription is told, in its language; a webhook sends the event itself."""
    if subscription.channel == "webhook":
        return None
    return rendered(event_type, data, subscription.language, event_id)


async def record_delivery(
    session: AsyncSession,
    outbox: Outbox,
    subscription: Subscription,
    event: NotifiedEvent,
    message: Rendered | None,
) -> bool:
    """One delivery of `event` to `subscription`, unless it has one already (a re-delivered event, or a
    replay); returns whether it was recorded. An inbox's is delivered at once."""
    return await record_deliveries(session, outbox, event, [(subscription, message)]) == 1


async def record_deliveries(
    session: AsyncSession,
    outbox: Outbox,
    event: NotifiedEvent,
    recipients: Sequence[tuple[Recipient | Subscription, Rendered | None]],
) -> int:
    """A delivery of `event` to each subscription, with its message, unless it has one already, all in
    one statement; returns how many were recorded. The inboxes' are delivered at once. Recording them
    wakes the dispatcher when the transaction commits (the deliveries table's trigger).

    Each delivery keeps the current span's traceparent (the consumer's process span of the event, a
    replay's request): its sends continue that trace."""
    now = datetime.now(UTC)
    traceparent = tracing.current_traceparent()
    rows = [
        new_delivery(subscription, event, message, now=now, traceparent=traceparent)
        for subscription, message in recipients
    ]
    recorded = await repository.insert_deliveries(session, rows)
    inboxes = [row for row in rows if row["channel"] == "inbox" and row["id"] in recorded]
    if inboxes:
        subscriptions = {
            s.id: s
            for s in await subscriptions_repository.subscriptions_of(
                session, {row["subscription_id"] for row in inboxes}
            )
        }
        for delivery in await repository.deliveries_locked(session, [row["id"] for row in inboxes]):
            subscription = subscriptions[delivery.subscription_id]
            await deliver_to_inbox(session, outbox, subscription, delivery, occurred_at=event.occurred_at)
    return len(recorded)


async def deliver_to_inbox(
    session: AsyncSession,
    outbox: Outbox,
    subscription: Subscription,
    delivery: Delivery,
    *,
    occurred_at: datetime,
) -> None:
    now = datetime.now(UTC)
    inbox_repository.add(
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
    check_move(delivery.status, "delivered")
    delivery.status = "delivered"
    delivery.attempts += 1
    delivery.delivered_at = now
    delivery.next_attempt_at = None
    delivery.version += 1
    telemetry.count_after_commit(
        session, delivery, announced_at=telemetry.latency_origin(occurred_at, delivery), now=now
    )
    await session.flush()
    await outbox.record(
        session,
        DeliverySucceeded(delivery=delivery_state(delivery, subscription), delivered_at=now),
        subject=delivery.id,
    )


async def tell_other_channels(
    session: AsyncSession, outbox: Outbox, subscription: Subscription, notice: CloudEvent, data: EventData
) -> None:
    """A dead delivery of `subscription` is told to its subscriber's other channels (issue 6, item 3),
    through their own deliveries. No facets: filters never match a notice; only the subscriber's own
    channels get it."""
    kept = notified_event(notice, {})
    await repository.store_event(session, kept)
    others = await subscriptions_repository.other_channels(session, subscription)
    recipients = [(other, message_for(other, notice.type, data, notice.id)) for other in others]
    await record_deliveries(session, outbox, kept, recipients)


async def replay(
    session: AsyncSession, outbox: Outbox, subscription: Subscription, since: datetime
) -> ReplayRead:
    """Sends again what the subscription's filters accept among the events since `since`: a delivery it
    already had is redelivered, one it lacked (it did not exist yet, or its filters were narrower) is
    recorded."""
    if not subscription.active:
        raise Conflict("the subscription is disabled: enable it first", field="active")
    matched = recorded = redelivered = 0
    for event in await repository.events_since(session, since):
        if event.type not in RENDERED_EVENT_TYPES or not replayed_to(subscription, event):
            continue
        matched += 1
        existing = await repository.delivery_of(session, subscription.id, event.id)
        if existing is None:
            # A kept event is JSON: its data is read back into its model only when it is to be rendered.
            message = (
                None
                if subscription.channel == "webhook"
                else rendered(event.type, data_of(event), subscription.language, event.id)
            )
            recorded += await record_delivery(session, outbox, subscription, event, message)
        elif existing.channel != "inbox":  # an inbox keeps what it received: nothing to send again
            reset(existing)
            redelivered += 1
    await session.flush()
    return ReplayRead(matched=matched, recorded=recorded, redelivered=redelivered)


def reset(delivery: Delivery) -> None:
    """Due again at once, with a fresh schedule; its attempts so far stay in its log."""
    check_move(delivery.status, "pending")
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = datetime.now(UTC)
    delivery.version += 1


async def visible_delivery(session: AsyncSession, principal: Principal, delivery_id: str) -> Delivery:
    delivery = await repository.delivery(session, delivery_id, lock=True)
    if delivery is not None:
        subscription = await subscriptions_repository.subscription(session, delivery.subscription_id)
        if subscription is not None and may_manage(principal, subscription):
            return delivery
    raise NotFound(f"no delivery {delivery_id}", field="id")


async def redeliver(session: AsyncSession, delivery: Delivery) -> Delivery:
    """Sends a delivery again (a dead one, typically), with the same id."""
    subscription = await subscriptions_repository.subscription(session, delivery.subscription_id)
    if subscription is None or not subscription.active:
        raise Conflict("the subscription is disabled: enable it first", field="subscription_id")
    if delivery.channel == "inbox":
        raise Conflict("an inbox notification is stored, not sent: there is nothing to redeliver", field="id")
    reset(delivery)
    await session.flush()
    return delivery
