"""What the roadmap API answers: roadmaps, tracks with the criteria of their next stage, history."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from common.contracts.roadmap import CriterionExplanation


class StageRead(BaseModel):
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
    stage_began: date
    criteria: list[CriterionExplanation]


class TrackRead(BaseModel):
    track: str
    issue_areas: list[str]
    untagged: bool
    current_stage: str
    since: date | None = Field(description="When the track entered its stage; null at the first stage")
    next: NextStageRead | None = Field(
        description="Null at the last stage, or where only a decision moves the track on"
    )


class RoadmapRead(RoadmapSummary):
    tracks: list[TrackRead]


class RoadmapList(BaseModel):
    items: list[RoadmapSummary]


class AdvancementRead(BaseModel):
    track: str
    from_stage: str
    to_stage: str
    advanced_on: date
    completed_by: str
    criteria_version: int
    explanation: list[CriterionExplanation]


class HistoryRead(BaseModel):
    roadmap_code: str
    items: list[AdvancementRead]
