"""Every query about partner API clients."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import ApiClient


async def get(session: AsyncSession, client_id: str, *, for_update: bool = False) -> ApiClient | None:
    statement = select(ApiClient).where(ApiClient.client_id == client_id)
    if for_update:
        # Serialises revocations of one client, so two concurrent ones cannot both announce it.
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def active(session: AsyncSession, client_id: str) -> ApiClient | None:
    """The client, unless it was revoked: the only ones that authenticate."""
    statement = select(ApiClient).where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
    return (await session.execute(statement)).scalar_one_or_none()


async def page(
    session: AsyncSession, *, member_code: str | None, revoked: bool | None, after: str | None, limit: int
) -> list[ApiClient]:
    statement = select(ApiClient).order_by(ApiClient.client_id).limit(limit)
    if member_code:
        statement = statement.where(ApiClient.member_code == member_code)
    if revoked is not None:
        statement = statement.where(
            ApiClient.revoked_at.is_not(None) if revoked else ApiClient.revoked_at.is_(None)
        )
    if after:
        statement = statement.where(ApiClient.client_id > after)
    return list((await session.scalars(statement)).all())


async def add(session: AsyncSession, client: ApiClient) -> None:
    session.add(client)
    # created_at is the database's clock: the INSERT returns it (RETURNING), with nothing read back after.
    await session.flush()
