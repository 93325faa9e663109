"""Use cases of the meetings service. They change state and record events in the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.meetings import MeetingScheduled
from common.contracts.registry import (
    MemberContactsChanged,
    MemberRegistered,
    MemberStatusChanged,
    MemberUpdated,
)
from common.errors import RuleViolated
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from meetings import repository
from meetings.models import Meeting
from meetings.schemas import MeetingCreate

MemberEvent = MemberRegistered | MemberUpdated | MemberStatusChanged | MemberContactsChanged


async def schedule_meeting(session: AsyncSession, outbox: Outbox, *, command: MeetingCreate) -> Meeting:
    # Validated against the local read model, so scheduling works while the registry is down.
    if await repository.get_known_member(session, command.host_code) is None:
        raise RuleViolated(f"host {command.host_code} is not a known member", field="host_code")
    meeting = Meeting(
        id=uuid.uuid4(),
        title=command.title,
        host_code=command.host_code,
        start_date=command.start_date,
        end_date=command.end_date,
        status="planned",
        version=1,
    )
    await repository.add_meeting(session, meeting)
    await outbox.record(
        session,
        MeetingScheduled(
            meeting_id=str(meeting.id),
            title=meeting.title,
            host_code=meeting.host_code,
            start_date=meeting.start_date,
            end_date=meeting.end_date,
        ),
        subject=str(meeting.id),
    )
    return meeting


async def learn_member(session: AsyncSession, event: CloudEvent, data: MemberEvent) -> None:
    member = data.member
    await repository.upsert_known_member(
        session, code=member.code, kind=member.kind, names=member.names, event_id=event.id
    )
