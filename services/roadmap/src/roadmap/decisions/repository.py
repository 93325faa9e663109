"""Every query of decisions, and of who may take them: the members and issue areas as the roadmap keeps
them from the registry. Receives the session; never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from roadmap.decisions.domain import Party
from roadmap.models import Decision, KnownIssueArea, KnownMember


async def parties(session: AsyncSession) -> dict[str, Party]:
    """Every member the roadmap knows, with its kind and status history: who may agree to a decision."""
    return {
        row.code: Party(
            code=row.code,
            kind=row.kind,
            status_history=tuple(
                (date.fromisoformat(period["effective_from"]), str(period["status"]))
                for period in row.status_history
            ),
        )
        for row in await session.scalars(select(KnownMember))
    }


async def issue_area(session: AsyncSession, code: str) -> KnownIssueArea | None:
    found: KnownIssueArea | None = await session.get(KnownIssueArea, code)
    return found


def add_decision(session: AsyncSession, decision: Decision) -> None:
    session.add(decision)


async def decisions(session: AsyncSession, roadmap_code: str) -> list[Decision]:
    query = select(Decision).where(Decision.roadmap_code == roadmap_code)
    return list(await session.scalars(query.order_by(Decision.decided_on, Decision.recorded_at, Decision.id)))
