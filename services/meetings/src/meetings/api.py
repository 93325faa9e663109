"""Meetings and their lifecycle up to "held": `/v1/meetings` (attendance_api.py has the rest of the paths).

Every write takes an `Idempotency-Key` (the same key and body return the first answer and change
nothing) and an optional `If-Match` (a stale ETag is a 412). Writes need the `meetings:write` scope; a
partner client acts on the meetings its own member hosts, an administrator on any; both are decided
before the body is validated. Reads are open.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, member_in_body, require_member
from common.contracts.meetings import MeetingStatus, Track
from common.errors import RuleViolated
from common.http import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    IfMatch,
    Page,
    decode_cursor,
    encode_cursor,
    etag,
    json_response,
)
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal, refused_by
from common.rfc3339 import Date
from meetings import domain, repository, service
from meetings.models import Meeting
from meetings.schemas import (
    Cancellation,
    MeetingCreate,
    MeetingRead,
    MeetingUpdate,
    Postponement,
)
from meetings.state import meeting_state

router = APIRouter(prefix="/v1/meetings", tags=["meetings"])


async def meeting_host(request: Request) -> Collection[str]:
    """The member hosting the meeting of the path, as this service stored it (the host never changes)."""
    try:
        meeting_id = uuid.UUID(request.path_params["meeting_id"])
    except ValueError:
        return []  # not a meeting id at all: validating the path answers that
    async with runtime_of(request).uow.read() as session:
        return [await service.host_of(session, meeting_id)]


# A partner client runs the meetings its own member hosts. Each refusal is decided before the body is
# validated, so a stranger learns nothing from a 422 about a meeting it may not touch.
Scheduler = Annotated[
    Principal,
    Depends(
        require_member(
            "meetings:write",
            member_in_body("host_code"),
            field="host_code",
            refusal="may schedule only meetings its own member hosts",
        )
    ),
]
Host = Annotated[
    Principal,
    Depends(
        require_member(
            "meetings:write",
            meeting_host,
            field="host_code",
            refusal="may act only on meetings its own member hosts",
        )
    ),
]
Shape = Callable[[Meeting], Any]


def meeting_read(meeting: Meeting) -> MeetingRead:
    # The announced state is the read's core; only what the table knows beyond it is added here.
    return MeetingRead.model_validate(
        {
            **meeting_state(meeting).model_dump(),
            "id": meeting.id,
            "meeting_date": domain.meeting_date(meeting.starts_at, meeting.time_zone),
            "held_on": meeting.held_on,
            "scheduled_at": meeting.scheduled_at,
        }
    )


def answer(meeting: Meeting, *, shape: Shape = meeting_read, location: str | None = None) -> Answer:
    """A write's answer: the meeting (or its participants) with its new ETag, and where it is."""
    headers = {"ETag": etag(meeting.version)}
    if location is not None:
        headers["Location"] = location
    return Answer(shape(meeting), headers)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MeetingRead,
    responses={
        422: refusal(
            "The body is not valid (`errors` lists each field), or a rule refuses the meeting: a host, "
            "participant, mechanism or issue area this service does not know, an issue area still locked, "
            "a member suspended or withdrawn on the meeting date, `ends_at` before `starts_at`, a country "
            "code ISO 3166-1 has not assigned or a time zone IANA does not know; the problem names the field",
            refused_by(
                lambda: domain.check_times(
                    datetime.fromisoformat("2014-11-25T09:00:00+09:00"),
                    datetime.fromisoformat("2014-11-24T18:00:00+09:00"),
                )
            ),
        )
    },
)
async def schedule_meeting(
    body: MeetingCreate, request: Request, principal: Scheduler, idempotency_key: IdempotencyKey = None
) -> Response:
    """Schedules a meeting; it starts `planned`, with the host as its first participant (role `host`).

    Everything is checked against this service's copy of the registry, so scheduling works while the
    registry is down: `host_code`, the invited `participants`, `mechanism_code` (optional: a forum may
    stand alone) and every one of `issue_area_codes` (one or more) must be known, and each issue area
    open (a locked one is refused until the registry announces the consensus decision that opens it).
    A member suspended or withdrawn on the meeting date (the day it starts in `time_zone`) cannot take
    part. `starts_at` and `ends_at` need an offset; `ends_at` may not be before `starts_at`.
    `country_code` must be an assigned ISO 3166-1 alpha-3 code (KOR; not ZZZ) and `time_zone` an IANA
    name (Asia/Seoul). Each refusal is a 422 naming the field.

    A partner client may schedule only meetings its own member hosts; administrators any.
    Announces `meeting.scheduled` on `meetings.meeting.v1`.
    """
    runtime = runtime_of(request)

    async def schedule(session: AsyncSession) -> Answer:
        meeting = await service.schedule_meeting(session, runtime.outbox, principal=principal, command=body)
        return answer(meeting, location=f"/v1/meetings/{meeting.id}")

    return await answer_write(
        request, principal, idempotency_key, body, schedule, status_code=status.HTTP_201_CREATED
    )


@router.get("")
async def list_meetings(
    request: Request,
    issue_area: Annotated[str | None, Query(description="Meetings on this issue area")] = None,
    mechanism: Annotated[str | None, Query(description="Meetings of this mechanism")] = None,
    member: Annotated[str | None, Query(description="Meetings this member takes part in (any role)")] = None,
    track: Track | None = None,
    status: MeetingStatus | None = None,
    from_: Annotated[
        Date | None,
        Query(alias="from", description="Meetings whose date (in their time zone) is on or after"),
    ] = None,
    to: Annotated[
        Date | None, Query(description="Meetings whose date (in their time zone) is on or before")
    ] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page[MeetingRead]:
    """Meetings in order of their start, filtered; pass `next_cursor` back as `cursor` for the next page."""
    position = decode_cursor(cursor)
    after = None
    if position:
        try:
            after = (datetime.fromisoformat(position["starts_at"]), uuid.UUID(position["id"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleViolated("the cursor is not one this API gave out", field="cursor") from exc
    async with runtime_of(request).uow.read() as session:
        matching = repository.MeetingFilter(
            issue_area=issue_area,
            mechanism=mechanism,
            member=member,
            track=track,
            status=status,
            from_date=from_,
            to_date=to,
        )
        meetings = await repository.page(session, matching, after=after, limit=limit + 1)
        items = [meeting_read(m) for m in meetings[:limit]]
    more = len(meetings) > limit
    next_cursor = (
        encode_cursor(
            {"starts_at": meetings[limit - 1].starts_at.isoformat(), "id": str(meetings[limit - 1].id)}
        )
        if more
        else None
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/{meeting_id}", response_model=MeetingRead)
async def get_meeting(meeting_id: uuid.UUID, request: Request) -> Response:
    """One meeting with its participants and outcomes. The ETag is its version; send it as If-Match."""
    async with runtime_of(request).uow.read() as session:
        meeting = await service.get_meeting(session, meeting_id)
    return json_response(meeting_read(meeting), headers={"ETag": etag(meeting.version)})


@router.patch(
    "/{meeting_id}",
    response_model=MeetingRead,
    responses={
        409: refusal(
            "The meeting is held or cancelled: its details no longer change",
            refused_by(lambda: domain.check_open_for_changes("held")),
        )
    },
)
async def update_meeting(
    meeting_id: uuid.UUID,
    body: MeetingUpdate,
    request: Request,
    principal: Host,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes the title, issue areas, track, level, place, times or documents; only the fields sent change.

    The same rules as scheduling apply (known and open issue areas, `ends_at` not before `starts_at`,
    an assigned ISO 3166-1 alpha-3 `country_code`, an IANA `time_zone`).
    A held or cancelled meeting no longer changes (409). Announces `meeting.updated`.
    """
    runtime = runtime_of(request)

    async def update(session: AsyncSession) -> Answer:
        meeting = await service.update_meeting(
            session,
            runtime.outbox,
            meeting_id=meeting_id,
            command=body,
            if_match=if_match,
        )
        return answer(meeting)

    return await answer_write(request, principal, idempotency_key, body, update)


@router.post(
    "/{meeting_id}/confirm",
    response_model=MeetingRead,
    responses={
        409: refusal(
            "Only a planned or postponed meeting can be confirmed: this one is already confirmed, held or "
            "cancelled (`current_status`; `allowed` lists the moves it still has)",
            refused_by(lambda: domain.check_transition("confirmed", "confirmed")),
        )
    },
)
async def confirm_meeting(
    meeting_id: uuid.UUID,
    request: Request,
    principal: Host,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Confirms a planned or postponed meeting. Any other state is a 409 naming the transitions allowed
    (`allowed`). Announces `meeting.confirmed`."""
    runtime = runtime_of(request)

    async def confirm(session: AsyncSession) -> Answer:
        meeting = await service.confirm_meeting(
            session, runtime.outbox, meeting_id=meeting_id, if_match=if_match
        )
        return answer(meeting)

    return await answer_write(request, principal, idempotency_key, None, confirm)


@router.post(
    "/{meeting_id}/postpone",
    response_model=MeetingRead,
    responses={
        409: refusal(
            "A held or cancelled meeting cannot be postponed (`current_status`; `allowed` is empty)",
            refused_by(lambda: domain.check_transition("held", "postponed")),
        )
    },
)
async def postpone_meeting(
    meeting_id: uuid.UUID,
    body: Postponement,
    request: Request,
    principal: Host,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Moves a planned, confirmed or already postponed meeting to new dates, with the reason.

    A held or cancelled meeting cannot be postponed (409 with `allowed`). Announces `meeting.postponed`
    with the previous start; confirm the meeting again once the new dates are settled.
    """
    runtime = runtime_of(request)

    async def postpone(session: AsyncSession) -> Answer:
        meeting = await service.postpone_meeting(
            session,
            runtime.outbox,
            meeting_id=meeting_id,
            command=body,
            if_match=if_match,
        )
        return answer(meeting)

    return await answer_write(request, principal, idempotency_key, body, postpone)


@router.post(
    "/{meeting_id}/cancel",
    response_model=MeetingRead,
    responses={
        409: refusal(
            "A held meeting, or one already cancelled, cannot be cancelled (`current_status`)",
            refused_by(lambda: domain.check_transition("cancelled", "cancelled")),
        )
    },
)
async def cancel_meeting(
    meeting_id: uuid.UUID,
    body: Cancellation,
    request: Request,
    principal: Host,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Cancels a meeting that has not been held, with the reason; cancelled is final.

    Announces `meeting.cancelled`.
    """
    runtime = runtime_of(request)

    async def cancel(session: AsyncSession) -> Answer:
        meeting = await service.cancel_meeting(
            session,
            runtime.outbox,
            meeting_id=meeting_id,
            command=body,
            if_match=if_match,
        )
        return answer(meeting)

    return await answer_write(request, principal, idempotency_key, body, cancel)
