"""Use cases of the analytics: the network and its growth, engagement as of a day, and judging engagement
again (after a "held", and on the sweep), announcing each change in the caller's transaction. Nothing here
commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.meetings import LastAttended, MemberEngagementChanged
from common.errors import NotFound, RuleViolated
from common.messaging.outbox import Outbox
from meetings import repository as meetings_repository
from meetings.analytics import domain, repository
from meetings.analytics.repository import Scope


async def check_scope(session: AsyncSession, scope: Scope) -> None:
    """Refuses, naming the field, a filter no meeting could match because its code is unknown."""
    if scope.from_date and scope.to_date and scope.to_date < scope.from_date:
        raise RuleViolated(f"`to` ({scope.to_date}) is before `from` ({scope.from_date})", field="to")
    if scope.issue_area and not await meetings_repository.known_issue_areas(session, [scope.issue_area]):
        raise RuleViolated(f"issue area {scope.issue_area} is not known to the registry", field="issue_area")
    if scope.mechanism and not await repository.is_known_mechanism(session, scope.mechanism):
        raise RuleViolated(f"mechanism {scope.mechanism} is not known to the registry", field="mechanism")


async def co_participation(session: AsyncSession, scope: Scope) -> domain.Network:
    await check_scope(session, scope)
    held = await repository.held_meetings(session, scope)
    members_of_filter = await repository.invited_to(session, [m.id for m in held])
    if scope.mechanism:
        for listed in (await repository.memberships(session, scope.mechanism)).values():
            members_of_filter |= {m.member_code for m in listed if m.left_on is None}
    return domain.network(held, members_of_filter=members_of_filter)


async def growth(session: AsyncSession, scope: Scope) -> list[domain.YearOfGrowth]:
    await check_scope(session, scope)
    return domain.growth(await repository.held_meetings(session, scope))


async def engagement(
    session: AsyncSession, *, as_of: date, codes: Sequence[str] | None = None
) -> list[domain.Judgement]:
    """Every known member's engagement on `as_of` (or these members'), by code."""
    members = await repository.member_codes(session, codes)
    held = await repository.held_meetings(session, Scope(to_date=as_of, members=frozenset(members)))
    memberships = await repository.memberships(session)
    thresholds = domain.rule()
    return [domain.judge(code, held, memberships, as_of, thresholds) for code in members]


async def engagement_of(session: AsyncSession, *, code: str, as_of: date) -> domain.Judgement:
    judged = await engagement(session, as_of=as_of, codes=[code])
    if not judged:
        raise NotFound(f"no member {code} is known to the meetings service", field="code")
    return judged[0]


async def rejudge(
    session: AsyncSession, outbox: Outbox, *, as_of: date, codes: Sequence[str] | None = None
) -> list[domain.Judgement]:
    """Judges every known member's engagement (or these members') on `as_of`, stores what changed and
    records a `member.engagement_changed` for each in the same transaction; returns the changes. An
    unchanged engagement writes and announces nothing, so judging again is harmless. A member that never
    attended a meeting that counts is not judged yet: its first judgement (`previous_engagement` null)
    comes with its first meeting."""
    await repository.lock_engagements(session)
    judged = await engagement(session, as_of=as_of, codes=codes)
    stored = await repository.engagements(session, [j.member_code for j in judged])
    changes = []
    thresholds = domain.rule()
    for judgement in judged:
        previous = stored.get(judgement.member_code)
        if previous is None and judgement.last_attended is None:
            # A member is judged from its first meeting on: "lapsed, never attended" is no news.
            continue
        if not domain.changed(previous.engagement if previous else None, judgement):
            continue
        last = judgement.last_attended
        version = previous.version + 1 if previous else 1
        await repository.keep_engagement(
            session,
            {
                "member_code": judgement.member_code,
                "engagement": judgement.engagement,
                "last_meeting_id": uuid.UUID(last.id) if last else None,
                "last_attended_on": last.held_on if last else None,
                "judged_on": as_of,
                "rule_version": thresholds.version,
                "version": version,
            },
        )
        await outbox.record(
            session,
            MemberEngagementChanged(
                member_code=judgement.member_code,
                engagement=judgement.engagement,
                previous_engagement=domain.engagement_of(previous.engagement) if previous else None,
                as_of=as_of,
                last_attended=LastAttended(meeting=last.id, on=last.held_on) if last else None,
                justified_by=judgement.justified_by,
                rule_version=thresholds.version,
                version=version,
            ),
            subject=judgement.member_code,
        )
        changes.append(judgement)
    return changes
