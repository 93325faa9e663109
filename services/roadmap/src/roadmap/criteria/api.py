"""A roadmap's advancement criteria: `/v1/roadmaps/{code}/criteria`. Reading is open; adopting a new
version is for administrators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.http import etag
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.limits import HEADER_MAX_LENGTH
from common.openapi import refusal
from roadmap.criteria import service
from roadmap.criteria.schemas import CriteriaRead
from roadmap.defaults import napci_criteria_json

router = APIRouter(prefix="/v1/roadmaps", tags=["roadmaps"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]
IfMatch = Annotated[
    str | None,
    Header(
        max_length=HEADER_MAX_LENGTH,
        description="The criteria version's ETag you read; required, a stale one is a 412",
    ),
]


@router.get("/{code}/criteria", response_model=CriteriaRead, operation_id="getRoadmapCriteria")
async def get_criteria(code: str, request: Request, response: Response) -> CriteriaRead:
    """The criteria version in force; the ETag is its version (send it as If-Match to adopt a new one)."""
    async with runtime_of(request).uow.read() as session:
        found = CriteriaRead.model_validate(await service.criteria(session, code))
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
        return Answer(CriteriaRead.model_validate(adopted), {"ETag": etag(adopted.version)})

    return await answer_write(request, principal, idempotency_key, body, adopt)
