"""Read models: a service's copy of another service's aggregates, built from their full-state events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


async def upsert_if_newer(session: AsyncSession, table: Table, values: dict[str, Any], *, key: str) -> None:
    """Stores the state unless a newer version is already stored.

    Events carry full state with a version, so a redelivered or late event never takes a copy back in
    time, and the order events of different aggregates arrive in does not matter.
    """
    statement = insert(table).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={name: statement.excluded[name] for name in values if name != key},
            where=table.c.version < statement.excluded.version,
        )
    )
