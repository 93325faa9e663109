"""Use cases of the meetings service: scheduling, details, the lifecycle, participants, "held".

Every rule is checked against the service's own read models of the registry, never by calling it, so
meetings are accepted while the registry is down (DESIGN, rule 1). Each change bumps the meeting's
version and records an event carrying its full state in the caller's transaction; nothing here commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.contracts.meetings import (
    Attendee,
    MeetingCancelled,
    MeetingConfirmed,
    MeetingHeld,
    MeetingParticipantsChanged,
    MeetingPostponed,
    MeetingScheduled,
    MeetingUpdated,
)
from common.errors import Forbidden, NotFound, RuleViolated
from common.http import check_if_match
from common.messaging.outbox import Outbox
from meetings import domain, repository
from meetings.analytics import service as analytics
from meetings.models import Meeting, OutcomeRecord, Participant
from meetings.schemas import (
    Cancellation,
    HeldRecord,
    Invitations,
    MeetingCreate,
    MeetingUpdate,
    Postponement,
    ResponseUpdate,
)
from meetings.state import meeting_state


async def host_of(session: AsyncSession, meeting_id: uuid.UUID) -> str:
    host = await repository.host_code(session, meeting_id)
    if host is None:
        raise NotFound(f"no meeting with id {meeting_id}", field="meeting_id")
    return host


async def get_meeting(session: AsyncSession, meeting_id: uuid.UUID) -> Meeting:
    meeting = await repository.get(session, meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting with id {meeting_id}", field="meeting_id")
    return meeting


def _check_may_host(principal: Principal, host_code: str) -> None:
    # A partner ministry speaks for its own member: it runs the meetings that member hosts. The API
    # refuses a stranger's host earlier, from the raw body (api.py); this decides on the validated one.
    if not principal.may_act_for(host_code):
        raise Forbidden(
            f"client {principal.client_id} may act only on meetings hosted by its own member "
            f"{principal.member_code}",
            field="host_code",
        )


async def _meeting_for_change(session: AsyncSession, meeting_id: uuid.UUID, if_match: str | None) -> Meeting:
    # Whether the caller runs this meeting was decided before the request was validated (api.py).
    meeting = await repository.get(session, meeting_id, for_update=True)
    if meeting is None:
        raise NotFound(f"no meeting with id {meeting_id}", field="meeting_id")
    check_if_match(if_match, meeting.version)
    return meeting


async def _check_issue_areas(session: AsyncSession, codes: Sequence[str]) -> list[str]:
    known = await repository.known_issue_areas(session, codes)
    return domain.check_issue_areas(codes, {code: area.open for code, area in known.items()})


async def _check_invitable(session: AsyncSession, codes: Sequence[tuple[str, str]], on: date) -> None:
    """Each (member code, field) names a member known to the registry and not barred on `on`."""
    known = await repository.known_members(session, [code for code, _ in codes])
    domain.check_invitable(codes, {code: member.status_on(on) for code, member in known.items()}, on)


async def schedule_meeting(
    session: AsyncSession, outbox: Outbox, *, principal: Principal, command: MeetingCreate
) -> Meeting:
    _check_may_host(principal, command.host_code)
    domain.check_times(command.starts_at, command.ends_at)
    on = domain.meeting_date(command.starts_at, command.time_zone)
    domain.check_invitations(
        [(p.member_code, p.role) for p in command.participants], {command.host_code}, "participants"
    )
    invited = [(command.host_code, "host_code")] + [
        (p.member_code, f"participants.{i}.member_code") for i, p in enumerate(command.participants)
    ]
    known = await repository.reference(
        session,
        members=[code for code, _ in invited],
        mechanism=command.mechanism_code,
        issue_areas=command.issue_area_codes,
    )
    domain.check_invitable(invited, known.statuses_on(on), on)
    if command.mechanism_code is not None and command.mechanism_code not in known.mechanisms:
        raise RuleViolated(
            f"mechanism {command.mechanism_code} is not known to the registry", field="mechanism_code"
        )
    issue_areas = domain.check_issue_areas(command.issue_area_codes, known.open_issue_areas)
    meeting_id = uuid.uuid4()
    # The host takes part by hosting: it is the first participant, and has accepted.
    participants = [_participant(meeting_id, command.host_code, "host", "accepted")] + [
        _participant(meeting_id, p.member_code, p.role, "invited") for p in command.participants
    ]
    meeting = Meeting(
        id=meeting_id,
        title=command.title,
        mechanism_code=command.mechanism_code,
        issue_area_codes=issue_areas,
        track=command.track,
        level=command.level,
        host_code=command.host_code,
        city=command.city,
        country_code=command.country_code,
        starts_at=command.starts_at,
        ends_at=command.ends_at,
        time_zone=command.time_zone,
        documents=[str(url) for url in command.documents],
        status="planned",
        status_reason=None,
        summary=None,
        held_on=None,
        version=1,
        # In the order the relationship loads them, so the state built from these is the state read later.
        participants=sorted(participants, key=_by_member),
        outcomes=[],
    )
    await repository.add(session, meeting)
    await outbox.record(session, MeetingScheduled(meeting=meeting_state(meeting)), subject=str(meeting.id))
    return meeting


def _participant(meeting_id: uuid.UUID, member_code: str, role: str, response: str) -> Participant:
    return Participant(
        meeting_id=meeting_id,
        member_code=member_code,
        role=role,
        response=response,
        attendance=None,
        delegation_level=None,
    )


def _by_member(participant: Participant) -> str:
    return participant.member_code


async def update_meeting(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    command: MeetingUpdate,
    if_match: str | None,
) -> Meeting:
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_open_for_changes(meeting.status)
    changes = command.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise RuleViolated(f"{name} cannot be removed", field=name)
    if "issue_area_codes" in changes:
        changes["issue_area_codes"] = await _check_issue_areas(session, command.issue_area_codes or [])
    if "documents" in changes:
        changes["documents"] = [str(url) for url in command.documents or []]
    if "starts_at" in changes:
        changes["starts_at"] = command.starts_at
    if "ends_at" in changes:
        changes["ends_at"] = command.ends_at
    domain.check_times(changes.get("starts_at", meeting.starts_at), changes.get("ends_at", meeting.ends_at))
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.version += 1
    await repository.save(session)
    await outbox.record(session, MeetingUpdated(meeting=meeting_state(meeting)), subject=str(meeting.id))
    return meeting


async def confirm_meeting(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    if_match: str | None,
) -> Meeting:
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_transition(meeting.status, "confirmed")
    meeting.status = "confirmed"
    meeting.version += 1
    await repository.save(session)
    await outbox.record(session, MeetingConfirmed(meeting=meeting_state(meeting)), subject=str(meeting.id))
    return meeting


async def postpone_meeting(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    command: Postponement,
    if_match: str | None,
) -> Meeting:
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_transition(meeting.status, "postponed")
    domain.check_times(command.starts_at, command.ends_at)
    previous_starts_at: datetime = meeting.starts_at
    meeting.starts_at = command.starts_at
    meeting.ends_at = command.ends_at
    if command.time_zone is not None:
        meeting.time_zone = command.time_zone
    meeting.status = "postponed"
    meeting.status_reason = command.reason
    meeting.version += 1
    await repository.save(session)
    await outbox.record(
        session,
        MeetingPostponed(
            meeting=meeting_state(meeting), previous_starts_at=previous_starts_at, reason=command.reason
        ),
        subject=str(meeting.id),
    )
    return meeting


async def cancel_meeting(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    command: Cancellation,
    if_match: str | None,
) -> Meeting:
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_transition(meeting.status, "cancelled")
    meeting.status = "cancelled"
    meeting.status_reason = command.reason
    meeting.version += 1
    await repository.save(session)
    await outbox.record(
        session,
        MeetingCancelled(meeting=meeting_state(meeting), reason=command.reason),
        subject=str(meeting.id),
    )
    return meeting


async def invite(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    command: Invitations,
    if_match: str | None,
) -> Meeting:
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_open_for_changes(meeting.status)
    domain.check_invitations(
        [(p.member_code, p.role) for p in command.participants],
        {p.member_code for p in meeting.participants},
        "participants",
    )
    on = domain.meeting_date(meeting.starts_at, meeting.time_zone)
    await _check_invitable(
        session,
        [(p.member_code, f"participants.{i}.member_code") for i, p in enumerate(command.participants)],
        on,
    )
    meeting.participants.extend(
        _participant(meeting.id, p.member_code, p.role, "invited") for p in command.participants
    )
    meeting.participants.sort(key=_by_member)
    meeting.version += 1
    await repository.save(session)
    await outbox.record(
        session, MeetingParticipantsChanged(meeting=meeting_state(meeting)), subject=str(meeting.id)
    )
    return meeting


async def record_response(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    member_code: str,
    command: ResponseUpdate,
    if_match: str | None,
) -> Meeting:
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_open_for_changes(meeting.status)
    participant = next((p for p in meeting.participants if p.member_code == member_code), None)
    if participant is None:
        raise NotFound(f"{member_code} is not invited to this meeting", field="member_code")
    participant.response = command.response
    meeting.version += 1
    await repository.save(session)
    await outbox.record(
        session, MeetingParticipantsChanged(meeting=meeting_state(meeting)), subject=str(meeting.id)
    )
    return meeting


async def record_held(
    session: AsyncSession,
    outbox: Outbox,
    *,
    meeting_id: uuid.UUID,
    command: HeldRecord,
    if_match: str | None,
    engagement_as_of: date,
) -> Meeting:
    """Records attendance and outcomes and closes the meeting as held (issue 4, item 4), and judges the
    attendees' engagement again as of `engagement_as_of` (issue 18, item 2): a meeting attended may
    make a lapsing member active."""
    meeting = await _meeting_for_change(session, meeting_id, if_match)
    domain.check_transition(meeting.status, "held")
    held_on = domain.meeting_date(meeting.starts_at, meeting.time_zone)
    roles = {p.member_code: p.role for p in meeting.participants}
    holding = domain.Holding(meeting.host_code, roles, held_on)
    holding.check_date(domain.today_in(meeting.time_zone))
    presences = holding.presences(
        [domain.Presence(e.member_code, e.attendance, e.delegation_level) for e in command.attendance]
    )
    attended = [code for code, presence in presences.items() if presence.attendance == "attended"]
    known = await repository.known_members(session, attended)
    statuses = {code: member.status_on(held_on) for code, member in known.items()}
    standing = holding.standings(attended, statuses)
    holding.check_outcomes([o.member_codes for o in command.outcomes], standing)

    for participant in meeting.participants:
        presence = presences[participant.member_code]
        participant.attendance, participant.delegation_level = presence.attendance, presence.delegation_level
    meeting.outcomes.extend(
        OutcomeRecord(
            id=uuid.uuid4(),
            meeting_id=meeting.id,
            position=i,
            type=o.type,
            text=o.text,
            member_codes=list(o.member_codes),
        )
        for i, o in enumerate(command.outcomes)
    )
    meeting.status = "held"
    meeting.summary = command.summary
    meeting.held_on = held_on
    meeting.version += 1
    await repository.save(session)

    attendees = [
        Attendee.model_validate(
            {
                "member_code": participant.member_code,
                "kind": known[participant.member_code].kind,
                "status_on_meeting_date": standing[participant.member_code].status,
                "role": participant.role,
                "delegation_level": participant.delegation_level,
            }
        )
        for participant in meeting.participants
        if participant.attendance == "attended"
    ]
    state = meeting_state(meeting)
    await outbox.record(
        session,
        MeetingHeld(
            meeting=state,
            held_on=held_on,
            attendees=attendees,
            outcomes=state.outcomes,
            summary=command.summary,
        ),
        subject=str(meeting.id),
    )
    await analytics.rejudge(session, outbox, as_of=engagement_as_of, codes=attended)
    return meeting
