"""`/v1/analytics`: who meets whom (the co-participation network, and how it grew year by year) and who
drifts away (engagement from attendance). Public reads, like the calendar: no credentials."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from common.app import runtime_of
from common.contracts.meetings import Track
from common.errors import RuleViolated
from common.openapi import refusal
from common.rfc3339 import Date
from meetings.analytics import domain, service
from meetings.analytics.repository import Scope
from meetings.analytics.schemas import (
    CoParticipationRead,
    EngagementRead,
    Filters,
    GrowthRead,
    LastAttendedRead,
    LinkRead,
    MemberEngagementRead,
    MemberMeasuresRead,
    OneEngagementRead,
    Period,
    YearRead,
)

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])

UNKNOWN_FILTER = refusal(
    "A filter is not valid (`errors`), is not a parameter of this operation, names an issue area or "
    "mechanism the registry does not know, or `to` is before `from`; the problem names the field",
    RuleViolated("mechanism GTX is not known to the registry", field="mechanism"),
)


def today_of(request: Request) -> date:
    """The service's clock (main.create_app), which tests control."""
    today: date = request.app.state.today()
    return today


def _scope(
    issue_area: Annotated[
        str | None, Query(max_length=64, description="Only meetings on this issue area")
    ] = None,
    track: Annotated[Track | None, Query(description="Only meetings of this track")] = None,
    mechanism: Annotated[
        str | None, Query(max_length=64, description="Only meetings of this mechanism")
    ] = None,
    from_day: Annotated[
        Date | None, Query(alias="from", description="Only meetings held on or after this day")
    ] = None,
    to_day: Annotated[
        Date | None, Query(alias="to", description="Only meetings held on or before this day")
    ] = None,
) -> Scope:
    return Scope(issue_area=issue_area, track=track, mechanism=mechanism, from_date=from_day, to_date=to_day)


ScopeQuery = Annotated[Scope, Depends(_scope)]


def _filters(scope: Scope) -> Filters:
    return Filters(
        issue_area=scope.issue_area,
        track=scope.track,
        mechanism=scope.mechanism,
        from_=scope.from_date,
        to=scope.to_date,
    )


@router.get(
    "/co-participation",
    response_model=CoParticipationRead,
    operation_id="getCoParticipation",
    responses={422: UNKNOWN_FILTER},
)
async def co_participation(request: Request, scope: ScopeQuery) -> CoParticipationRead:
    """Who meets whom: the member x member network of the held meetings in the filter, weighted by the
    meetings both members attended (a meeting counts when it was held and both attended it).

    Per member: the meetings it attended, its degree (members it met), weighted degree (meetings attended
    together, summed over its links) and closeness centrality (networkx's `closeness_centrality`,
    Wasserman and Faust's variant for a network in several parts). Links come strongest first, with the
    meetings behind each. `least_attending` lists every member of the filter (attended, invited, or a
    member of the filtered mechanism), fewest attended meetings first. Public: no credentials."""
    async with runtime_of(request).uow.read() as session:
        network = await service.co_participation(session, scope)
    return CoParticipationRead(
        period=Period(from_=scope.from_date, to=scope.to_date),
        filters=_filters(scope),
        members=[MemberMeasuresRead.model_validate(m) for m in network.members],
        links=[
            LinkRead(members=list(link.members), weight=link.weight, meetings=link.meetings)
            for link in network.links
        ],
        least_attending=network.least_attending,
    )


@router.get(
    "/co-participation/growth",
    response_model=GrowthRead,
    operation_id="getCoParticipationGrowth",
    responses={422: UNKNOWN_FILTER},
)
async def co_participation_growth(request: Request, scope: ScopeQuery) -> GrowthRead:
    """How the co-participation network grew: for each year from the first meeting in the filter to the
    last, the network as it stood at the year's end (meetings, members, links and their total weight),
    cumulative. Same filters as the network. Public: no credentials."""
    async with runtime_of(request).uow.read() as session:
        grown = await service.growth(session, scope)
    return GrowthRead(years=[YearRead.model_validate(year) for year in grown])


AsOf = Annotated[Date | None, Query(description="The day to judge engagement on; today (UTC) when not given")]


def _entry(judgement: domain.Judgement) -> MemberEngagementRead:
    last = judgement.last_attended
    return MemberEngagementRead(
        code=judgement.member_code,
        engagement=judgement.engagement,
        last_attended=LastAttendedRead(meeting=last.id, on=last.held_on) if last else None,
        justified_by=judgement.justified_by,
    )


@router.get("/engagement", response_model=EngagementRead, operation_id="getEngagement")
async def engagement(request: Request, as_of: AsOf = None) -> EngagementRead:
    """Every member's engagement as of a day, judged from the meetings it attended rather than from the
    status the registry records: `active`, `lapsing` or `lapsed` by the thresholds in `rule` (the
    service's versioned `engagement.json`), with the last meeting that counts and the meetings that
    justify the judgement. A change is announced as `meetings.member.engagement_changed`. Public."""
    day = as_of or today_of(request)
    async with runtime_of(request).uow.read() as session:
        judged = await service.engagement(session, as_of=day)
    return EngagementRead(as_of=day, rule=domain.rule(), members=[_entry(j) for j in judged])


@router.get("/engagement/{code}", response_model=OneEngagementRead, operation_id="getMemberEngagement")
async def member_engagement(code: str, request: Request, as_of: AsOf = None) -> OneEngagementRead:
    """One member's engagement as of a day (today when not given), as in the list; a member the service
    does not know is a 404. Public."""
    day = as_of or today_of(request)
    async with runtime_of(request).uow.read() as session:
        judged = await service.engagement_of(session, code=code, as_of=day)
    return OneEngagementRead(as_of=day, **_entry(judged).model_dump())
