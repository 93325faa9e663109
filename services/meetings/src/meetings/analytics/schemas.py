"""The analytics' answers: the co-participation network and its growth, and engagement by member. The
field names are the contract the cooperation console reads; fields may be added, never renamed."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.meetings import Engagement, Track
from meetings.analytics.domain import CENTRALITY, EngagementRule


class Read(BaseModel):
    model_config = ConfigDict(populate_by_name=True, from_attributes=True)


class Period(Read):
    from_: date | None = Field(
        alias="from", description="The first day of the meetings counted; null: from the first"
    )
    to: date | None = Field(description="The last day of the meetings counted; null: up to the last")


class Filters(Read):
    issue_area: str | None = None
    track: Track | None = None
    mechanism: str | None = None
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class MemberMeasuresRead(Read):
    code: str
    meetings: int = Field(description="Held meetings in the filter the member attended")
    degree: int = Field(description="Members it attended at least one of them with")
    weighted_degree: int = Field(description="The weights of its links, summed: meetings attended together")
    centrality: float = Field(description=f"networkx's {CENTRALITY} centrality in the network, 0 to 1")


class LinkRead(Read):
    members: list[str] = Field(description="The two members, by code, in order")
    weight: int = Field(description="Held meetings in the filter both attended")
    meetings: list[str] = Field(description="Their ids")


class CoParticipationRead(Read):
    period: Period
    filters: Filters
    centrality_measure: str = Field(default=CENTRALITY, description="The networkx measure `centrality` is")
    members: list[MemberMeasuresRead] = Field(
        description="Every member that attended; most co-participation first"
    )
    links: list[LinkRead] = Field(description="Strongest first, then by the members' codes")
    least_attending: list[str] = Field(
        description="Every member of the filter (attended, invited, or in the filtered mechanism), fewest "
        "attended meetings first, then by code"
    )


class YearRead(Read):
    year: int
    meetings: int = Field(description="Held meetings in the filter up to the end of the year")
    members: int = Field(description="Members that attended any of them")
    links: int = Field(description="Pairs of members that attended one of them together")
    weight: int = Field(description="The links' weights, summed")


class GrowthRead(Read):
    years: list[YearRead] = Field(description="The cumulative network at the end of each year, oldest first")


class LastAttendedRead(Read):
    meeting: str
    on: date


class MemberEngagementRead(Read):
    code: str
    engagement: Engagement
    last_attended: LastAttendedRead | None = Field(description="The last meeting that counts; null if none")
    justified_by: list[str] = Field(
        description="The meetings the judgement rests on: those within the lapsing threshold when active, "
        "else the last one that counts; none when no meeting ever counted"
    )


class EngagementRead(Read):
    as_of: date
    rule: EngagementRule
    members: list[MemberEngagementRead]


class OneEngagementRead(MemberEngagementRead):
    as_of: date
