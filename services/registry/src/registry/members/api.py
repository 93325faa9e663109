"""Members, their participation status over time, and their contacts: `/v1/members`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, member_in_path, require_member, require_scope
from common.contracts.registry import MemberKind, ParticipationStatus, StatusPeriod
from common.errors import Conflict, RuleViolated
from common.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, IfMatch, Page, decode_cursor, encode_cursor, etag
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal, refused_by
from common.participation import in_force, status_on
from common.rfc3339 import Date, Timestamp
from registry.members import domain, repository, service
from registry.members.schemas import (
    ContactCreate,
    ContactRead,
    ContactUpdate,
    MemberCreate,
    MemberRead,
    MemberUpdate,
    StatusChange,
    StatusCorrection,
    StatusCorrectionRead,
    StatusHistory,
)
from registry.models import Member
from registry.state import member_state

router = APIRouter(prefix="/v1/members", tags=["members"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]
# A partner acts only for its own member, named in the path; decided before the body is validated.
OwnMemberWriter = Annotated[
    Principal,
    Depends(
        require_member(
            "members:write",
            member_in_path("code"),
            field="code",
            refusal="may change only its own member's data",
        )
    ),
]
OwnMemberReader = Annotated[
    Principal,
    Depends(
        require_member(
            "members:write",
            member_in_path("code"),
            field="code",
            refusal="may read only its own member's contacts",
        )
    ),
]


def member_read(member: Member, on: date | None = None) -> MemberRead:
    """The member's announced state, with the period of its history in force on `on` (today by default)."""
    current = in_force(member.status_history, on or service.today())
    return MemberRead.model_validate(
        {
            **member_state(member).model_dump(),
            "status": current.status if current else None,
            "status_since": current.effective_from if current else None,
            "registered_at": member.registered_at,
        }
    )


async def status_history(
    session: AsyncSession, member: Member, *, at: date | None = None, as_recorded: datetime | None = None
) -> StatusHistory:
    """The history as it stands, or as it was recorded at `as_recorded`, with the corrections made."""
    periods = (
        member.status_history
        if as_recorded is None
        else await repository.history_as_recorded(session, member.code, as_recorded)
    )
    history = [StatusPeriod.model_validate(p, from_attributes=True) for p in periods]
    corrections = await repository.corrections(session, member.code, until=as_recorded)
    return StatusHistory(
        code=member.code,
        at=at,
        as_recorded=as_recorded,
        status_at=status_on(history, at or service.today()),
        history=history,
        corrections=[StatusCorrectionRead.model_validate(c) for c in corrections],
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MemberRead,
    responses={
        409: refusal(
            "A member with this `code` is already registered",
            Conflict("member MNG is already registered", field="code"),
        ),
        422: refusal(
            "The body is not valid (`errors`), or `parent_code` is wrong: a local government needs the state "
            "it belongs to, and a parent must be a registered state",
            RuleViolated("a local government belongs to a state: give parent_code", field="parent_code"),
        ),
    },
)
async def register_member(
    body: MemberCreate, request: Request, principal: Admin, idempotency_key: IdempotencyKey = None
) -> Response:
    """Registers a member with its first participation status (administrators only).

    Announces `member.registered` on `registry.member.v1`. A code already registered is a 409.
    """
    runtime = runtime_of(request)

    async def register(session: AsyncSession) -> Answer:
        member = await service.register_member(
            session, runtime.outbox, command=body, recorded_by=principal.client_id
        )
        headers = {"Location": f"/v1/members/{member.code}", "ETag": etag(member.version)}
        return Answer(member_read(member), headers)

    return await answer_write(
        request, principal, idempotency_key, body, register, status_code=status.HTTP_201_CREATED
    )


@router.get("")
async def list_members(
    request: Request,
    kind: MemberKind | None = None,
    status: Annotated[ParticipationStatus | None, Query(description="Status in force on `at`")] = None,
    at: Annotated[Date | None, Query(description="The date statuses are read on; today by default")] = None,
    mechanism: Annotated[str | None, Query(description="Members of this mechanism on `at`")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page[MemberRead]:
    """Members by code, filtered by kind, by status on a date, and by mechanism membership."""
    position = decode_cursor(cursor)
    day = at or service.today()
    async with runtime_of(request).uow.read() as session:
        members = await repository.page(
            session,
            on=day,
            kind=kind,
            status=status,
            mechanism=mechanism,
            after=position["after"] if position else None,
            limit=limit + 1,
        )
        items = [member_read(m, day) for m in members[:limit]]
    more = len(members) > limit
    return Page(items=items, next_cursor=encode_cursor({"after": items[-1].code}) if more else None)


@router.get("/{code}")
async def get_member(
    code: str, request: Request, response: Response, at: Annotated[Date | None, Query()] = None
) -> MemberRead:
    """One member, with its status on `at` (today by default). The ETag is its version."""
    async with runtime_of(request).uow.read() as session:
        member = await service.get_member(session, code)
    response.headers["ETag"] = etag(member.version)
    return member_read(member, at)


@router.patch("/{code}", response_model=MemberRead)
async def update_member(
    code: str,
    body: MemberUpdate,
    request: Request,
    principal: OwnMemberWriter,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes names, parent or note. A partner may change only its own member; announces `member.updated`."""
    runtime = runtime_of(request)

    async def update(session: AsyncSession) -> Answer:
        member = await service.update_member(
            session, runtime.outbox, code=code, command=body, if_match=if_match
        )
        return Answer(member_read(member), {"ETag": etag(member.version)})

    return await answer_write(request, principal, idempotency_key, body, update)


AsRecorded = Annotated[
    Timestamp | None,
    Query(
        description="An RFC 3339 timestamp with its offset: answer the history as the registry recorded it "
        "then, before any later correction"
    ),
]


def _moment(as_recorded: datetime | None) -> datetime | None:
    # A moment without an offset names no moment at all: refused rather than guessed to be UTC.
    if as_recorded is not None and as_recorded.utcoffset() is None:
        raise RuleViolated(
            "as_recorded needs an offset, for example 2024-05-01T09:00:00Z", field="as_recorded"
        )
    return as_recorded


@router.get("/{code}/status", operation_id="getMemberStatusHistory")
async def get_status_history(
    code: str,
    request: Request,
    at: Annotated[Date | None, Query()] = None,
    as_recorded: AsRecorded = None,
) -> StatusHistory:
    """The whole participation history, the status in force on `at`, and the corrections made to it.

    "What was PRK's status on 2014-03-01": `GET /v1/members/PRK/status?at=2014-03-01`. "What did the
    registry say about it on 2024-05-01, before the history was corrected":
    `GET /v1/members/PRK/status?at=2014-03-01&as_recorded=2024-05-01T00:00:00Z`.
    """
    moment = _moment(as_recorded)
    async with runtime_of(request).uow.read() as session:
        member = await service.get_member(session, code)
        return await status_history(session, member, at=at, as_recorded=moment)


@router.post(
    "/{code}/status",
    status_code=status.HTTP_201_CREATED,
    response_model=StatusHistory,
    operation_id="changeMemberStatus",
    responses={
        409: refusal(
            "The change contradicts the history: it is dated before the period in force (correct the past "
            "with `POST .../status/corrections` instead), or the status is already in force",
            Conflict(
                "KOR has been participant since 2013-10-01; a change cannot be dated earlier. To correct a "
                "mistaken history, an administrator posts the period, the correction and a reason to "
                "/v1/members/KOR/status/corrections",
                field="effective_from",
                current_status="participant",
            ),
        )
    },
)
async def change_status(
    code: str,
    body: StatusChange,
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes the participation status from `effective_from` on (administrators only); history is kept.

    A change dated before the last one, or to the status already in force, is a 409 with the reason.
    Announces `member.status_changed`.
    """
    runtime = runtime_of(request)

    async def change(session: AsyncSession) -> Answer:
        member = await service.change_status(
            session, runtime.outbox, principal=principal, code=code, command=body, if_match=if_match
        )
        headers = {"ETag": etag(member.version), "Location": f"/v1/members/{code}/status"}
        return Answer(await status_history(session, member), headers)

    return await answer_write(
        request, principal, idempotency_key, body, change, status_code=status.HTTP_201_CREATED
    )


@router.get("/{code}/status/corrections", operation_id="listMemberStatusCorrections")
async def list_status_corrections(
    code: str, request: Request, as_recorded: AsRecorded = None
) -> list[StatusCorrectionRead]:
    """Every correction of the member's history, oldest first: who made it, when, why, the period before
    and after. With `as_recorded`, only those made by then."""
    moment = _moment(as_recorded)
    async with runtime_of(request).uow.read() as session:
        member = await service.get_member(session, code)
        corrections = await repository.corrections(session, member.code, until=moment)
    return [StatusCorrectionRead.model_validate(c) for c in corrections]


@router.post(
    "/{code}/status/corrections",
    status_code=status.HTTP_201_CREATED,
    response_model=StatusHistory,
    operation_id="correctMemberStatus",
    responses={
        404: refusal(
            "There is no member with this `code`, or no period of its history begins on "
            "`period_effective_from`"
        ),
        409: refusal(
            "The corrected history would not be one: the period would pass a neighbour or repeat its "
            "status, or it is the only period and cannot be removed (the problem names the field)",
            refused_by(
                lambda: domain.check_correction(
                    [domain.Period("participant", date(2013, 10, 1))],
                    StatusCorrection(
                        period_effective_from=date(2013, 10, 1), remove=True, reason="typing error"
                    ),
                )
            ),
        ),
        422: refusal(
            "The body is not valid (`errors`), or the correction removes and corrects at once, gives "
            "neither a status nor a date, or changes nothing",
            refused_by(
                lambda: domain.check_correction(
                    [domain.Period("participant", date(2013, 10, 1))],
                    StatusCorrection(period_effective_from=date(2013, 10, 1), reason="typing error"),
                )
            ),
        ),
    },
)
async def correct_status(
    code: str,
    body: StatusCorrection,
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Corrects a mistaken period of the participation history, with a reason (administrators only).

    Name the period by its `effective_from` (`period_effective_from`) and give its corrected `status`,
    its corrected `effective_from`, or both; or `"remove": true` for a period recorded by mistake. The
    corrected history must still be one: a period stays between its neighbours and differs from them in
    status, and the only period cannot be removed (409, naming the field). No such period is a 404; a
    blank reason or a correction that changes nothing is a 422.

    Nothing is erased: the history as recorded before stays readable with `GET .../status?as_recorded=`,
    and the correction is listed under `corrections`. Announces `member.status_corrected`, with the
    member's full state, the period before and after, and the reason.
    """
    runtime = runtime_of(request)

    async def correct(session: AsyncSession) -> Answer:
        member = await service.correct_status(
            session, runtime.outbox, principal=principal, code=code, command=body, if_match=if_match
        )
        headers = {"ETag": etag(member.version), "Location": f"/v1/members/{code}/status/corrections"}
        return Answer(await status_history(session, member), headers)

    return await answer_write(
        request, principal, idempotency_key, body, correct, status_code=status.HTTP_201_CREATED
    )


@router.get("/{code}/contacts", operation_id="listMemberContacts")
async def list_contacts(code: str, request: Request, principal: OwnMemberReader) -> list[ContactRead]:
    """The member's focal points: personal data, so only the member's own clients and administrators."""
    async with runtime_of(request).uow.read() as session:
        member = await service.get_member(session, code)
    return [ContactRead.model_validate(c) for c in member.contacts]


@router.post(
    "/{code}/contacts",
    status_code=status.HTTP_201_CREATED,
    response_model=ContactRead,
    operation_id="addMemberContact",
)
async def add_contact(
    code: str,
    body: ContactCreate,
    request: Request,
    principal: OwnMemberWriter,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Adds a focal point; announces `member.contacts_changed`."""
    runtime = runtime_of(request)

    async def add(session: AsyncSession) -> Answer:
        contact = await service.add_contact(session, runtime.outbox, code=code, command=body)
        return Answer(
            ContactRead.model_validate(contact), {"Location": f"/v1/members/{code}/contacts/{contact.id}"}
        )

    return await answer_write(
        request, principal, idempotency_key, body, add, status_code=status.HTTP_201_CREATED
    )


@router.patch("/{code}/contacts/{contact_id}", response_model=ContactRead, operation_id="updateMemberContact")
async def update_contact(
    code: str,
    contact_id: uuid.UUID,
    body: ContactUpdate,
    request: Request,
    principal: OwnMemberWriter,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes a focal point; announces `member.contacts_changed`."""
    runtime = runtime_of(request)

    async def update(session: AsyncSession) -> Answer:
        contact = await service.update_contact(
            session, runtime.outbox, code=code, contact_id=contact_id, command=body
        )
        return Answer(ContactRead.model_validate(contact))

    return await answer_write(request, principal, idempotency_key, body, update)


@router.delete(
    "/{code}/contacts/{contact_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="removeMemberContact",
)
async def remove_contact(
    code: str,
    contact_id: uuid.UUID,
    request: Request,
    principal: OwnMemberWriter,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Removes a focal point; announces `member.contacts_changed`."""
    runtime = runtime_of(request)

    async def remove(session: AsyncSession) -> Answer:
        await service.remove_contact(session, runtime.outbox, code=code, contact_id=contact_id)
        return Answer()

    return await answer_write(
        request, principal, idempotency_key, None, remove, status_code=status.HTTP_204_NO_CONTENT
    )
