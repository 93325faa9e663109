"""Every service's copy of the registry's partner API clients, fed by `registry.client.v1`.

Requests are authenticated against this copy, so no service calls the registry; a revocation reaches
each service as soon as it consumes the `client.revoked` event.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import ClientCreated, ClientRevoked
from common.db import UnitOfWork
from common.messaging.consumer import Handler
from common.messaging.envelope import CloudEvent
from common.messaging.tables import known_clients
from common.readmodel import upsert_if_newer


class KnownClients:
    """The ClientDirectory of services other than the registry."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def find_active(self, client_id: str) -> tuple[str, str | None, frozenset[str]] | None:
        async with self.uow.read() as session:
            row = (
                await session.execute(
                    select(
                        known_clients.c.secret_hash, known_clients.c.member_code, known_clients.c.scopes
                    ).where(known_clients.c.client_id == client_id, known_clients.c.revoked.is_(False))
                )
            ).first()
        if row is None:
            return None
        return row.secret_hash, row.member_code, frozenset(row.scopes)


async def learn_client(session: AsyncSession, event: CloudEvent, data: ClientCreated | ClientRevoked) -> None:
    client = data.client
    values = {
        "client_id": client.client_id,
        "member_code": client.member_code,
        "scopes": client.scopes,
        "secret_hash": client.secret_hash,
        "revoked": client.revoked,
        "version": client.version,
    }
    await upsert_if_newer(session, known_clients, values, key="client_id")


CLIENT_HANDLERS: list[Handler[ClientCreated] | Handler[ClientRevoked]] = [
    Handler(ClientCreated, learn_client),
    Handler(ClientRevoked, learn_client),
]
