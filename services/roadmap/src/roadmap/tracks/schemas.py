"""What the tracks API answers: roadmaps, tracks with the criteria of their next stage, history, held
meetings, and what a meeting would change."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.meetings import Level, OutcomeType, ParticipantRole, Track
from common.contracts.registry import MemberKind, ParticipationStatus
from common.contracts.roadmap import CriterionExplanation
from common.limits import LIST_MAX_ITEMS, Identifier
from common.rfc3339 import Date


class StageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    order: int
    name: str


class RoadmapSummary(BaseModel):
    code: str
    criteria_version: int
    stages: list[StageRead]


class NextStageRead(BaseModel):
    """The criterion to advance into the next stage, judged today: each part's value, target, evidence."""

    stage: str
    met: bool
    stage_began: Date
    criteria: list[CriterionExplanation]


class TrackRead(BaseModel):
    track: str
    issue_areas: list[str]
    untagged: bool
    levels: list[str] = Field(default_factory=list, description="Meetings at these levels belong too")
    current_stage: str
    since: Date | None = Field(description="When the track entered its stage; null at the first stage")
    held: bool = Field(default=False, description="A hold decision stops criteria advancing the track")
    next: NextStageRead | None = Field(
        description="Null at the last stage, or where only a decision moves the track on"
    )


class RoadmapRead(RoadmapSummary):
    tracks: list[TrackRead]


class RoadmapList(BaseModel):
    items: list[RoadmapSummary]


class AdvancementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    track: str
    from_stage: str
    to_stage: str
    advanced_on: Date
    completed_by: str
    criteria_version: int
    explanation: list[CriterionExplanation]
    kind: Literal["advanced", "decision", "criteria_adopted"] = Field(
        default="advanced",
        description="Criteria met; a decision (completed_by is its id); or a new criteria version adopted",
    )
    decision_id: str | None = None
    justification: str | None = None


class HeldMeetingFactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    meeting_id: str
    held_on: Date
    issue_area_codes: list[str]
    version: int = Field(description="The meeting's version in the last `meeting.held` event applied")


class HistoryRead(BaseModel):
    roadmap_code: str
    items: list[AdvancementRead]


# --- What-if -----------------------------------------------------------------------------------------


class SimulatedAttendee(BaseModel):
    # Like every request body of the four services: a field this API does not know is refused, not ignored.
    model_config = ConfigDict(extra="forbid")

    member_code: Identifier
    kind: MemberKind
    status_on_meeting_date: ParticipationStatus | None
    role: ParticipantRole = "participant"


class SimulatedOutcome(BaseModel):
    # Like every request body of the four services: a field this API does not know is refused, not ignored.
    model_config = ConfigDict(extra="forbid")

    type: OutcomeType
    member_codes: list[Identifier] = Field(default_factory=list, max_length=LIST_MAX_ITEMS)


class SimulatedMeeting(BaseModel):
    """A meeting as if it were held: the parts of `meeting.held` the criteria look at."""

    # Like every request body of the four services: a field this API does not know is refused, not ignored.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "issue_area_codes": ["nuclear_safety"],
                    "track": "1",
                    "level": "ministerial",
                    "mechanism_code": "TRM+",
                    "held_on": "2014-11-25",
                    "attendees": [
                        {
                            "member_code": "KOR",
                            "kind": "state",
                            "status_on_meeting_date": "participant",
                            "role": "host",
                        },
                        {"member_code": "JPN", "kind": "state", "status_on_meeting_date": "participant"},
                        {"member_code": "CHN", "kind": "state", "status_on_meeting_date": "participant"},
                    ],
                    "outcomes": [{"type": "support_expressed", "member_codes": ["KOR", "JPN", "CHN"]}],
                }
            ]
        },
    )

    issue_area_codes: list[Identifier] = Field(default_factory=list, max_length=LIST_MAX_ITEMS)
    track: Track = "1"
    level: Level = "senior_officials"
    mechanism_code: Identifier | None = None
    held_on: Date
    attendees: list[SimulatedAttendee] = Field(default_factory=list, max_length=LIST_MAX_ITEMS)
    outcomes: list[SimulatedOutcome] = Field(default_factory=list, max_length=LIST_MAX_ITEMS)


class SimulatedAdvancement(BaseModel):
    from_stage: str
    to_stage: str
    on: Date
    completed_by: str
    criteria: list[CriterionExplanation]


class SimulatedTrack(BaseModel):
    track: str
    current_stage: str
    would_reach: str
    held: bool
    advancements: list[SimulatedAdvancement]
    next: NextStageRead | None = Field(description="The next stage's criterion, judged with the meeting")


class SimulationRead(BaseModel):
    roadmap_code: str
    criteria_version: int
    simulated_meeting_id: str
    tracks: list[SimulatedTrack]
