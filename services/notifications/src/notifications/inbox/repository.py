"""Every query of the inbox. Pages fetch one row more than asked: its presence says there is a next
page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import InboxItem


def add(session: AsyncSession, item: InboxItem) -> None:
    session.add(item)


async def inbox_page(
    session: AsyncSession, *, subscriber: str, unread: bool | None, after: int | None, limit: int
) -> list[InboxItem]:
    # Newest first: the cursor is the last id seen, and the next page holds older items.
    query = select(InboxItem).where(InboxItem.subscriber == subscriber).order_by(InboxItem.id.desc())
    if unread is True:
        query = query.where(InboxItem.read_at.is_(None))
    elif unread is False:
        query = query.where(InboxItem.read_at.is_not(None))
    if after is not None:
        query = query.where(InboxItem.id < after)
    return list(await session.scalars(query.limit(limit + 1)))


async def inbox_item(session: AsyncSession, subscriber: str, item_id: int) -> InboxItem | None:
    query = select(InboxItem).where(InboxItem.subscriber == subscriber, InboxItem.id == item_id)
    found: InboxItem | None = await session.scalar(query.with_for_update())
    return found


async def unread_count(session: AsyncSession, subscriber: str) -> int:
    query = select(func.count()).where(InboxItem.subscriber == subscriber, InboxItem.read_at.is_(None))
    return int(await session.scalar(query) or 0)
