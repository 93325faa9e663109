"""Every query about issue areas."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import IssueArea


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> IssueArea | None:
    statement = select(IssueArea).where(IssueArea.code == code)
    if for_update:
        # Serialises changes: a decision delivered twice at once still announces one opening, and an edit
        # never overwrites an opening's version.
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def exists(session: AsyncSession, code: str) -> bool:
    return (await session.scalar(select(func.count()).where(IssueArea.code == code))) == 1


async def page(
    session: AsyncSession, *, kind: str | None, open: bool | None, after: str | None, limit: int
) -> list[IssueArea]:
    statement = select(IssueArea).order_by(IssueArea.code).limit(limit)
    if kind:
        statement = statement.where(IssueArea.kind == kind)
    if open is not None:
        statement = statement.where(IssueArea.open.is_(open))
    if after:
        statement = statement.where(IssueArea.code > after)
    return list((await session.execute(statement)).scalars().all())


async def add(session: AsyncSession, area: IssueArea) -> None:
    session.add(area)
    await session.flush()
