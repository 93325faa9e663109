from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import Member


async def get_member(session: AsyncSession, code: str) -> Member | None:
    return await session.get(Member, code)


async def add_member(session: AsyncSession, member: Member) -> None:
    session.add(member)
    await session.flush()
