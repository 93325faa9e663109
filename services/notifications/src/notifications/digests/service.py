"""Use cases of digests: setting a subscription's digest, keeping what fan-out matched for it, sending a
due digest, and giving back what waited when the subscription goes back to a message per event. Never
commits: the request's, the consumer's or the scheduler's unit of work does.

The guarantee: an event a digest subscription matched is listed by exactly one digest (or, if the digest
is turned off first, sent on its own). It is kept in `digest_items` in the consumer's transaction,
once per subscription and event (the primary key); a digest takes, under the subscription's row lock,
the events waiting when it is taken, records one delivery of them and marks each as sent by it, in one
transaction. An event committed while a digest is taken is not among those it read, still waits, and
goes with the next one. Two schedulers cannot both take a digest: the second skips the locked row, and
once the first commits the row is no longer due. The digest's id is derived from the subscription and
the time it was due, so even a second one for the same time would be refused by the deliveries' unique
key.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.messaging.outbox import Outbox
from notifications.deliveries import repository as deliveries_repository
from notifications.deliveries import service as deliveries_service
from notifications.deliveries.domain import data_of
from notifications.digests import repository
from notifications.digests.domain import Digest, digest_of, refuse_for_channel
from notifications.models import NotifiedEvent, Subscription
from notifications.rendering import DigestEntry, render_digest
from notifications.subscriptions.domain import Matched

logger = log.get_logger(__name__)

# The kept event a digest's delivery sends. Never on the bus and never matched by filters: it is this
# service's own message, like a notice of a dead delivery.
DIGEST_EVENT_TYPE = "org.neacoop.notifications.digest.v1"
DIGEST_SOURCE = "notifications"
# Digests' ids: the same subscription and due time always give the same id.
DIGEST_NAMESPACE = uuid.UUID("5b0c5a52-7d0e-4f59-9f63-2c4a1e8d3b70")


# --- Setting a subscription's digest ----------------------------------------------------------------


async def set_digest(
    session: AsyncSession, outbox: Outbox, subscription: Subscription, digest: Digest | None, *, now: datetime
) -> None:
    """Gives the subscription its digest, due next at its time after `now`; with None, it is told of each
    event again, and what was waiting for its digest is sent at once, each event on its own."""
    if digest is None:
        if subscription.digest is not None:
            await send_waiting_one_by_one(session, outbox, subscription)
        subscription.digest = None
        subscription.digest_due_at = None
        return
    refuse_for_channel(subscription.channel)
    digest.check()
    subscription.digest = digest.model_dump(mode="json")
    subscription.digest_due_at = digest.next_after(now)


def reschedule(subscription: Subscription, *, now: datetime) -> None:
    """A subscription enabled again sends its next digest at its next time, not at once for every one
    it missed."""
    digest = digest_of(subscription.digest)
    if digest is not None:
        subscription.digest_due_at = digest.next_after(now)


async def send_waiting_one_by_one(session: AsyncSession, outbox: Outbox, subscription: Subscription) -> None:
    waiting = await repository.waiting_events(session, subscription.id)
    for event in waiting:
        message = deliveries_service.message_for(subscription, event.type, data_of(event), event.id)
        await deliveries_service.record_delivery(session, outbox, subscription, event, message)
        delivery = await deliveries_repository.delivery_of(session, subscription.id, event.id)
        assert delivery is not None
        await repository.mark_sent(session, subscription.id, [event.id], delivery.id)
    if waiting:
        logger.info(
            "digest turned off: waiting events sent", subscription_id=subscription.id, events=len(waiting)
        )


# --- Fan-out ----------------------------------------------------------------------------------------


async def keep_for_digests(
    session: AsyncSession, event: NotifiedEvent, matched: Sequence[Matched]
) -> list[Matched]:
    """Of the subscriptions that matched `event`, keeps it for the next digest of those that have one;
    the others, returned, are told of it on its own."""
    digested = await repository.digest_subscriptions(session, {subscription.id for subscription in matched})
    await repository.keep_for_digest(session, digested, event.id)
    return [subscription for subscription in matched if subscription.id not in digested]


# --- Sending ----------------------------------------------------------------------------------------


def digest_id_of(subscription_id: str, due_at: datetime) -> str:
    return str(uuid.uuid5(DIGEST_NAMESPACE, f"{subscription_id}@{due_at.isoformat()}"))


async def send_digest(
    session: AsyncSession, outbox: Outbox, subscription: Subscription, *, now: datetime
) -> int:
    """Sends the due digest of `subscription` (locked by the caller) and schedules the next one after
    `now`; returns how many events it listed (0: nothing waited, so nothing is sent)."""
    digest = digest_of(subscription.digest)
    due_at = subscription.digest_due_at
    assert digest is not None
    assert due_at is not None
    # After `now`, not after `due_at`: a scheduler that was down for days sends one digest, not one for
    # each time it missed.
    subscription.digest_due_at = digest.next_after(now)
    waiting = await repository.waiting_events(session, subscription.id)
    if not waiting:
        await session.flush()
        return 0
    kept = digest_event(subscription, digest, due_at, waiting)
    await deliveries_repository.store_event(session, kept)
    message = render_digest(
        digest.every,
        [
            DigestEntry(
                subject=deliveries_service.rendered(
                    event.type, data_of(event), subscription.language, event.id
                ).subject,
                occurred_at=event.occurred_at,
                event_id=event.id,
            )
            for event in waiting
        ],
        subscription.language,
        time_zone=digest.time_zone,
        until=due_at,
        digest_id=kept.id,
    )
    await deliveries_service.record_delivery(session, outbox, subscription, kept, message)
    delivery = await deliveries_repository.delivery_of(session, subscription.id, kept.id)
    assert delivery is not None
    marked = await repository.mark_sent(
        session, subscription.id, [event.id for event in waiting], delivery.id
    )
    logger.info(
        "digest recorded",
        subscription_id=subscription.id,
        delivery_id=delivery.id,
        events=marked,
        every=digest.every,
    )
    return marked


def digest_event(
    subscription: Subscription, digest: Digest, due_at: datetime, events: Sequence[NotifiedEvent]
) -> NotifiedEvent:
    """The digest as a kept event (structured CloudEvent), which its delivery sends and which says which
    events it listed."""
    digest_id = digest_id_of(subscription.id, due_at)
    return NotifiedEvent(
        id=digest_id,
        type=DIGEST_EVENT_TYPE,
        source=DIGEST_SOURCE,
        occurred_at=due_at,
        cloudevent={
            "specversion": "1.0",
            "id": digest_id,
            "source": DIGEST_SOURCE,
            "type": DIGEST_EVENT_TYPE,
            "subject": subscription.id,
            "time": due_at.isoformat(),
            "datacontenttype": "application/json",
            "data": {
                "subscription_id": subscription.id,
                "every": digest.every,
                "due_at": due_at.isoformat(),
                "event_ids": [event.id for event in events],
            },
        },
        facets={},
    )
