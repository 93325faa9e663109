"""The inbox: `/v1/inbox/{subscriber}`, the notifications kept for a subscriber to read. Thin routes:
parse, authorise, call the service, shape the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal
from common.errors import Forbidden, RuleViolated
from common.http import DEFAULT_PAGE_SIZE
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from notifications.inbox import repository, service
from notifications.inbox.schemas import InboxItemRead, InboxPage, ReadMark
from notifications.routing import Limit, Subscriber, after_of, next_cursor_of
from notifications.subscriptions.domain import may_read_inbox

router = APIRouter(prefix="/v1", tags=["notifications"])


async def _reading_inbox(request: Request, principal: Subscriber) -> Principal:
    if not may_read_inbox(principal, request.path_params["subscriber"]):
        raise Forbidden("an inbox is read by its own subscriber", field="subscriber")
    return principal


InboxReader = Annotated[Principal, Depends(_reading_inbox)]


@router.get(
    "/inbox/{subscriber}",
    operation_id="listInboxItems",
    responses={
        403: refusal(
            "Not allowed for this client: it lacks the `subscriptions:write` scope, or the inbox is another "
            "subscriber's (an inbox is read by its own subscriber: the member's client, or the API client)",
            Forbidden("an inbox is read by its own subscriber", field="subscriber"),
        )
    },
)
async def inbox(
    subscriber: str,
    request: Request,
    principal: InboxReader,
    unread: Annotated[bool | None, Query(description="true: only unread; false: only read")] = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> InboxPage:
    """The subscriber's notifications (a member's code, or an API client's id), newest first."""
    after = after_of(cursor)
    try:
        after_id = int(after) if after is not None else None
    except ValueError as error:
        raise RuleViolated("the cursor is not one this API gave out", field="cursor") from error
    async with runtime_of(request).uow.read() as session:
        rows = await repository.inbox_page(
            session, subscriber=subscriber, unread=unread, after=after_id, limit=limit
        )
        unread_count = await repository.unread_count(session, subscriber)
        items = [InboxItemRead.model_validate(row) for row in rows[:limit]]
    return InboxPage(
        items=items, unread=unread_count, next_cursor=next_cursor_of([str(row.id) for row in rows], limit)
    )


# Inbox items are numbered by a PostgreSQL `integer` column: a larger id names nothing, and asking the
# database for one fails ("value out of range") instead of finding nothing.
INBOX_ITEM_ID_MAX = 2**31 - 1


@router.patch(
    "/inbox/{subscriber}/{item_id}",
    response_model=InboxItemRead,
    responses={
        403: refusal(
            "Not allowed for this client: it lacks the `subscriptions:write` scope, or the inbox is another "
            "subscriber's (an inbox is read by its own subscriber: the member's client, or the API client)",
            Forbidden("an inbox is read by its own subscriber", field="subscriber"),
        )
    },
)
async def mark_inbox_item(
    subscriber: str,
    item_id: Annotated[int, Path(ge=1, le=INBOX_ITEM_ID_MAX, description="The item's `id` in the inbox")],
    body: ReadMark,
    request: Request,
    principal: InboxReader,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Marks one notification read (`{"read": true}`) or unread again."""

    async def mark(session: AsyncSession) -> Answer:
        return Answer(
            InboxItemRead.model_validate(await service.mark(session, subscriber, item_id, read=body.read))
        )

    return await answer_write(request, principal, idempotency_key, body, mark)
