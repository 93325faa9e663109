"""Who took part in a meeting: the "held" record (attendance and outcomes), the participants, their
invitations and answers: `/v1/meetings/{meeting_id}/held` and `/v1/meetings/{meeting_id}/participants`.

The same ceremony as every write under `/v1/meetings` (api.py): an `Idempotency-Key`, an optional
`If-Match`, the `meetings:write` scope, and a partner client acting on the meetings its member hosts,
decided before the body is validated. Reads are open.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, require_member
from common.contracts.meetings import Participant
from common.errors import Conflict
from common.http import IfMatch
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal, refused_by
from meetings import domain, service
from meetings.analytics.api import today_of
from meetings.api import Host, answer, meeting_host
from meetings.models import Meeting
from meetings.schemas import HeldRecord, Invitations, MeetingRead, ResponseUpdate
from meetings.state import meeting_state

# The paths follow the meeting's own in api.py, under the same prefix and tag.
router = APIRouter(prefix="/v1/meetings", tags=["meetings"])


async def _host_or_invited(request: Request) -> Collection[str]:
    # The invited member answers for itself; the host's client may record any answer.
    return [request.path_params["member_code"], *await meeting_host(request)]


HostOrInvited = Annotated[
    Principal,
    Depends(
        require_member(
            "meetings:write",
            _host_or_invited,
            field="member_code",
            refusal="may answer only for its own member or for the meetings it hosts",
        )
    ),
]


def participants_json(meeting: Meeting) -> Any:
    return [p.model_dump(mode="json") for p in meeting_state(meeting).participants]


@router.post(
    "/{meeting_id}/held",
    response_model=MeetingRead,
    operation_id="recordMeetingHeld",
    responses={
        409: refusal(
            "Only a confirmed meeting can be held: a planned or postponed one must be confirmed first, and "
            "one held or cancelled cannot be held again (`current_status`; `allowed` lists its moves)",
            refused_by(lambda: domain.check_transition("planned", "held")),
            refused_by(lambda: domain.check_transition("held", "held")),
        ),
        422: refusal(
            "The record is refused and nothing is recorded: the body is not valid (`errors`), the meeting's "
            "date is in the future, a member in `attendance` was not invited or is listed twice, the host "
            "did not attend, or an outcome's `member_codes` names a member that did not attend or was not "
            "in good standing on the meeting date (`not_in_good_standing` lists each with its role and "
            "`status_on_meeting_date`)",
            refused_by(
                lambda: domain.check_outcome_members(
                    [["KOR", "ASEAN"]],
                    {
                        "KOR": domain.Standing("KOR", "host", "participant"),
                        "ASEAN": domain.Standing("ASEAN", "observer", "observer"),
                    },
                    date(2014, 11, 24),
                )
            ),
        ),
    },
)
async def record_held(
    meeting_id: uuid.UUID,
    body: HeldRecord,
    request: Request,
    principal: Host,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Records that a confirmed meeting was held: attendance, outcomes and a summary, in one call.

    - Only a confirmed meeting can be held; anything else, a second "held" included, is a 409.
    - The meeting's date (the day it starts, in its time zone) may not be in the future (422).
    - Every member in `attendance` must be a participant; participants not listed were absent.
    - The host must have attended.
    - Each outcome's `member_codes` (signatories, or supporters for `support_expressed`) must have
      attended and be in good standing on the meeting date: participant, supporter or partner by status
      in the registry, whatever role they were invited in, and not invited as an observer. Observers
      (ASEAN, the EU), members only invited, suspended or withdrawn watch rather than decide; the
      refusal lists them in `not_in_good_standing` with their role and `status_on_meeting_date`.

    A meeting not confirmed is a 409; each other refusal is a 422 naming the field (e.g.
    `outcomes.0.member_codes`); a stale `If-Match` is a 412. Nothing is recorded on a refusal.
    Announces exactly one `meeting.held`, carrying the meeting's issue areas, track and mechanism, each
    attendee with its kind and participation status on the meeting date, and the outcomes: what the
    roadmap and notifications need without calling back. The attendees' engagement is judged again; each
    change is announced as `meetings.member.engagement_changed`.
    """
    runtime = runtime_of(request)

    async def record(session: AsyncSession) -> Answer:
        meeting = await service.record_held(
            session,
            runtime.outbox,
            meeting_id=meeting_id,
            command=body,
            if_match=if_match,
            engagement_as_of=today_of(request),
        )
        return answer(meeting)

    return await answer_write(request, principal, idempotency_key, body, record)


@router.get("/{meeting_id}/participants")
async def list_participants(meeting_id: uuid.UUID, request: Request) -> list[Participant]:
    """The invited members with their role, response and, once held, attendance and delegation level."""
    async with runtime_of(request).uow.read() as session:
        meeting = await service.get_meeting(session, meeting_id)
        return list(meeting_state(meeting).participants)


@router.post(
    "/{meeting_id}/participants",
    status_code=status.HTTP_201_CREATED,
    response_model=list[Participant],
    responses={
        409: refusal(
            "A member listed is already a participant, or the meeting is held or cancelled",
            Conflict("MNG is already a participant", field="participants.0.member_code"),
            refused_by(lambda: domain.check_open_for_changes("cancelled")),
        ),
        422: refusal(
            "The body is not valid (`errors`), or a member is not known to the registry, is invited twice, "
            "is invited as the host, or is suspended or withdrawn on the meeting date; the problem names it"
        ),
    },
)
async def invite_participants(
    meeting_id: uuid.UUID,
    body: Invitations,
    request: Request,
    principal: Host,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Invites members with a role (participant, observer or guest; the host is set at scheduling).

    Each must be known to the registry and not suspended or withdrawn on the meeting date (422); one
    already invited is a 409. Not after the meeting is held or cancelled (409). Answers with every
    participant; announces `meeting.participants_changed`.
    """
    runtime = runtime_of(request)

    async def invite(session: AsyncSession) -> Answer:
        meeting = await service.invite(
            session,
            runtime.outbox,
            meeting_id=meeting_id,
            command=body,
            if_match=if_match,
        )
        return answer(meeting, shape=participants_json, location=f"/v1/meetings/{meeting.id}/participants")

    return await answer_write(
        request, principal, idempotency_key, body, invite, status_code=status.HTTP_201_CREATED
    )


@router.patch(
    "/{meeting_id}/participants/{member_code}",
    response_model=list[Participant],
    operation_id="recordParticipantResponse",
    responses={
        404: refusal("There is no meeting with this `meeting_id`, or `member_code` is not invited to it"),
        409: refusal(
            "The meeting is held or cancelled: answers to its invitation no longer change",
            refused_by(lambda: domain.check_open_for_changes("held")),
        ),
    },
)
async def record_response(
    meeting_id: uuid.UUID,
    member_code: str,
    body: ResponseUpdate,
    request: Request,
    principal: HostOrInvited,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Records an invited member's answer (accepted, declined, or back to invited).

    The member's own client answers for it; the host's client and administrators may record any answer.
    A member not invited is a 404; once the meeting is held or cancelled, answers no longer change (409).
    Answers with every participant; announces `meeting.participants_changed`.
    """
    runtime = runtime_of(request)

    async def respond(session: AsyncSession) -> Answer:
        meeting = await service.record_response(
            session,
            runtime.outbox,
            meeting_id=meeting_id,
            member_code=member_code,
            command=body,
            if_match=if_match,
        )
        return answer(meeting, shape=participants_json)

    return await answer_write(request, principal, idempotency_key, body, respond)
