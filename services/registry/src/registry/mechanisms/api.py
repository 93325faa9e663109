"""Mechanisms of cooperation (TRM, TRM+, NEASPEC, GTI, TCS, ARF, ...) and their members over time:
`/v1/mechanisms`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.errors import Conflict, RuleViolated
from common.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, IfMatch, Page, decode_cursor, encode_cursor, etag
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from common.rfc3339 import Date
from registry.mechanisms import domain, repository, service
from registry.mechanisms.schemas import (
    MechanismCreate,
    MechanismMembers,
    MechanismRead,
    MechanismUpdate,
    MembersAdd,
    MembershipRead,
)
from registry.members.service import today
from registry.models import Mechanism
from registry.state import mechanism_state

router = APIRouter(prefix="/v1/mechanisms", tags=["mechanisms"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]
At = Annotated[Date | None, Query(description="The date memberships are read on; today by default")]


def mechanism_read(mechanism: Mechanism, expanded_by: list[str]) -> MechanismRead:
    """The mechanism's announced state, with what the read adds: who expands it and how many count."""
    count, source = domain.member_count(mechanism.memberships, mechanism.declared_member_count, today())
    return MechanismRead.model_validate(
        {
            **mechanism_state(mechanism).model_dump(),
            "expands": mechanism.expands_code,
            "expanded_by": expanded_by,
            "member_count": count,
            "member_count_source": source,
            "registered_at": mechanism.registered_at,
        }
    )


async def answer(
    session: AsyncSession, mechanism: Mechanism, headers: dict[str, str] | None = None
) -> Answer:
    """A write's answer: the mechanism as read back, with its new ETag."""
    expanded_by = await repository.expanded_by(session, [mechanism.code])
    read = mechanism_read(mechanism, expanded_by.get(mechanism.code, []))
    return Answer(read, {**(headers or {}), "ETag": etag(mechanism.version)})


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MechanismRead,
    responses={
        409: refusal(
            "A mechanism with this `code` is already registered",
            Conflict("mechanism TRM+ is already registered", field="code"),
        ),
        422: refusal(
            "The body is not valid (`errors`), `expands_code` is unknown, itself or makes a cycle, a member "
            "is not registered or listed twice, or `joined_on` is given without `member_codes`",
            RuleViolated("a mechanism cannot expand itself", field="expands_code"),
        ),
    },
)
async def register_mechanism(
    body: MechanismCreate, request: Request, principal: Admin, idempotency_key: IdempotencyKey = None
) -> Response:
    """Registers a mechanism, with its founding members if the sources list them (administrators only).

    `expands_code` names a registered mechanism this one expands (TRM+ expands TRM); where the sources
    give only a number of members, send `declared_member_count` instead of `member_codes`. A code
    already registered is a 409; an unknown `expands_code` or member is a 422 naming the field.
    Announces `mechanism.registered` on `registry.mechanism.v1`.
    """
    runtime = runtime_of(request)

    async def register(session: AsyncSession) -> Answer:
        mechanism = await service.register_mechanism(session, runtime.outbox, command=body)
        headers = {"Location": f"/v1/mechanisms/{mechanism.code}"}
        return await answer(session, mechanism, headers)

    return await answer_write(
        request, principal, idempotency_key, body, register, status_code=status.HTTP_201_CREATED
    )


@router.get("")
async def list_mechanisms(
    request: Request,
    member: Annotated[str | None, Query(description="Only mechanisms this member belongs to on `at`")] = None,
    at: At = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page[MechanismRead]:
    """Mechanisms by code; with `member`, those the member belongs to on `at` (today by default).

    "Which mechanisms was MNG in on 2016-01-01": `GET /v1/mechanisms?member=MNG&at=2016-01-01`.
    """
    position = decode_cursor(cursor)
    async with runtime_of(request).uow.read() as session:
        rows = await repository.page(
            session,
            member=member,
            on=at or today(),
            after=position["after"] if position else None,
            limit=limit + 1,
        )
        shown = rows[:limit]
        expanded_by = await repository.expanded_by(session, [m.code for m in shown])
    items = [mechanism_read(m, expanded_by.get(m.code, [])) for m in shown]
    more = len(rows) > limit
    return Page(items=items, next_cursor=encode_cursor({"after": items[-1].code}) if more else None)


@router.get("/{code}")
async def get_mechanism(code: str, request: Request, response: Response) -> MechanismRead:
    """One mechanism, what it expands and what expands it, and how many members it has today.

    `member_count` counts the registered members in force today when any membership is registered
    (`member_count_source: "registered"`), else it is the count the sources declare
    (`"declared"`). The ETag is its version.
    """
    async with runtime_of(request).uow.read() as session:
        mechanism = await service.get_mechanism(session, code)
        expanded_by = await repository.expanded_by(session, [code])
    response.headers["ETag"] = etag(mechanism.version)
    return mechanism_read(mechanism, expanded_by.get(code, []))


@router.patch("/{code}", response_model=MechanismRead)
async def update_mechanism(
    code: str,
    body: MechanismUpdate,
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes names, agenda, nature, participation, the declared count or what it expands (administrators
    only).

    Fields not sent are kept; null clears one, except `names`. `expands_code` must name another registered
    mechanism that does not already expand this one (TRM+ expands TRM, so TRM cannot expand TRM+): else a
    422 naming `expands_code`. Members join and leave through `/members`. Announces `mechanism.updated`.
    """
    runtime = runtime_of(request)

    async def update(session: AsyncSession) -> Answer:
        mechanism = await service.update_mechanism(
            session, runtime.outbox, code=code, command=body, if_match=if_match
        )
        return await answer(session, mechanism)

    return await answer_write(request, principal, idempotency_key, body, update)


@router.get("/{code}/members")
async def list_mechanism_members(code: str, request: Request, at: At = None) -> MechanismMembers:
    """The members of a mechanism on `at` (today by default), with the day each joined where known."""
    day = at or today()
    async with runtime_of(request).uow.read() as session:
        mechanism = await service.get_mechanism(session, code)
    return MechanismMembers(
        code=mechanism.code,
        at=day,
        members=[
            MembershipRead.model_validate(m) for m in domain.current_memberships(mechanism.memberships, day)
        ],
    )


@router.post(
    "/{code}/members",
    response_model=MechanismRead,
    operation_id="addMechanismMembers",
    responses={
        409: refusal(
            "A member listed already belongs to the mechanism on `joined_on` (`current_member_codes`)",
            Conflict(
                "already members of this mechanism: JPN", field="member_codes", current_member_codes=["JPN"]
            ),
        ),
        422: refusal(
            "The body is not valid (`errors`), or a member is not registered (`unknown_member_codes`) or is "
            "listed twice; nothing is added",
            RuleViolated(
                "not registered members: PRK; register them first",
                field="member_codes",
                unknown_member_codes=["PRK"],
            ),
        ),
    },
)
async def add_mechanism_members(
    code: str,
    body: MembersAdd,
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Adds registered members to a mechanism from `joined_on`, the day of the request when not given
    (administrators only).

    A member not registered is a 422 and one already in the mechanism a 409, both naming
    `member_codes`; nothing is added unless every member can be. Announces `mechanism.members_added`.
    The roadmap counts members joining after the mechanism's founding as revitalising it (an
    expansion); the first members of a mechanism registered without any are its founders, not one.
    """
    runtime = runtime_of(request)

    async def add(session: AsyncSession) -> Answer:
        mechanism = await service.add_members(
            session, runtime.outbox, code=code, command=body, if_match=if_match
        )
        return await answer(session, mechanism)

    return await answer_write(request, principal, idempotency_key, body, add)


@router.delete(
    "/{code}/members/{member_code}",
    response_model=MechanismRead,
    responses={
        404: refusal(
            "There is no mechanism with this `code`, or `member_code` has no running membership of it (never "
            "added, or already left: the problem says when)"
        ),
        422: refusal(
            "`left_on` is not a date, or is before the member joined",
            RuleViolated(
                "JPN joined TRM+ on 2014-05-01; it cannot leave before that",
                field="left_on",
                joined_on="2014-05-01",
            ),
        ),
    },
)
async def end_mechanism_membership(
    code: str,
    member_code: str,
    request: Request,
    principal: Admin,
    left_on: Annotated[
        Date | None, Query(description="The first day it is no longer a member; today by default")
    ] = None,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Ends a member's membership of a mechanism on `left_on` (administrators only).

    The membership is kept with its leaving date, so the member still shows in `/members?at=` any earlier
    date, and it may be added again from `left_on` on. A member with no running membership (never added,
    or already left) is a 404 naming `member_code`; a `left_on` before it joined is a 422 naming
    `left_on`. Announces `mechanism.membership_ended`.
    """
    runtime = runtime_of(request)

    async def end(session: AsyncSession) -> Answer:
        mechanism = await service.end_membership(
            session,
            runtime.outbox,
            code=code,
            member_code=member_code,
            left_on=left_on or today(),
            if_match=if_match,
        )
        return await answer(session, mechanism)

    # `left_on` is what this write asks for: a key reused with another date is another request.
    return await answer_write(request, principal, idempotency_key, left_on, end)
