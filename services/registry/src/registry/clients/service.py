"""Use cases for partner API clients: creation with a one-time secret, and revocation.

The secret leaves this module once, to the route that shows it; the table and the events hold only
`common.auth.hash_secret(secret)`. Each change bumps the version and records an event with the client's
full state, which every other service applies to its own copy (common.clients). Nothing here commits.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import hash_secret
from common.contracts.registry import ClientCreated, ClientRevoked
from common.errors import Conflict, NotFound, RuleViolated
from common.http import check_if_match
from common.messaging.outbox import Outbox
from registry.clients import repository
from registry.clients.schemas import ClientCreate
from registry.members import repository as members
from registry.models import ApiClient
from registry.state import client_state


def new_credentials() -> tuple[str, str]:
    """A client id and a 256-bit secret; the token partners send is `<client id>.<secret>`."""
    return "cl_" + secrets.token_hex(8), secrets.token_urlsafe(32)


async def get_client(session: AsyncSession, client_id: str) -> ApiClient:
    client = await repository.get(session, client_id)
    if client is None:
        raise NotFound(f"no API client {client_id}", field="client_id")
    return client


async def create_client(
    session: AsyncSession, outbox: Outbox, *, command: ClientCreate
) -> tuple[ApiClient, str]:
    """The new client and its secret, which the caller shows once and forgets."""
    if command.member_code is not None and not await members.exists(session, command.member_code):
        raise RuleViolated(f"member {command.member_code} is not registered", field="member_code")
    client_id, secret = new_credentials()
    client = ApiClient(
        client_id=client_id,
        name=command.name,
        member_code=command.member_code,
        scopes=command.scopes,
        secret_hash=hash_secret(secret),
        version=1,
    )
    await repository.add(session, client)
    await outbox.record(session, ClientCreated(client=client_state(client)), subject=client_id)
    return client, secret


async def revoke_client(
    session: AsyncSession, outbox: Outbox, *, client_id: str, if_match: str | None
) -> ApiClient:
    client = await repository.get(session, client_id, for_update=True)
    if client is None:
        raise NotFound(f"no API client {client_id}", field="client_id")
    if client.revoked_at is not None:
        raise Conflict(
            f"client {client_id} was already revoked at {client.revoked_at.isoformat()}",
            field="client_id",
            revoked_at=client.revoked_at.isoformat(),
        )
    check_if_match(if_match, client.version)
    client.revoked_at = datetime.now(UTC)
    client.version += 1
    await session.flush()
    await outbox.record(session, ClientRevoked(client=client_state(client)), subject=client_id)
    return client
