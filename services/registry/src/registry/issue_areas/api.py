"""Issue areas meetings may take up, and whether each is open yet: `/v1/issue-areas`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.contracts.registry import IssueAreaKind
from common.errors import Conflict
from common.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, IfMatch, Page, decode_cursor, encode_cursor, etag
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from registry.issue_areas import repository, service
from registry.issue_areas.schemas import IssueAreaCreate, IssueAreaRead, IssueAreaUpdate

router = APIRouter(prefix="/v1/issue-areas", tags=["issue areas"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=IssueAreaRead,
    responses={
        409: refusal(
            "An issue area with this `code` is already registered",
            Conflict("issue area nuclear_safety is already registered", field="code"),
        )
    },
)
async def register_issue_area(
    body: IssueAreaCreate, request: Request, principal: Admin, idempotency_key: IdempotencyKey = None
) -> Response:
    """Registers an issue area (administrators only).

    A non-traditional area is open at once. A traditional area starts locked: it opens only by the
    roadmap's consensus decision, so `open` cannot be sent here or in a PATCH (422), and no endpoint
    changes it.
    A code already registered is a 409. Announces `issue_area.registered` on `registry.issue_area.v1`.
    """
    runtime = runtime_of(request)

    async def register(session: AsyncSession) -> Answer:
        area = await service.register_issue_area(session, runtime.outbox, command=body)
        headers = {"Location": f"/v1/issue-areas/{area.code}", "ETag": etag(area.version)}
        return Answer(IssueAreaRead.model_validate(area), headers)

    return await answer_write(
        request, principal, idempotency_key, body, register, status_code=status.HTTP_201_CREATED
    )


@router.get("")
async def list_issue_areas(
    request: Request,
    kind: IssueAreaKind | None = None,
    open: Annotated[bool | None, Query(description="Only areas open (true) or locked (false)")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page[IssueAreaRead]:
    """Issue areas by code, filtered by kind and by whether they are open."""
    position = decode_cursor(cursor)
    async with runtime_of(request).uow.read() as session:
        rows = await repository.page(
            session, kind=kind, open=open, after=position["after"] if position else None, limit=limit + 1
        )
        items = [IssueAreaRead.model_validate(a) for a in rows[:limit]]
    more = len(rows) > limit
    return Page(items=items, next_cursor=encode_cursor({"after": items[-1].code}) if more else None)


@router.get("/{code}")
async def get_issue_area(code: str, request: Request, response: Response) -> IssueAreaRead:
    """One issue area, whether it is open, and the roadmap decision that opened it.

    The ETag is its version.
    """
    async with runtime_of(request).uow.read() as session:
        area = await service.get_issue_area(session, code)
    response.headers["ETag"] = etag(area.version)
    return IssueAreaRead.model_validate(area)


@router.patch("/{code}", response_model=IssueAreaRead)
async def update_issue_area(
    code: str,
    body: IssueAreaUpdate,
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Renames an issue area (administrators only); announces `issue_area.updated`.

    Only `names` may be sent: `open` and `kind` are a 422 naming the field, because an area opens only by
    the roadmap's consensus decision.
    """
    runtime = runtime_of(request)

    async def update(session: AsyncSession) -> Answer:
        area = await service.update_issue_area(
            session, runtime.outbox, code=code, command=body, if_match=if_match
        )
        return Answer(IssueAreaRead.model_validate(area), {"ETag": etag(area.version)})

    return await answer_write(request, principal, idempotency_key, body, update)
