"""What the decisions API takes and answers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from common.contracts.roadmap import DecisionKind
from common.limits import LIST_MAX_ITEMS, TEXT_MAX_LENGTH, Identifier
from common.rfc3339 import Date


class DecisionCreate(BaseModel):
    # Like every request body of the four services: a field this API does not know is refused, not ignored.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "advance",
                    "track": "nuclear_safety",
                    "agreed_by": ["KOR", "JPN", "CHN", "USA", "RUS"],
                    "justification": "Two Track 1 meetings held with five states attending",
                    "decided_on": "2015-10-30",
                }
            ]
        },
    )

    kind: DecisionKind
    track: Identifier | None = Field(default=None, description="For advance, hold and move_back: the track")
    issue_area_code: Identifier | None = Field(
        default=None, description="For open_issue_area: the area to open"
    )
    agreed_by: list[Identifier] = Field(
        min_length=1, max_length=LIST_MAX_ITEMS, description="Codes of the members that agreed"
    )
    justification: str = Field(min_length=1, max_length=TEXT_MAX_LENGTH, description="Why; never empty")
    decided_on: Date

    @field_validator("justification")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a decision needs a justification")
        return value.strip()


class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    roadmap_code: str
    kind: DecisionKind
    track: str | None
    issue_area_code: str | None
    agreed_by: list[str]
    justification: str
    decided_on: Date
    from_stage: str | None
    to_stage: str | None


class DecisionList(BaseModel):
    items: list[DecisionRead]
