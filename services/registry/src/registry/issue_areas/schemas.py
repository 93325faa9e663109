from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from common.contracts.registry import IssueAreaKind
from common.i18n import Multilingual

# Lower snake_case: nuclear_safety, energy, disaster_risk_reduction.
IssueAreaCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=64)]


class IssueAreaCreate(BaseModel):
    # `open` is not accepted: a new area's openness follows from its kind, and a traditional area opens only
    # by the roadmap's consensus decision.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "nuclear_safety",
                    "names": {
                        "en": "Nuclear safety",
                        "ko": "원자력 안전",
                        "ja": "原子力安全",
                        "zh": "核安全",
                    },
                    "kind": "non_traditional",
                }
            ]
        },
    )

    code: IssueAreaCode = Field(description="Lower snake_case, for example nuclear_safety")
    names: Multilingual
    kind: IssueAreaKind = Field(
        description="non_traditional areas are open from the start; traditional ones start locked"
    )


class IssueAreaUpdate(BaseModel):
    # Only the names change: `open` and `kind` are refused (422), because an area opens only by the roadmap's
    # consensus decision, and turning a traditional area non-traditional would open it without one.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"names": {"en": "Energy security", "ko": "에너지 안보", "ja": "エネルギー安全保障"}}
            ]
        },
    )

    names: Multilingual | None = None


class IssueAreaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    names: dict[str, str]
    kind: IssueAreaKind
    open: bool = Field(description="Whether meetings may take it up")
    opened_by_decision: str | None = Field(description="The roadmap decision that opened a traditional area")
    version: int
