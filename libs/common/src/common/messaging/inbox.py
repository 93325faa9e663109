"""The inbox: the ids of the events a consumer has applied, written in the same transaction as the
effects (DESIGN rule 3), so a record delivered twice has its effect once."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.messaging.envelope import CloudEvent
from common.messaging.tables import inbox


async def claim(session: AsyncSession, *, consumer: str, event: CloudEvent) -> bool:
    """True when this consumer has not applied the event before; the claim commits with the effects.

    A concurrent claim of the same event waits on the primary key until the first transaction ends, so
    two replicas can never both apply it.
    """
    result = await session.execute(
        insert(inbox)
        .values(consumer=consumer, event_source=event.source, event_id=event.id, event_type=event.type)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )
    return result.first() is not None
