"""What the routes of subscriptions, deliveries and the inbox share: who the caller is, the page size,
the cursors of pages, the outbound policy webhook URLs are checked against, and the clock digests are
scheduled by."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from common.app import runtime_of
from common.auth import Principal, require_scope
from common.errors import RuleViolated
from common.http import MAX_PAGE_SIZE, decode_cursor, encode_cursor
from notifications.config import NotificationsSettings
from notifications.digests.clock import Clock
from notifications.outbound import OutboundPolicy
from notifications.subscriptions import service

# Subscriptions, deliveries and inboxes are private to their subscriber: reads need the scope too.
Subscriber = Annotated[Principal, Depends(require_scope("subscriptions:write"))]


async def _managing(request: Request, principal: Subscriber) -> Principal:
    """The caller manages the subscription of the path; someone else's is answered as missing (404).
    The route loads it again, locked, in its own transaction."""
    async with runtime_of(request).uow.read() as session:
        await service.visible_subscription(
            session, principal, request.path_params["subscription_id"], lock=False
        )
    return principal


Manager = Annotated[Principal, Depends(_managing)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


def policy_of(request: Request) -> OutboundPolicy:
    settings = runtime_of(request).settings
    assert isinstance(settings, NotificationsSettings)
    return OutboundPolicy.from_settings(settings)


def clock_of(request: Request) -> Clock:
    """The app's clock (`create_app`), which digests are scheduled by."""
    clock: Clock = request.app.state.clock
    return clock


def after_of(cursor: str | None) -> str | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    if not isinstance(position.get("after"), str | int):
        raise RuleViolated("the cursor is not one this API gave out", field="cursor")
    return str(position["after"])


def next_cursor_of(keys: list[str], limit: int) -> str | None:
    return encode_cursor({"after": keys[limit - 1]}) if len(keys) > limit else None
