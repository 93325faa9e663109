"""HTTP API of the registry under /v1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.errors import NotFound
from registry import repository, service
from registry.schemas import MemberCreate, MemberRead

router = APIRouter(prefix="/v1", tags=["members"])


@router.post("/members", status_code=status.HTTP_201_CREATED, response_model=MemberRead)
async def register_member(
    body: MemberCreate,
    request: Request,
    response: Response,
    _: Annotated[Principal, Depends(require_scope("admin"))],
) -> MemberRead:
    """Registers a member (a state, an organisation, a local government or an institute).

    Announces `org.neacoop.registry.member.registered.v1` on `registry.member.v1`. Administrators only.
    """
    runtime = runtime_of(request)
    async with runtime.uow.transaction() as session:
        member = await service.register_member(session, runtime.outbox, command=body)
    response.headers["Location"] = f"/v1/members/{member.code}"
    response.headers["ETag"] = f'"{member.version}"'
    return MemberRead.model_validate(member)


@router.get("/members/{code}", response_model=MemberRead)
async def get_member(code: str, request: Request, response: Response) -> MemberRead:
    """One member by its code."""
    async with runtime_of(request).uow.transaction() as session:
        member = await repository.get_member(session, code)
        if member is None:
            raise NotFound(f"no member with code {code}", field="code")
    response.headers["ETag"] = f'"{member.version}"'
    return MemberRead.model_validate(member)
