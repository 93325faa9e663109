from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.models import KnownMember, Meeting


async def get_known_member(session: AsyncSession, code: str) -> KnownMember | None:
    return await session.get(KnownMember, code)


async def upsert_known_member(
    session: AsyncSession, *, code: str, kind: str, names: dict[str, str], event_id: str
) -> None:
    values = {"code": code, "kind": kind, "names": names, "learned_from_event": event_id}
    statement = insert(KnownMember).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[KnownMember.code],
            set_={
                "kind": statement.excluded.kind,
                "names": statement.excluded.names,
                "learned_from_event": statement.excluded.learned_from_event,
            },
        )
    )


async def get_meeting(session: AsyncSession, meeting_id: uuid.UUID) -> Meeting | None:
    return await session.get(Meeting, meeting_id)


async def add_meeting(session: AsyncSession, meeting: Meeting) -> None:
    session.add(meeting)
    await session.flush()
