"""HTTP API of the meetings service under /v1."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.errors import NotFound
from meetings import repository, service
from meetings.schemas import MeetingCreate, MeetingRead

router = APIRouter(prefix="/v1", tags=["meetings"])


@router.post("/meetings", status_code=status.HTTP_201_CREATED, response_model=MeetingRead)
async def schedule_meeting(
    body: MeetingCreate,
    request: Request,
    response: Response,
    _: Annotated[Principal, Depends(require_scope("meetings:write"))],
) -> MeetingRead:
    """Schedules a meeting (status `planned`). The host must be a member the registry has announced.

    Announces `org.neacoop.meetings.meeting.scheduled.v1` on `meetings.meeting.v1`.
    """
    runtime = runtime_of(request)
    async with runtime.uow.transaction() as session:
        meeting = await service.schedule_meeting(session, runtime.outbox, command=body)
    response.headers["Location"] = f"/v1/meetings/{meeting.id}"
    response.headers["ETag"] = f'"{meeting.version}"'
    return MeetingRead.model_validate(meeting)


@router.get("/meetings/{meeting_id}", response_model=MeetingRead)
async def get_meeting(meeting_id: uuid.UUID, request: Request, response: Response) -> MeetingRead:
    """One meeting by its id."""
    async with runtime_of(request).uow.transaction() as session:
        meeting = await repository.get_meeting(session, meeting_id)
        if meeting is None:
            raise NotFound(f"no meeting with id {meeting_id}", field="meeting_id")
    response.headers["ETag"] = f'"{meeting.version}"'
    return MeetingRead.model_validate(meeting)
