"""Every query of the meetings service: meetings with their participants and outcomes, and the read models
of the registry it validates against."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Select, cast, func, literal, null, select, tuple_, union_all
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from common.participation import periods_of, status_on
from meetings import calendar
from meetings.models import KnownIssueArea, KnownMechanism, KnownMember, Meeting, Participant


def _with_state() -> Select[tuple[Meeting]]:
    return select(Meeting).options(selectinload(Meeting.participants), selectinload(Meeting.outcomes))


async def get(session: AsyncSession, meeting_id: uuid.UUID, *, for_update: bool = False) -> Meeting | None:
    statement = _with_state().where(Meeting.id == meeting_id).execution_options(populate_existing=True)
    if for_update:
        # Serialises changes to one meeting: two "held" records cannot both pass the lifecycle check.
        statement = statement.with_for_update(of=Meeting)
    return (await session.execute(statement)).scalar_one_or_none()


async def host_code(session: AsyncSession, meeting_id: uuid.UUID) -> str | None:
    """The meeting's host, without loading the meeting: what authorising a change to it needs."""
    host: str | None = await session.scalar(select(Meeting.host_code).where(Meeting.id == meeting_id))
    return host


@dataclass(frozen=True)
class MeetingFilter:
    """The filters the meetings list and the calendar feed share."""

    issue_area: str | None = None
    mechanism: str | None = None
    member: str | None = None
    track: str | None = None
    status: str | None = None
    from_date: date | None = None
    to_date: date | None = None

    def apply(self, statement: Select[tuple[Meeting]]) -> Select[tuple[Meeting]]:
        if self.issue_area:
            statement = statement.where(Meeting.issue_area_codes.contains([self.issue_area]))
        if self.mechanism:
            statement = statement.where(Meeting.mechanism_code == self.mechanism)
        if self.member:
            statement = statement.where(
                Meeting.id.in_(select(Participant.meeting_id).where(Participant.member_code == self.member))
            )
        if self.track:
            statement = statement.where(Meeting.track == self.track)
        if self.status:
            statement = statement.where(Meeting.status == self.status)
        if self.from_date or self.to_date:
            # The meeting's own date: the day it starts in its time zone, as partners read their calendars.
            local_date = cast(func.timezone(Meeting.time_zone, Meeting.starts_at), Date)
            if self.from_date:
                statement = statement.where(local_date >= self.from_date)
            if self.to_date:
                statement = statement.where(local_date <= self.to_date)
        return statement.order_by(Meeting.starts_at, Meeting.id)


async def page(
    session: AsyncSession, matching: MeetingFilter, *, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[Meeting]:
    statement = matching.apply(_with_state()).limit(limit)
    if after:
        statement = statement.where(
            tuple_(Meeting.starts_at, Meeting.id)
            > tuple_(literal(after[0], Meeting.starts_at.type), literal(after[1], Meeting.id.type))
        )
    return list((await session.execute(statement)).scalars().all())


async def all_matching(session: AsyncSession, matching: MeetingFilter) -> list[Meeting]:
    """Every matching meeting, without participants or outcomes: what the calendar feed shows."""
    return list((await session.scalars(matching.apply(select(Meeting)))).all())


async def add(session: AsyncSession, meeting: Meeting) -> None:
    """Inserts a new meeting with the participants and outcomes it holds: one INSERT per table, and the
    database's defaults (`scheduled_at`) come back in the meeting's own INSERT (RETURNING)."""
    session.add(meeting)
    await session.flush()


async def save(session: AsyncSession) -> None:
    """Writes the changes made to the loaded meeting, its participants and outcomes.

    Nothing is read back: what was loaded and changed here is what the table now holds, so the event's
    full state is built from it (no reload after a write, issue #15).
    """
    await session.flush()


@dataclass(frozen=True)
class Reference:
    """What this service's copy of the registry says about the codes a new meeting names."""

    status_histories: dict[str, list[dict[str, Any]]]
    mechanisms: frozenset[str]
    open_issue_areas: dict[str, bool]

    def statuses_on(self, day: date) -> dict[str, str | None]:
        return {code: status_on(periods_of(history), day) for code, history in self.status_histories.items()}


async def reference(
    session: AsyncSession, *, members: Iterable[str], mechanism: str | None, issue_areas: Iterable[str]
) -> Reference:
    """The members, mechanism and issue areas a meeting names, in one statement rather than three."""
    no_history, no_flag = cast(null(), JSONB), cast(null(), Boolean)
    statement = union_all(
        select(literal("member"), KnownMember.code, KnownMember.status_history, no_flag).where(
            KnownMember.code.in_(set(members))
        ),
        select(literal("mechanism"), KnownMechanism.code, no_history, no_flag).where(
            KnownMechanism.code == mechanism
        ),
        select(literal("issue_area"), KnownIssueArea.code, no_history, KnownIssueArea.open).where(
            KnownIssueArea.code.in_(set(issue_areas))
        ),
    )
    rows = (await session.execute(statement)).tuples().all()
    return Reference(
        status_histories={code: history for kind, code, history, _ in rows if kind == "member"},
        mechanisms=frozenset(code for kind, code, _, _ in rows if kind == "mechanism"),
        open_issue_areas={code: bool(open_) for kind, code, _, open_ in rows if kind == "issue_area"},
    )


async def known_members(session: AsyncSession, codes: Iterable[str]) -> dict[str, KnownMember]:
    wanted = set(codes)
    if not wanted:
        return {}
    rows = await session.execute(select(KnownMember).where(KnownMember.code.in_(wanted)))
    return {m.code: m for m in rows.scalars()}


async def known_issue_areas(session: AsyncSession, codes: Iterable[str]) -> dict[str, KnownIssueArea]:
    rows = await session.execute(select(KnownIssueArea).where(KnownIssueArea.code.in_(set(codes))))
    return {a.code: a for a in rows.scalars()}


async def names_for(session: AsyncSession, meetings: Sequence[Meeting]) -> calendar.Names:
    """The names the read models hold for the mechanisms, issue areas and hosts of these meetings."""
    mechanism_codes = {m.mechanism_code for m in meetings if m.mechanism_code}
    area_codes = {code for m in meetings for code in m.issue_area_codes}
    host_codes = {m.host_code for m in meetings}
    mechanisms = (
        await session.execute(
            select(KnownMechanism.code, KnownMechanism.names).where(KnownMechanism.code.in_(mechanism_codes))
        )
        if mechanism_codes
        else None
    )
    areas = (
        await session.execute(
            select(KnownIssueArea.code, KnownIssueArea.names).where(KnownIssueArea.code.in_(area_codes))
        )
        if area_codes
        else None
    )
    members = (
        await session.execute(
            select(KnownMember.code, KnownMember.names).where(KnownMember.code.in_(host_codes))
        )
        if host_codes
        else None
    )
    return calendar.Names(
        mechanisms={code: names for code, names in mechanisms} if mechanisms else {},
        issue_areas={code: names for code, names in areas} if areas else {},
        members={code: names for code, names in members} if members else {},
    )
