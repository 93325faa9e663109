"""Events of the roadmap service."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.catalog import CATALOG, EventData

DECISION_TOPIC = "roadmap.decision.v1"

DecisionKind = Literal["advance", "hold", "move_back", "open_issue_area"]


@CATALOG.event(type="org.neacoop.roadmap.decision.recorded.v1", topic=DECISION_TOPIC)
class DecisionRecorded(EventData):
    """A consensus decision was recorded: it advances, holds or moves a track back, or opens a
    traditional issue area (which the registry applies), with its justification and who agreed."""

    decision_id: str
    roadmap_code: str
    kind: DecisionKind
    track: str | None = Field(default=None, description="The track (issue area) the decision is about")
    issue_area_code: str | None = Field(default=None, description="For `open_issue_area`: the area to open")
    agreed_by: list[str] = Field(description="Codes of the members that agreed")
    justification: str
    decided_on: date


TRACK_TOPIC = "roadmap.track.v1"


class CountedMeetingState(BaseModel):
    """A meeting that counts toward a criterion and the members whose attendance (or, for outcomes,
    whose support or signature) made it count: members in good standing on the meeting date, never
    observers."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    meeting_id: str
    held_on: date
    member_codes: list[str]


class EvidenceState(BaseModel):
    """What counts toward a criterion: ids of meetings, outcomes and mechanism expansions, and members;
    `meetings` names, for each counted meeting, the members that made it count."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    meeting_ids: list[str] = Field(default_factory=list)
    outcome_ids: list[str] = Field(default_factory=list)
    expansion_ids: list[str] = Field(default_factory=list)
    member_codes: list[str] = Field(default_factory=list)
    meetings: list[CountedMeetingState] = Field(default_factory=list)


class CriterionExplanation(BaseModel):
    """One criterion judged: `value` against `target` (for all_of / any_of: how many parts are met).

    `path` names the criterion inside the criteria document (`advancement.solid_framework.criteria[1]`);
    a combined criterion is followed by its parts, depth first.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    path: str
    kind: str
    description: str
    target: int
    value: int
    members_target: int | None = None
    members_value: int | None = None
    met: bool
    evidence: EvidenceState


@CATALOG.event(type="org.neacoop.roadmap.track.stage_advanced.v1", topic=TRACK_TOPIC)
class StageAdvanced(EventData):
    """A roadmap track advanced a stage because its criteria were met; the explanation lists every
    criterion with its target, its value and the meetings, outcomes and expansions that count."""

    roadmap_code: str
    track: str
    from_stage: str
    to_stage: str
    advanced_on: date = Field(description="The date of the fact that completed the criteria")
    completed_by: str = Field(description="The id of that fact (a meeting id, or a mechanism expansion)")
    criteria_version: int
    explanation: list[CriterionExplanation]


CRITERIA_TOPIC = "roadmap.criteria.v1"


@CATALOG.event(type="org.neacoop.roadmap.criteria.version_adopted.v1", topic=CRITERIA_TOPIC)
class CriteriaVersionAdopted(EventData):
    """An administrator adopted a new version of a roadmap's criteria; every track was re-evaluated
    under it (advancements follow as `stage_advanced` events naming this version)."""

    roadmap_code: str
    version: int
    document: dict[str, Any] = Field(description="The criteria document, as `criteria.schema.json` says")
    adopted_by: str = Field(description="The client that adopted it")
