"""Every query of the events notified, their deliveries and the attempts of those. Pages fetch one row
more than asked: its presence says there is a next page."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, case, func, literal, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.deliveries.domain import OPEN
from notifications.models import Delivery, DeliveryAttempt, NotifiedEvent, Subscription


def table_of(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# Notified (by the deliveries table's triggers, migration 0007) when a transaction that recorded a delivery,
# or made one pending again, commits: the dispatcher listens on it.
DELIVERIES_CHANNEL = "neacoop_deliveries"


# --- Events and deliveries --------------------------------------------------------------------------


async def store_event(session: AsyncSession, event: NotifiedEvent) -> None:
    """Keeps the event once: a re-delivered event is already there."""
    values = {
        "id": event.id,
        "type": event.type,
        "source": event.source,
        "occurred_at": event.occurred_at,
        "cloudevent": event.cloudevent,
        "facets": event.facets,
    }
    await session.execute(insert(table_of(NotifiedEvent)).values(**values).on_conflict_do_nothing())


async def event(session: AsyncSession, event_id: str) -> NotifiedEvent | None:
    return await session.get(NotifiedEvent, event_id)


async def occurrences(session: AsyncSession, event_ids: Collection[str]) -> dict[str, datetime]:
    """When each event happened, as its source said (a delivery's event is always kept)."""
    query = select(NotifiedEvent.id, NotifiedEvent.occurred_at).where(NotifiedEvent.id.in_(list(event_ids)))
    return {event_id: occurred_at for event_id, occurred_at in (await session.execute(query)).tuples()}


async def events_since(session: AsyncSession, since: datetime) -> list[NotifiedEvent]:
    query = (
        select(NotifiedEvent).where(NotifiedEvent.occurred_at >= since).order_by(NotifiedEvent.occurred_at)
    )
    return list(await session.scalars(query))


async def insert_deliveries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Records each delivery unless its subscription already has one for the event; the ids recorded.

    One statement for them all: SQLAlchemy sends the rows as multi-row VALUES ("insertmanyvalues"), in
    pages only as large as the driver's parameter limit allows, RETURNING included
    (https://docs.sqlalchemy.org/en/20/core/connections.html#engine-insertmanyvalues)."""
    if not rows:
        return set()
    table = table_of(Delivery)
    result = await session.execute(
        insert(table)
        .on_conflict_do_nothing(index_elements=["subscription_id", "event_id"])
        .returning(table.c.id),
        list(rows),
    )
    return set(result.scalars())


async def delivery(session: AsyncSession, delivery_id: str, *, lock: bool = False) -> Delivery | None:
    query = select(Delivery).where(Delivery.id == delivery_id)
    if lock:
        query = query.with_for_update()
    found: Delivery | None = await session.scalar(query.execution_options(populate_existing=True))
    return found


async def deliveries_locked(session: AsyncSession, delivery_ids: Collection[str]) -> list[Delivery]:
    query = select(Delivery).where(Delivery.id.in_(list(delivery_ids))).order_by(Delivery.id)
    return list(await session.scalars(query.with_for_update().execution_options(populate_existing=True)))


async def delivery_of(session: AsyncSession, subscription_id: str, event_id: str) -> Delivery | None:
    query = select(Delivery).where(Delivery.subscription_id == subscription_id, Delivery.event_id == event_id)
    found: Delivery | None = await session.scalar(query.with_for_update())
    return found


def endpoint_key() -> ColumnElement[str]:
    """Where a subscription's deliveries go: its webhook URL (the circuit breaker's key too), its email
    address, or (an inbox, which is never leased) the subscription itself."""
    return func.coalesce(Subscription.url, literal("mailto:") + Subscription.email, Subscription.id)


@dataclass(frozen=True)
class Claimed:
    delivery_id: str
    endpoint: str


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
    per_endpoint: int,
    in_flight: Mapping[str, int] | None = None,
    excluding: Collection[str] = (),
) -> list[Claimed]:
    """Due deliveries, leased to this worker: their `next_attempt_at` moves to the end of the lease, so
    another worker (or this one after a crash) takes them only once the lease has run out.

    Fair across endpoints: each endpoint's due deliveries are ranked oldest first and taken round-robin
    (every endpoint's first, then every endpoint's second...), at most `per_endpoint` less what this
    worker already has `in_flight` to it; so a backlog or a hanging endpoint never fills the batch while
    another endpoint waits. `excluding` are deliveries this worker is still busy with (recording an
    outcome after its lease ran out), never taken twice.
    """
    endpoint = endpoint_key()
    ranked = (
        select(
            Delivery.id,
            Delivery.next_attempt_at,
            endpoint.label("endpoint"),
            func.row_number()
            .over(partition_by=endpoint, order_by=(Delivery.next_attempt_at, Delivery.id))
            .label("rank"),
        )
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(Delivery.status.in_(OPEN), Delivery.next_attempt_at <= now)
    )
    if excluding:
        ranked = ranked.where(Delivery.id.not_in(list(excluding)))
    due = ranked.subquery()
    busy = {key: count for key, count in (in_flight or {}).items() if count > 0}
    room: ColumnElement[int] = (
        case(
            {key: per_endpoint - count for key, count in busy.items()},
            value=due.c.endpoint,
            else_=per_endpoint,
        )
        if busy
        else literal(per_endpoint)
    )
    chosen = (
        select(due.c.id).where(due.c.rank <= room).order_by(due.c.rank, due.c.next_attempt_at).limit(limit)
    )
    # The ranking reads without locks; the lock is taken here, and PostgreSQL checks the conditions again
    # on the row's newest version (a row another worker leased meanwhile no longer qualifies).
    leased: Select[tuple[Delivery, str]] = (
        select(Delivery, endpoint)
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(
            Delivery.id.in_(chosen),
            Delivery.status.in_(OPEN),
            Delivery.next_attempt_at <= now,
        )
        .with_for_update(of=Delivery, skip_locked=True)
    )
    rows = list((await session.execute(leased)).tuples())
    for row, _ in rows:
        row.next_attempt_at = now + lease
    await session.flush()
    return [Claimed(row.id, key) for row, key in rows]


async def leased_for_sending(
    session: AsyncSession, delivery_ids: Collection[str]
) -> list[tuple[Delivery, Subscription, NotifiedEvent]]:
    """What sending the deliveries just leased needs, each with its subscription and event, in one query."""
    query = (
        select(Delivery, Subscription, NotifiedEvent)
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .join(NotifiedEvent, NotifiedEvent.id == Delivery.event_id)
        .where(Delivery.id.in_(list(delivery_ids)))
    )
    return [(delivery, subscription, event) for delivery, subscription, event in await session.execute(query)]


def add_attempt(session: AsyncSession, attempt: DeliveryAttempt) -> None:
    session.add(attempt)


async def attempts_of(session: AsyncSession, delivery_id: str) -> list[DeliveryAttempt]:
    query = select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id)
    return list(await session.scalars(query.order_by(DeliveryAttempt.id)))


async def deliveries_page(
    session: AsyncSession,
    *,
    subscribers: Sequence[str] | None,
    subscription_id: str | None,
    status: str | None,
    event_id: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Delivery]:
    """Oldest first; `after` is the (created_at, id) of the last delivery of the previous page."""
    query = select(Delivery).order_by(Delivery.created_at, Delivery.id)
    if subscribers is not None:
        owned = select(Subscription.id).where(Subscription.subscriber.in_(subscribers))
        query = query.where(Delivery.subscription_id.in_(owned))
    if subscription_id is not None:
        query = query.where(Delivery.subscription_id == subscription_id)
    if status is not None:
        query = query.where(Delivery.status == status)
    if event_id is not None:
        query = query.where(Delivery.event_id == event_id)
    if after is not None:
        query = query.where(
            tuple_(Delivery.created_at, Delivery.id) > tuple_(literal(after[0]), literal(after[1]))
        )
    return list(await session.scalars(query.limit(limit + 1)))


async def cancel_open_deliveries(session: AsyncSession, subscription_id: str) -> None:
    await session.execute(
        update(Delivery)
        .where(Delivery.subscription_id == subscription_id, Delivery.status.in_(OPEN))
        .values(status="cancelled", next_attempt_at=None, version=Delivery.version + 1)
    )


# Advisory locks of two int4 keys are a key space of their own (the outbox relay uses a bigint key);
# this first key says "an email address", the second is the address's hash.
EMAIL_ADDRESS_LOCK = 0x6E6561


async def lock_email_address(session: AsyncSession, address: str) -> None:
    """Until the transaction ends, no other worker (in any replica) counts or reserves emails to
    `address`: counting and reserving together is what keeps a burst within the rate limit."""
    key = func.hashtext(address.lower())
    await session.execute(select(func.pg_advisory_xact_lock(EMAIL_ADDRESS_LOCK, key)))


async def emails_sent_since(session: AsyncSession, address: str, since: datetime) -> list[datetime]:
    """When emails to `address` were handed to the SMTP server since `since`, oldest first (the
    per-address rate limit): attempts that delivered, that are under way, or whose outcome a stopped
    process never recorded (the email may have gone)."""
    query = (
        select(DeliveryAttempt.attempted_at)
        .join(Delivery, Delivery.id == DeliveryAttempt.delivery_id)
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(
            Delivery.channel == "email",
            DeliveryAttempt.outcome.in_(("delivered", "sending", "unknown")),
            DeliveryAttempt.attempted_at >= since,
            func.lower(Subscription.email) == address.lower(),
        )
        .order_by(DeliveryAttempt.attempted_at)
    )
    return list(await session.scalars(query))


async def attempts_under_way_of(session: AsyncSession, delivery_id: str) -> list[DeliveryAttempt]:
    query = select(DeliveryAttempt).where(
        DeliveryAttempt.delivery_id == delivery_id, DeliveryAttempt.outcome == "sending"
    )
    return list(await session.scalars(query))


async def attempts_by_id(session: AsyncSession, attempt_ids: Collection[int]) -> list[DeliveryAttempt]:
    if not attempt_ids:
        return []
    query = select(DeliveryAttempt).where(DeliveryAttempt.id.in_(list(attempt_ids)))
    return list(await session.scalars(query))


async def attempts_made_at(
    session: AsyncSession, made: Collection[tuple[str, datetime]]
) -> set[tuple[str, datetime]]:
    """Which of the attempts `made` (a delivery's id and the instant of its attempt) are recorded: one lease
    holds one attempt of a delivery at a time, so the instant names it."""
    if not made:
        return set()
    query = select(DeliveryAttempt.delivery_id, DeliveryAttempt.attempted_at).where(
        tuple_(DeliveryAttempt.delivery_id, DeliveryAttempt.attempted_at).in_(list(made))
    )
    return {(delivery_id, at) for delivery_id, at in (await session.execute(query)).tuples()}
