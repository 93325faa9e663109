"""Every query of the analytics: the held meetings with their attendees, the members and mechanisms the
registry's copy holds, and the engagements last judged."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.analytics.domain import HeldMeeting, Membership, memberships_of
from meetings.models import KnownMechanism, KnownMember, Meeting, MemberEngagement, Participant

# Judging engagement reads every member's meetings and writes what changed: two judges at once (the
# sweep of two replicas, or a sweep and a "held") would each announce the same change. One lock
# serialises them; the key is this service's own (pg_advisory_xact_lock takes any bigint).
ENGAGEMENT_LOCK = 18_002


@dataclass(frozen=True)
class Scope:
    """The filters of the co-participation network: which held meetings count."""

    issue_area: str | None = None
    track: str | None = None
    mechanism: str | None = None
    from_date: date | None = None
    to_date: date | None = None
    members: frozenset[str] | None = None


async def held_meetings(session: AsyncSession, scope: Scope) -> list[HeldMeeting]:
    """The held meetings in the scope, each with the members that attended it, oldest first."""
    attendees = (
        select(Participant.meeting_id, func.array_agg(Participant.member_code).label("codes"))
        .where(Participant.attendance == "attended")
        .group_by(Participant.meeting_id)
        .subquery()
    )
    statement = (
        select(Meeting.id, Meeting.held_on, Meeting.mechanism_code, attendees.c.codes)
        .join(attendees, attendees.c.meeting_id == Meeting.id)
        .where(Meeting.status == "held", Meeting.held_on.is_not(None))
        .order_by(Meeting.held_on, Meeting.id)
    )
    if scope.issue_area:
        statement = statement.where(Meeting.issue_area_codes.contains([scope.issue_area]))
    if scope.track:
        statement = statement.where(Meeting.track == scope.track)
    if scope.mechanism:
        statement = statement.where(Meeting.mechanism_code == scope.mechanism)
    if scope.from_date:
        statement = statement.where(Meeting.held_on >= scope.from_date)
    if scope.to_date:
        statement = statement.where(Meeting.held_on <= scope.to_date)
    if scope.members is not None:
        statement = statement.where(
            Meeting.id.in_(
                select(Participant.meeting_id).where(
                    Participant.attendance == "attended", Participant.member_code.in_(scope.members)
                )
            )
        )
    rows = await session.execute(statement)
    return [
        HeldMeeting(id=str(meeting_id), held_on=held_on, mechanism_code=mechanism, attendees=frozenset(codes))
        for meeting_id, held_on, mechanism, codes in rows
    ]


async def invited_to(session: AsyncSession, meeting_ids: Iterable[str]) -> set[str]:
    """The members invited to these meetings, whether they attended or not."""
    ids = [uuid.UUID(meeting_id) for meeting_id in meeting_ids]
    if not ids:
        return set()
    rows = await session.scalars(select(Participant.member_code).where(Participant.meeting_id.in_(ids)))
    return set(rows)


async def memberships(session: AsyncSession, mechanism: str | None = None) -> dict[str, list[Membership]]:
    """Each mechanism's memberships, or one mechanism's, as the registry's copy holds them."""
    statement = select(KnownMechanism.code, KnownMechanism.memberships)
    if mechanism is not None:
        statement = statement.where(KnownMechanism.code == mechanism)
    return {code: memberships_of(rows) for code, rows in await session.execute(statement)}


async def is_known_mechanism(session: AsyncSession, code: str) -> bool:
    return await session.get(KnownMechanism, code) is not None


async def member_codes(session: AsyncSession, codes: Iterable[str] | None = None) -> list[str]:
    """The members the registry's copy knows, or those of `codes` it knows, by code."""
    statement = select(KnownMember.code).order_by(KnownMember.code)
    if codes is not None:
        statement = statement.where(KnownMember.code.in_(set(codes)))
    return list(await session.scalars(statement))


async def lock_engagements(session: AsyncSession) -> None:
    """Held until the transaction ends (commit or rollback)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ENGAGEMENT_LOCK})


async def engagements(session: AsyncSession, codes: Sequence[str]) -> dict[str, MemberEngagement]:
    if not codes:
        return {}
    rows = await session.scalars(select(MemberEngagement).where(MemberEngagement.member_code.in_(codes)))
    return {row.member_code: row for row in rows}


async def keep_engagement(session: AsyncSession, values: dict[str, object]) -> None:
    statement = insert(MemberEngagement).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[MemberEngagement.member_code],
        set_={name: statement.excluded[name] for name in values if name != "member_code"},
    )
    await session.execute(statement)
