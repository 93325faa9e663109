"""Roadmaps, their tracks, history, decisions and criteria: `/v1/roadmaps`. Reads and the what-if are
open; writes are for administrators."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.errors import RuleViolated
from common.http import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Page,
    decode_cursor,
    encode_cursor,
    etag,
)
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.limits import HEADER_MAX_LENGTH
from common.openapi import refusal, refused_by
from roadmap import domain, repository, service
from roadmap.defaults import napci_criteria_json
from roadmap.schemas import (
    CriteriaRead,
    DecisionCreate,
    DecisionList,
    DecisionRead,
    HeldMeetingFactRead,
    HistoryRead,
    RoadmapList,
    RoadmapRead,
    SimulatedMeeting,
    SimulationRead,
    TrackRead,
)

router = APIRouter(prefix="/v1/roadmaps", tags=["roadmaps"])
facts_router = APIRouter(prefix="/v1/facts", tags=["facts"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]
# Members as the roadmap knows them, for the examples of a decision's refusals.
EXAMPLE_PARTIES = {
    code: domain.Party(code, kind, ((date(2013, 10, 1), status),))
    for code, kind, status in (
        ("KOR", "state", "participant"),
        ("JPN", "state", "participant"),
        ("CHN", "state", "participant"),
        ("ASEAN", "regional_organization", "observer"),
    )
}
IfMatch = Annotated[
    str | None,
    Header(
        max_length=HEADER_MAX_LENGTH,
        description="The criteria version's ETag you read; required, a stale one is a 412",
    ),
]


@router.get("", response_model=RoadmapList)
async def list_roadmaps(request: Request) -> RoadmapList:
    """Every roadmap (NAPCI) with its criteria version and stages; `/v1/roadmaps/{code}` has its tracks."""
    async with runtime_of(request).uow.transaction() as session:
        return RoadmapList(items=await service.roadmaps(session))


@router.get("/{code}", response_model=RoadmapRead)
async def get_roadmap(code: str, request: Request) -> RoadmapRead:
    """Every track with its stage and, for its next stage, each criterion's value, target and evidence."""
    async with runtime_of(request).uow.transaction() as session:
        return await service.progress(session, code)


@router.get("/{code}/tracks/{track}", response_model=TrackRead, operation_id="getRoadmapTrack")
async def get_track(code: str, track: str, request: Request) -> TrackRead:
    """One track of the roadmap (an issue area's, or `napci` for the initiative as a whole): its stage and,
    for its next stage, each criterion's value, target and evidence."""
    async with runtime_of(request).uow.transaction() as session:
        found = await service.progress(session, code, track)
    return found.tracks[0]


@router.get("/{code}/history", response_model=HistoryRead, operation_id="getRoadmapHistory")
async def get_history(code: str, request: Request) -> HistoryRead:
    """Every advancement, oldest first, with the explanation its event carried."""
    async with runtime_of(request).uow.transaction() as session:
        return await service.stage_history(session, code)


@router.get("/{code}/decisions", response_model=DecisionList, operation_id="listRoadmapDecisions")
async def list_decisions(code: str, request: Request) -> DecisionList:
    """Every recorded decision, oldest first."""
    async with runtime_of(request).uow.transaction() as session:
        return await service.decisions(session, code)


@router.post(
    "/{code}/decisions",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionRead,
    responses={
        409: refusal(
            "The roadmap's state refuses the decision: `agreed_by` lacks a state participating on "
            "`decided_on` (`missing`), `decided_on` is before the last change of the track, the track is "
            "at the last stage (advance) or the first (move_back), or the initiative has not reached the "
            "framework stage (open_issue_area)",
            refused_by(lambda: domain.consensus(["KOR", "JPN"], EXAMPLE_PARTIES, date(2015, 10, 30))),
        ),
        422: refusal(
            "The body is not valid (`errors`), or names what the roadmap does not know or cannot decide: a "
            "track, an issue area that is not a locked traditional one, a date in the future, or in "
            "`agreed_by` a member that is not a participating state on `decided_on` (`refused`)",
            refused_by(
                lambda: domain.consensus(["KOR", "JPN", "CHN", "ASEAN"], EXAMPLE_PARTIES, date(2015, 10, 30))
            ),
        ),
    },
)
async def record_decision(
    code: str,
    body: DecisionCreate,
    request: Request,
    principal: Admin,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Records a consensus decision (administrators only) and announces `decision.recorded` on
    `roadmap.decision.v1`: advance / move_back move the track one stage (409 at the ends), hold stops
    criteria advancing it; open_issue_area needs the framework stage, and the registry opens the area on
    the event. Every decision is a consensus: `agreed_by` must name every state participating on
    `decided_on` (409 naming the missing ones) and only them (422 naming the others)."""
    runtime = runtime_of(request)

    async def record(session: AsyncSession) -> Answer:
        decision = await service.record_decision(
            session, runtime.outbox, code, body, recorded_by=principal.client_id
        )
        return Answer(service.decision_read(decision), {"Location": f"/v1/roadmaps/{code}/decisions"})

    return await answer_write(
        request, principal, idempotency_key, body, record, status_code=status.HTTP_201_CREATED
    )


@router.get("/{code}/criteria", response_model=CriteriaRead, operation_id="getRoadmapCriteria")
async def get_criteria(code: str, request: Request, response: Response) -> CriteriaRead:
    """The criteria version in force; the ETag is its version (send it as If-Match to adopt a new one)."""
    async with runtime_of(request).uow.transaction() as session:
        found = await service.criteria(session, code)
    response.headers["ETag"] = etag(found.version)
    return found


@router.put(
    "/{code}/criteria",
    response_model=CriteriaRead,
    operation_id="adoptRoadmapCriteria",
    # Criteria are replaced whole, so a write without the version it read would undo another's.
    responses={
        422: refusal(
            "The document fails the criteria schema, is for another roadmap, or names an issue area, "
            "mechanism, member kind, outcome type or stage that is not known; `errors` lists each problem "
            "with its path inside the document"
        ),
        428: refusal("`If-Match` is required: send the ETag of the criteria you read"),
    },
)
async def adopt_criteria(
    code: str,
    body: Annotated[dict[str, Any], Body(examples=[napci_criteria_json()])],
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Adopts a new criteria version, the one in force + 1 (administrators only; If-Match required:
    428 without it, 412 when stale). A document failing the schema or naming an unknown issue area,
    mechanism, member kind, outcome type or stage is a 422 naming the path inside it (`errors` lists
    every problem). Every track is re-evaluated under the new version; none moves back."""
    runtime = runtime_of(request)

    async def adopt(session: AsyncSession) -> Answer:
        adopted = await service.adopt_criteria(
            session, runtime.outbox, code, body, if_match=if_match, adopted_by=principal.client_id
        )
        return Answer(adopted, {"ETag": etag(adopted.version)})

    return await answer_write(request, principal, idempotency_key, body, adopt)


@router.post("/{code}/simulate", response_model=SimulationRead, operation_id="simulateRoadmap")
async def simulate(code: str, body: SimulatedMeeting, request: Request) -> SimulationRead:
    """What would change if this meeting were held: each track it belongs to, its stage now, the stage
    it would reach and the criteria judged with the meeting. Changes nothing: computed purely from the
    facts kept and the hypothetical meeting; nothing is written, no event recorded."""
    async with runtime_of(request).uow.transaction() as session:
        return await service.simulate(session, code, body)


@facts_router.get("/held-meetings")
async def list_held_meetings(
    request: Request,
    _: Admin,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page[HeldMeetingFactRead]:
    """The held meetings the roadmap has applied (administrators only), by meeting id, with cursor pages:
    what `make reconcile` compares with the meetings service and Kafka to find a `meeting.held` the
    roadmap never received."""
    position = decode_cursor(cursor)
    after = position.get("after") if position else None
    if position is not None and not isinstance(after, str):
        raise RuleViolated("the cursor is not one this API gave out", field="cursor")
    async with runtime_of(request).uow.transaction() as session:
        rows = await repository.held_meetings_page(session, after=after, limit=limit + 1)
    items = [
        HeldMeetingFactRead(
            meeting_id=row.meeting_id,
            held_on=row.held_on,
            issue_area_codes=row.issue_area_codes,
            version=row.version,
        )
        for row in rows[:limit]
    ]
    more = len(rows) > limit
    return Page(
        items=items, next_cursor=encode_cursor({"after": rows[limit - 1].meeting_id}) if more else None
    )
