"""Consensus decisions on a roadmap: `/v1/roadmaps/{code}/decisions`. Reading is open; recording is for
administrators."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal, refused_by
from roadmap.decisions import domain, service
from roadmap.decisions.schemas import DecisionCreate, DecisionList, DecisionRead

router = APIRouter(prefix="/v1/roadmaps", tags=["roadmaps"])

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


@router.get("/{code}/decisions", response_model=DecisionList, operation_id="listRoadmapDecisions")
async def list_decisions(code: str, request: Request) -> DecisionList:
    """Every recorded decision, oldest first."""
    async with runtime_of(request).uow.read() as session:
        rows = await service.decisions(session, code)
    return DecisionList(items=[DecisionRead.model_validate(row) for row in rows])


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
        return Answer(DecisionRead.model_validate(decision), {"Location": f"/v1/roadmaps/{code}/decisions"})

    return await answer_write(
        request, principal, idempotency_key, body, record, status_code=status.HTTP_201_CREATED
    )
