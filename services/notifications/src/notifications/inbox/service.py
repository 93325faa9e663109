"""Use cases of the inbox: marking a notification read or unread. Never commits: the request's unit of
work does."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.errors import NotFound
from notifications.inbox import repository
from notifications.models import InboxItem


async def mark(session: AsyncSession, subscriber: str, item_id: int, *, read: bool) -> InboxItem:
    item = await repository.inbox_item(session, subscriber, item_id)
    if item is None:
        raise NotFound(f"no inbox item {item_id} for {subscriber}", field="id")
    item.read_at = (item.read_at or datetime.now(UTC)) if read else None
    await session.flush()
    return item
