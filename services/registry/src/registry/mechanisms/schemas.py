from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.i18n import Multilingual
from common.limits import LIST_MAX_ITEMS, Count, Text
from common.rfc3339 import Date, Timestamp
from registry.members.schemas import Code

JOINED_ON = (
    "The day the members joined; null when the sources give no date, and such a member counts as one on "
    "every date"
)


class MechanismCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "TRM+",
                    "names": {"en": "Trilateral Ministerial Meeting Plus", "ko": "한중일+ 장관회의"},
                    "agenda": "Nuclear safety",
                    "nature": "Ministerial meeting",
                    "participation": "China, Japan and Korea, with the United States and Russia",
                    "expands_code": "TRM",
                    "member_codes": ["KOR", "JPN", "CHN", "USA", "RUS"],
                    "joined_on": "2014-05-01",
                }
            ]
        },
    )

    code: Code = Field(description="A short upper-case code: TRM, TRM+, NEASPEC, GTI")
    names: Multilingual
    agenda: Text | None = Field(default=None, description="What the mechanism works on")
    nature: Text | None = Field(default=None, description="For example 'ministerial meeting' or 'programme'")
    participation: Text | None = Field(default=None, description="Who takes part, in the sources' words")
    declared_member_count: Count | None = Field(
        default=None,
        description="A count the sources declare where the member list is not registered (ARF: 27)",
    )
    expands_code: Code | None = Field(
        default=None, description="The registered mechanism this one expands (TRM+ expands TRM)"
    )
    member_codes: list[Code] = Field(
        default_factory=list,
        max_length=LIST_MAX_ITEMS,
        description="Registered members that belong to it from the start",
    )
    joined_on: Date | None = Field(default=None, description=JOINED_ON)


class MechanismUpdate(BaseModel):
    """The fields sent are changed and the others kept; null clears a field, except `names`, which stay.

    Members join and leave through `/members`, never here.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"agenda": "Nuclear safety and disaster relief", "declared_member_count": 5}]
        },
    )

    names: Multilingual | None = None
    agenda: Text | None = Field(default=None, description="What the mechanism works on")
    nature: Text | None = Field(default=None, description="For example 'ministerial meeting' or 'programme'")
    participation: Text | None = Field(default=None, description="Who takes part, in the sources' words")
    declared_member_count: Count | None = Field(
        default=None,
        description="A count the sources declare where the member list is not registered (ARF: 27)",
    )
    expands_code: Code | None = Field(
        default=None,
        description="The registered mechanism this one expands; null when it expands none",
    )


class MembersAdd(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"member_codes": ["MNG"], "joined_on": "2015-11-02"}]}
    )

    member_codes: list[Code] = Field(
        min_length=1, max_length=LIST_MAX_ITEMS, description="Registered members, each listed once"
    )
    joined_on: Date | None = Field(
        default=None, description="The day the members joined; the day of the request when not given"
    )


class MechanismRead(BaseModel):
    code: str
    names: dict[str, str]
    agenda: str | None
    nature: str | None
    participation: str | None
    declared_member_count: int | None
    expands: str | None = Field(description="The code of the mechanism this one expands")
    expanded_by: list[str] = Field(description="Codes of the mechanisms that expand this one")
    member_count: int = Field(
        description="Current registered members if any are registered, else the declared count (else 0)"
    )
    member_count_source: Literal["registered", "declared"]
    version: int
    registered_at: Timestamp


class MembershipRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    member_code: str
    joined_on: Date | None
    left_on: Date | None


class MechanismMembers(BaseModel):
    code: str
    at: Date = Field(description="The date the list is read on")
    members: list[MembershipRead]
