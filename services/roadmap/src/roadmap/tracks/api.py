"""Roadmaps and their tracks, history and the what-if: `/v1/roadmaps`; the held meetings the roadmap
counted: `/v1/facts`. Reads and the what-if are open; the facts are for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.errors import RuleViolated
from common.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, decode_cursor, encode_cursor
from roadmap.criteria.document import CriteriaDocument
from roadmap.evaluation import Evaluation
from roadmap.state import explanation
from roadmap.tracks import repository, service
from roadmap.tracks.domain import WhatIf
from roadmap.tracks.schemas import (
    AdvancementRead,
    HeldMeetingFactRead,
    HistoryRead,
    NextStageRead,
    RoadmapList,
    RoadmapRead,
    RoadmapSummary,
    SimulatedAdvancement,
    SimulatedMeeting,
    SimulatedTrack,
    SimulationRead,
    StageRead,
    TrackRead,
)

router = APIRouter(prefix="/v1/roadmaps", tags=["roadmaps"])
# Included after the decisions' and criteria's routes (roadmap.main), where the published document has
# always listed it: partners diff docs/openapi/roadmap.json between releases.
what_if_router = APIRouter(prefix="/v1/roadmaps", tags=["roadmaps"])
facts_router = APIRouter(prefix="/v1/facts", tags=["facts"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]


def summary(document: CriteriaDocument) -> RoadmapSummary:
    return RoadmapSummary(
        code=document.roadmap_code,
        criteria_version=document.version,
        stages=[StageRead.model_validate(stage) for stage in document.ordered_stages()],
    )


def next_stage(judged: Evaluation | None) -> NextStageRead | None:
    """How the track stands against the criteria of the stage it would enter next, if there is one."""
    if judged is None:
        return None
    return NextStageRead(
        stage=judged.into_stage,
        met=judged.met,
        stage_began=judged.stage_began,
        criteria=explanation(judged.criterion),
    )


def track_read(standing: service.Standing) -> TrackRead:
    scope, position = standing.scope, standing.judgement.position
    return TrackRead(
        track=scope.code,
        issue_areas=sorted(scope.issue_areas),
        untagged=scope.untagged,
        levels=sorted(scope.levels),
        current_stage=position.stage,
        since=None if position.since is None else position.since.on,
        held=position.held,
        next=next_stage(standing.judgement.next),
    )


def simulated_track(answer: WhatIf) -> SimulatedTrack:
    return SimulatedTrack(
        track=answer.judgement.track,
        current_stage=answer.stored.stage,
        would_reach=answer.judgement.position.stage,
        held=answer.stored.held,
        advancements=[
            SimulatedAdvancement(
                from_stage=a.from_stage,
                to_stage=a.to_stage,
                on=a.on,
                completed_by=a.completed_by,
                criteria=explanation(a.evaluation.criterion),
            )
            for a in answer.ahead
        ],
        next=next_stage(answer.judgement.next),
    )


@router.get("", response_model=RoadmapList)
async def list_roadmaps(request: Request) -> RoadmapList:
    """Every roadmap (NAPCI) with its criteria version and stages; `/v1/roadmaps/{code}` has its tracks."""
    async with runtime_of(request).uow.read() as session:
        return RoadmapList(items=[summary(document) for document in await service.roadmaps(session)])


@router.get("/{code}", response_model=RoadmapRead)
async def get_roadmap(code: str, request: Request) -> RoadmapRead:
    """Every track with its stage and, for its next stage, each criterion's value, target and evidence."""
    async with runtime_of(request).uow.read() as session:
        found = await service.progress(session, code)
    return RoadmapRead(
        **summary(found.document).model_dump(), tracks=[track_read(standing) for standing in found.tracks]
    )


@router.get("/{code}/tracks/{track}", response_model=TrackRead, operation_id="getRoadmapTrack")
async def get_track(code: str, track: str, request: Request) -> TrackRead:
    """One track of the roadmap (an issue area's, or `napci` for the initiative as a whole): its stage and,
    for its next stage, each criterion's value, target and evidence."""
    async with runtime_of(request).uow.read() as session:
        found = await service.progress(session, code, track)
    return track_read(found.tracks[0])


@router.get("/{code}/history", response_model=HistoryRead, operation_id="getRoadmapHistory")
async def get_history(code: str, request: Request) -> HistoryRead:
    """Every advancement, oldest first, with the explanation its event carried."""
    async with runtime_of(request).uow.read() as session:
        rows = await service.stage_history(session, code)
        return HistoryRead(roadmap_code=code, items=[AdvancementRead.model_validate(row) for row in rows])


@what_if_router.post("/{code}/simulate", response_model=SimulationRead, operation_id="simulateRoadmap")
async def simulate(code: str, body: SimulatedMeeting, request: Request) -> SimulationRead:
    """What would change if this meeting were held: each track it belongs to, its stage now, the stage
    it would reach and the criteria judged with the meeting. Changes nothing: computed purely from the
    facts kept and the hypothetical meeting; nothing is written, no event recorded."""
    async with runtime_of(request).uow.transaction() as session:
        found = await service.simulate(session, code, body)
    return SimulationRead(
        roadmap_code=code,
        criteria_version=found.document.version,
        simulated_meeting_id=found.meeting.meeting_id,
        tracks=[simulated_track(answer) for answer in found.tracks],
    )


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
    async with runtime_of(request).uow.read() as session:
        rows = await repository.held_meetings_page(session, after=after, limit=limit + 1)
    items = [HeldMeetingFactRead.model_validate(row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(
        items=items, next_cursor=encode_cursor({"after": rows[limit - 1].meeting_id}) if more else None
    )
