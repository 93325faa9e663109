"""Partner API clients and their credentials: `/v1/clients` (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import EXAMPLE_CLIENT_ID, Principal, require_scope
from common.errors import Conflict
from common.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, IfMatch, Page, decode_cursor, encode_cursor, etag
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from registry.clients import repository, service
from registry.clients.schemas import ClientCreate, ClientIssued, ClientRead

# Every route is for administrators: the dependency sits on the router so that no route can forget it.
# A write names it again for the principal its Idempotency-Key belongs to.
_admin = require_scope("admin")
Admin = Annotated[Principal, Depends(_admin)]
router = APIRouter(prefix="/v1/clients", tags=["clients"], dependencies=[Depends(_admin)])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_client(body: ClientCreate, request: Request, response: Response) -> ClientIssued:
    """Creates an API client for a member (or for no member, for administrators' tooling).

    The answer is the only one that carries `secret` and `token`: the registry keeps a hash of the
    secret, so a lost secret means a new client. Partners send `Authorization: Bearer <token>`.
    Announces `client.created` on `registry.client.v1` (with the hash, never the secret), from which
    every service learns the client. An unknown scope or member is a 422 naming the field.
    """
    runtime = runtime_of(request)
    async with runtime.uow.transaction() as session:
        client, secret = await service.create_client(session, runtime.outbox, command=body)
    response.headers["Location"] = f"/v1/clients/{client.client_id}"
    response.headers["ETag"] = etag(client.version)
    read = ClientRead.model_validate(client)
    return ClientIssued(**read.model_dump(), secret=secret, token=f"{client.client_id}.{secret}")


@router.get("")
async def list_clients(
    request: Request,
    member_code: Annotated[str | None, Query(description="Clients acting for this member")] = None,
    revoked: Annotated[bool | None, Query(description="Only revoked (true) or only active (false)")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page[ClientRead]:
    """API clients by id, filtered by member and by revocation. Secrets are never shown."""
    position = decode_cursor(cursor)
    async with runtime_of(request).uow.read() as session:
        rows = await repository.page(
            session,
            member_code=member_code,
            revoked=revoked,
            after=position["after"] if position else None,
            limit=limit + 1,
        )
    items = [ClientRead.model_validate(c) for c in rows[:limit]]
    more = len(rows) > limit
    return Page(items=items, next_cursor=encode_cursor({"after": items[-1].client_id}) if more else None)


@router.get("/{client_id}")
async def get_client(client_id: str, request: Request, response: Response) -> ClientRead:
    """One API client. The ETag is its version."""
    async with runtime_of(request).uow.read() as session:
        client = await service.get_client(session, client_id)
    response.headers["ETag"] = etag(client.version)
    return ClientRead.model_validate(client)


@router.post(
    "/{client_id}/revoke",
    response_model=ClientRead,
    responses={
        409: refusal(
            "The client is already revoked (`revoked_at`); a revoked client stays revoked",
            Conflict(
                f"client {EXAMPLE_CLIENT_ID} was already revoked at 2015-02-01T09:30:00+00:00",
                field="client_id",
                revoked_at="2015-02-01T09:30:00+00:00",
            ),
        )
    },
)
async def revoke_client(
    client_id: str,
    request: Request,
    principal: Admin,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Revokes an API client for good: the registry refuses its token at once, and every other service
    as soon as it consumes the `client.revoked` event on `registry.client.v1` (within seconds).

    Revoking a client already revoked is a 409.
    """
    runtime = runtime_of(request)

    async def revoke(session: AsyncSession) -> Answer:
        client = await service.revoke_client(session, runtime.outbox, client_id=client_id, if_match=if_match)
        return Answer(ClientRead.model_validate(client), {"ETag": etag(client.version)})

    return await answer_write(request, principal, idempotency_key, None, revoke)
