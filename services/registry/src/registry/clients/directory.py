"""The registry authenticates partner clients against its own table, the source of truth."""

from __future__ import annotations

from common.db import UnitOfWork
from registry.clients import repository


class RegistryClients:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def find_active(self, client_id: str) -> tuple[str, str | None, frozenset[str]] | None:
        async with self.uow.read() as session:
            client = await repository.active(session, client_id)
        if client is None:
            return None
        return client.secret_hash, client.member_code, frozenset(client.scopes)
