"""Events of the roadmap service."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

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
