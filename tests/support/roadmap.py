"""What the roadmap's tests share: held meetings and mechanism expansions published as the meetings
service and the registry publish them, and reads of the roadmap's answers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts import EventData, make_event
from common.contracts.meetings import Attendee, MeetingHeld, MeetingState, Outcome, Participant
from common.contracts.registry import (
    IssueAreaRegistered,
    IssueAreaState,
    MechanismMembersAdded,
    MechanismMembership,
    MechanismState,
)
from common.contracts.roadmap import TRACK_TOPIC, StageAdvanced
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing import bus
from common.testing.fixtures import eventually
from roadmap.config import RoadmapSettings

# (member code, kind, status on the meeting date, role)
AttendeeRow = tuple[str, str, str | None, str]

FIVE_STATES: list[AttendeeRow] = [
    (code, "state", "participant", "host" if code == "KOR" else "participant")
    for code in ("KOR", "JPN", "CHN", "USA", "RUS")
]


def held_meeting(
    held_on: date,
    areas: list[str],
    attendees: list[AttendeeRow],
    *,
    mechanism: str | None = "TRM+",
    track: str = "1",
    level: str = "senior_officials",
    outcomes: list[Outcome] | None = None,
    version: int = 6,
    meeting_id: str | None = None,
) -> MeetingHeld:
    """A `meeting.held` event's data as the meetings service sends it."""
    starts = datetime.combine(held_on, time(0, 0), tzinfo=UTC)
    state = MeetingState.model_validate(
        {
            "meeting_id": meeting_id or str(uuid.uuid4()),
            "title": {"en": "Trilateral Meeting"},
            "mechanism_code": mechanism,
            "issue_area_codes": areas,
            "track": track,
            "level": level,
            "host_code": attendees[0][0] if attendees else "KOR",
            "city": "Seoul",
            "country_code": "KOR",
            "starts_at": starts,
            "ends_at": starts,
            "time_zone": "Asia/Seoul",
            "status": "held",
            "participants": [
                Participant.model_validate(
                    {"member_code": code, "role": role, "response": "accepted", "attendance": "attended"}
                )
                for code, _, _, role in attendees
            ],
            "outcomes": outcomes or [],
            "version": version,
        }
    )
    return MeetingHeld(
        meeting=state,
        held_on=held_on,
        attendees=[
            Attendee.model_validate(
                {"member_code": code, "kind": kind, "status_on_meeting_date": status, "role": role}
            )
            for code, kind, status, role in attendees
        ],
        outcomes=outcomes or [],
        summary="held",
    )


class OthersOnTheBus:
    """Publishes what the meetings and registry relays would publish; `all_applied` waits for the roadmap."""

    def __init__(self, settings: RoadmapSettings) -> None:
        self.settings = settings
        self.sent: list[bus.Sent] = []

    async def send(self, event: CloudEvent, topic: str) -> None:
        self.sent.append(await bus.send(self.settings, event, topic, client_id="test-others"))

    async def publish(self, data: EventData, *, service: str, subject: str) -> CloudEvent:
        contract, event = make_event(data, service=service, subject=subject)
        await self.send(event, contract.topic)
        return event

    async def held(self, data: MeetingHeld) -> CloudEvent:
        return await self.publish(data, service="meetings", subject=data.meeting.meeting_id)

    async def members_added(
        self,
        code: str,
        agenda: str,
        added: list[str],
        joined_on: date,
        version: int = 2,
        founders: tuple[str, ...] = ("KOR", "JPN", "CHN"),
        founded_on: date = date(2008, 12, 13),
    ) -> CloudEvent:
        """The registry's event for members joining a mechanism founded by `founders` on `founded_on`."""
        memberships = [
            MechanismMembership(member_code=member, joined_on=founded_on) for member in founders
        ] + [MechanismMembership(member_code=member, joined_on=joined_on) for member in added]
        state = MechanismState(
            code=code, names={"en": code}, agenda=agenda, memberships=memberships, version=version
        )
        data = MechanismMembersAdded(mechanism=state, added_member_codes=added, joined_on=joined_on)
        return await self.publish(data, service="registry", subject=code)

    async def issue_area(self, code: str, version: int = 1) -> None:
        state = IssueAreaState(
            code=code, names={"en": code}, kind="non_traditional", open=True, version=version
        )
        await self.publish(IssueAreaRegistered(issue_area=state), service="registry", subject=code)
        await bus.applied_by(self.settings, "roadmap", self.sent[-1:])

    async def all_applied(self) -> None:
        """Every event published so far was applied by the roadmap (`common.testing.bus.applied`)."""
        await bus.applied_by(self.settings, "roadmap", self.sent)


def json_of(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


FIRST_TRM_PLUS = date(2013, 10, 28)
SECOND_TRM_PLUS = date(2014, 5, 20)


async def track_of(roadmap: httpx.AsyncClient, track: str) -> dict[str, Any]:
    return dict(json_of(await roadmap.get(f"/v1/roadmaps/NAPCI/tracks/{track}")))


async def reaches(roadmap: httpx.AsyncClient, track: str, stage: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = await track_of(roadmap, track)
        return found if found["current_stage"] == stage else None

    return await eventually(probe, what=f"track {track} reaching {stage}")


async def advancements_about(settings: RoadmapSettings, meeting_ids: set[str]) -> list[StageAdvanced]:
    """The stage_advanced events on the topic whose explanation names any of these meetings."""
    found = []
    for record in await read_topic(settings, TRACK_TOPIC):
        event = CloudEvent.from_kafka(record.value, record.headers)
        data = StageAdvanced.model_validate(event.data)
        named = {i for part in data.explanation for i in part.evidence.meeting_ids}
        if named & meeting_ids:
            assert event.subject == f"{data.roadmap_code}/{data.track}"
            found.append(data)
    return found


async def count(engine: AsyncEngine, statement: Any) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(statement) or 0)
