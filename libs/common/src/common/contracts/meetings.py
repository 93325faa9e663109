"""Events of the meetings service, on `meetings.meeting.v1`, keyed by meeting id, in order, and the
members' engagement judged from attendance, on `meetings.member.v1`, keyed by member code.

Every event carries the meeting's full current state (`meeting`), so consumers need no call back.
`meeting.held` adds what the roadmap and notifications need to judge and announce it: each attendee
with its kind and participation status on the meeting date, and the outcomes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from common.contracts.catalog import CATALOG, EventData
from common.contracts.registry import MemberKind, ParticipationStatus, State

MEETING_TOPIC = "meetings.meeting.v1"
MEMBER_TOPIC = "meetings.member.v1"

MeetingStatus = Literal["planned", "confirmed", "postponed", "cancelled", "held"]
Track = Literal["1", "1.5", "2"]
Level = Literal["summit", "ministerial", "senior_officials", "working", "expert"]
ParticipantRole = Literal["host", "participant", "observer", "guest"]
Response = Literal["invited", "accepted", "declined"]
Attendance = Literal["attended", "absent"]
# Judged from attendance, not from the status the registry records (meetings.analytics, engagement.json).
Engagement = Literal["active", "lapsing", "lapsed"]
OutcomeType = Literal[
    "joint_statement",
    "mou_signed",
    "concept_note_approved",
    "framework_adopted",
    "support_expressed",
    "project_launched",
]


class Participant(State):
    member_code: str
    role: ParticipantRole
    response: Response
    attendance: Attendance | None = Field(default=None, description="Recorded when the meeting is held")
    delegation_level: Level | None = None


class Outcome(State):
    id: str
    type: OutcomeType
    text: str
    member_codes: list[str] = Field(
        description="Signatories, or supporters for support_expressed; attendees in good standing on the "
        "meeting date"
    )


class MeetingState(State):
    meeting_id: str
    title: dict[str, str] = Field(description="Title by language code; 'en' always present")
    mechanism_code: str | None
    issue_area_codes: list[str]
    track: Track
    level: Level
    host_code: str
    city: str
    country_code: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str = Field(description="IANA time zone of the venue, e.g. Asia/Seoul")
    documents: list[str] = Field(default_factory=list)
    status: MeetingStatus
    participants: list[Participant] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    summary: str | None = None
    status_reason: str | None = Field(default=None, description="Why it was postponed or cancelled")
    version: int


class Attendee(State):
    member_code: str
    kind: MemberKind
    status_on_meeting_date: ParticipationStatus | None
    role: ParticipantRole
    delegation_level: Level | None = None


@CATALOG.event(type="org.neacoop.meetings.meeting.scheduled.v1", topic=MEETING_TOPIC)
class MeetingScheduled(EventData):
    """A meeting was put on the calendar (status `planned`)."""

    meeting: MeetingState


@CATALOG.event(type="org.neacoop.meetings.meeting.updated.v1", topic=MEETING_TOPIC)
class MeetingUpdated(EventData):
    """A meeting's details (title, place, times, documents, issue areas) changed."""

    meeting: MeetingState


@CATALOG.event(type="org.neacoop.meetings.meeting.participants_changed.v1", topic=MEETING_TOPIC)
class MeetingParticipantsChanged(EventData):
    """Members were invited to a meeting, or answered an invitation."""

    meeting: MeetingState


@CATALOG.event(type="org.neacoop.meetings.meeting.confirmed.v1", topic=MEETING_TOPIC)
class MeetingConfirmed(EventData):
    """A planned meeting was confirmed."""

    meeting: MeetingState


@CATALOG.event(type="org.neacoop.meetings.meeting.postponed.v1", topic=MEETING_TOPIC)
class MeetingPostponed(EventData):
    """A meeting was postponed to new dates."""

    meeting: MeetingState
    previous_starts_at: datetime
    reason: str


@CATALOG.event(type="org.neacoop.meetings.meeting.cancelled.v1", topic=MEETING_TOPIC)
class MeetingCancelled(EventData):
    """A meeting was cancelled, with a reason."""

    meeting: MeetingState
    reason: str


@CATALOG.event(type="org.neacoop.meetings.meeting.held.v1", topic=MEETING_TOPIC)
class MeetingHeld(EventData):
    """A meeting was held: a piece of accumulated practice of cooperation.

    Carries everything the roadmap and notifications need, so that they never call back: the issue
    areas, track and mechanism (in `meeting`), the attendees with their kind and participation status on
    the meeting date, and the outcomes with their signatories or supporters.
    """

    meeting: MeetingState
    held_on: date
    attendees: list[Attendee]
    outcomes: list[Outcome]
    summary: str


class LastAttended(State):
    meeting: str = Field(description="The id of the last held meeting that counts for the member")
    on: date = Field(description="The day it was held")


@CATALOG.event(type="org.neacoop.meetings.member.engagement_changed.v1", topic=MEMBER_TOPIC)
class MemberEngagementChanged(EventData):
    """A member's engagement, judged from the meetings it attended, changed: it became active, lapsing or
    lapsed (the thresholds are the meetings service's `engagement.json`, version `rule_version`).

    Judged again when attendance is recorded and on a periodic sweep, since engagement lapses with time
    alone; an unchanged engagement is announced once only. `previous_engagement` is null the first time
    the member is judged.
    """

    member_code: str
    engagement: Engagement
    previous_engagement: Engagement | None
    as_of: date = Field(description="The day the engagement was judged on")
    last_attended: LastAttended | None = Field(description="The last meeting that counts; null if none")
    justified_by: list[str] = Field(
        description="The ids of the meetings the judgement rests on: those that count within the lapsing "
        "threshold, else the last one that counts"
    )
    rule_version: int
    version: int = Field(description="The member's engagement version: each change adds one")
