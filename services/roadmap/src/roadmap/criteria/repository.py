"""Every query of criteria versions, and of the mechanisms a document may name. Never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from roadmap.criteria.document import CriteriaDocument
from roadmap.criteria.domain import parse_document
from roadmap.models import CriteriaVersion, KnownMechanism


async def current_documents(session: AsyncSession) -> list[CriteriaDocument]:
    """The version in force (the highest) of every roadmap's criteria, by roadmap code."""
    rows = await session.scalars(
        select(CriteriaVersion)
        .distinct(CriteriaVersion.roadmap_code)
        .order_by(CriteriaVersion.roadmap_code, CriteriaVersion.version.desc())
    )
    return [parse_document(row.document) for row in rows]


async def current_document(session: AsyncSession, roadmap_code: str) -> CriteriaDocument | None:
    row = await session.scalar(
        select(CriteriaVersion)
        .where(CriteriaVersion.roadmap_code == roadmap_code)
        .order_by(CriteriaVersion.version.desc())
        .limit(1)
    )
    return None if row is None else parse_document(row.document)


async def criteria_version(session: AsyncSession, roadmap_code: str) -> CriteriaVersion | None:
    """The row in force, locked until the transaction ends: two adoptions of one version serialise."""
    row: CriteriaVersion | None = await session.scalar(
        select(CriteriaVersion)
        .where(CriteriaVersion.roadmap_code == roadmap_code)
        .order_by(CriteriaVersion.version.desc())
        .limit(1)
        .with_for_update()
    )
    return row


def add_criteria_version(session: AsyncSession, row: CriteriaVersion) -> None:
    session.add(row)


async def known_mechanisms(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(KnownMechanism.code).order_by(KnownMechanism.code)))
