"""Roadmaps, their tracks and history: `/v1/roadmaps`. Reads are open."""

from __future__ import annotations

from fastapi import APIRouter, Request

from common.app import runtime_of
from roadmap import service
from roadmap.schemas import HistoryRead, RoadmapList, RoadmapRead, TrackRead

router = APIRouter(prefix="/v1/roadmaps", tags=["roadmaps"])


@router.get("", response_model=RoadmapList)
async def list_roadmaps(request: Request) -> RoadmapList:
    async with runtime_of(request).uow.transaction() as session:
        return RoadmapList(items=await service.roadmaps(session))


@router.get("/{code}", response_model=RoadmapRead)
async def get_roadmap(code: str, request: Request) -> RoadmapRead:
    """Every track with its stage and, for its next stage, each criterion's value, target and evidence."""
    async with runtime_of(request).uow.transaction() as session:
        return await service.progress(session, code)


@router.get("/{code}/tracks/{track}", response_model=TrackRead)
async def get_track(code: str, track: str, request: Request) -> TrackRead:
    async with runtime_of(request).uow.transaction() as session:
        found = await service.progress(session, code, track)
    return found.tracks[0]


@router.get("/{code}/history", response_model=HistoryRead)
async def get_history(code: str, request: Request) -> HistoryRead:
    """Every advancement, oldest first, with the explanation its event carried."""
    async with runtime_of(request).uow.transaction() as session:
        return await service.stage_history(session, code)
