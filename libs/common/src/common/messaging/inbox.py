"""The inbox: the ids of the events a consumer has applied, written in the same transaction as the
effects (DESIGN rule 3), so a record delivered twice has its effect once."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import and_, delete, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.messaging.envelope import CloudEvent
from common.messaging.tables import inbox

# CloudEvents make source + id unique (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#id).
EventKey = tuple[str, str]


def key_of(event: CloudEvent) -> EventKey:
    return event.source, event.id


async def claim(session: AsyncSession, *, consumer: str, event: CloudEvent) -> bool:
    """True when this consumer has not applied the event before; the claim commits with the effects.

    A concurrent claim of the same event waits on the primary key until the first transaction ends, so
    two replicas can never both apply it.
    """
    return key_of(event) in await claim_all(session, consumer=consumer, events=[event])


async def claim_all(session: AsyncSession, *, consumer: str, events: Iterable[CloudEvent]) -> set[EventKey]:
    """The keys of `events` this consumer has not applied before, claimed in one statement; an event
    given twice is claimed once. The claims commit with the effects, as `claim`'s do, and wait as they
    do on a concurrent claim of the same event."""
    rows = {
        key_of(event): {
            "consumer": consumer,
            "event_source": event.source,
            "event_id": event.id,
            "event_type": event.type,
        }
        for event in events
    }
    if not rows:
        return set()
    result = await session.execute(
        insert(inbox)
        .values(list(rows.values()))
        .on_conflict_do_nothing()
        .returning(inbox.c.event_source, inbox.c.event_id)
    )
    return {(source, event_id) for source, event_id in result.tuples()}


async def release(session: AsyncSession, *, consumer: str, keys: Collection[EventKey]) -> None:
    """Withdraws claims made earlier in this transaction for events that will not be applied in it."""
    if not keys:
        return
    await session.execute(
        delete(inbox).where(
            and_(inbox.c.consumer == consumer, tuple_(inbox.c.event_source, inbox.c.event_id).in_(keys))
        )
    )
