"""Every query of digests: the subscriptions that have one, the events waiting for them, and the
subscriptions whose digest is due."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import DigestItem, NotifiedEvent, Subscription


async def digest_subscriptions(session: AsyncSession, subscription_ids: Collection[str]) -> set[str]:
    """Those of `subscription_ids` that have a digest.

    Read with FOR KEY SHARE: a change of the subscription's digest (which locks it FOR UPDATE) waits for
    this transaction, or this one reads the changed row; so an event is never kept for a digest that was
    just turned off, nor delivered on its own to one just turned on. The digest scheduler's lock
    (FOR NO KEY UPDATE) does not conflict with it (https://www.postgresql.org/docs/current/explicit-locking.html#ROW-LOCK-COMPATIBILITY).
    """
    if not subscription_ids:
        return set()
    query = (
        select(Subscription.id)
        .where(Subscription.id.in_(list(subscription_ids)), Subscription.digest.is_not(None))
        .with_for_update(read=True, key_share=True)
    )
    return set(await session.scalars(query))


async def keep_for_digest(session: AsyncSession, subscription_ids: Collection[str], event_id: str) -> int:
    """Keeps the event for each subscription's next digest, once (a re-delivered event is there
    already); how many were kept."""
    if not subscription_ids:
        return 0
    rows = [
        {"subscription_id": subscription_id, "event_id": event_id} for subscription_id in subscription_ids
    ]
    result = await session.execute(
        insert(DigestItem).on_conflict_do_nothing().returning(DigestItem.subscription_id), rows
    )
    return len(result.all())


async def due_subscription_ids(
    session: AsyncSession, now: datetime, limit: int, *, excluding: Collection[str] = ()
) -> list[str]:
    """Subscriptions whose digest is due at `now`, longest due first; read without locks."""
    query = select(Subscription.id).where(Subscription.digest_due_at <= now, Subscription.active.is_(True))
    if excluding:
        query = query.where(Subscription.id.not_in(list(excluding)))
    query = query.order_by(Subscription.digest_due_at, Subscription.id).limit(limit)
    return list(await session.scalars(query))


async def due_subscription_locked(
    session: AsyncSession, subscription_id: str, now: datetime
) -> Subscription | None:
    """The subscription, locked for this transaction, if its digest is still due; None if another
    scheduler holds it or has sent it meanwhile (PostgreSQL checks the conditions again on the newest row
    version once it has the lock)."""
    query = (
        select(Subscription)
        .where(
            Subscription.id == subscription_id,
            Subscription.digest.is_not(None),
            Subscription.digest_due_at <= now,
            Subscription.active.is_(True),
        )
        .with_for_update(key_share=True, skip_locked=True)
        .execution_options(populate_existing=True)
    )
    found: Subscription | None = await session.scalar(query)
    return found


async def waiting_events(session: AsyncSession, subscription_id: str) -> list[NotifiedEvent]:
    """The events kept for the subscription's next digest, in the order they happened. What a consumer
    commits after this reads waits for the digest after."""
    query = (
        select(NotifiedEvent)
        .join(DigestItem, DigestItem.event_id == NotifiedEvent.id)
        .where(DigestItem.subscription_id == subscription_id, DigestItem.delivery_id.is_(None))
        .order_by(NotifiedEvent.occurred_at, NotifiedEvent.id)
    )
    return list(await session.scalars(query))


async def mark_sent(
    session: AsyncSession, subscription_id: str, event_ids: Collection[str], delivery_id: str
) -> int:
    """Marks the events as sent by `delivery_id`; how many were still waiting."""
    result = await session.execute(
        update(DigestItem)
        .where(
            DigestItem.subscription_id == subscription_id,
            DigestItem.event_id.in_(list(event_ids)),
            DigestItem.delivery_id.is_(None),
        )
        .values(delivery_id=delivery_id)
        .returning(DigestItem.event_id)
    )
    return len(result.all())
