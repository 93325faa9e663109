"""Deliveries: `/v1/deliveries`, the dead letters among them and their redelivery, and the replay of a
subscription's events (`/v1/subscriptions/{id}/replay`). Thin routes: parse, authorise, call the
service, shape the answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.errors import Conflict, RuleViolated
from common.http import DEFAULT_PAGE_SIZE, Page, decode_cursor, encode_cursor
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from common.rfc3339 import Timestamp
from notifications.deliveries import repository, service
from notifications.deliveries.schemas import AttemptRead, DeliveryFilterStatus, DeliveryRead, ReplayRead
from notifications.models import Delivery, DeliveryAttempt
from notifications.routing import Limit, Manager, Subscriber
from notifications.subscriptions import service as subscriptions_service
from notifications.subscriptions.domain import owned_by

router = APIRouter(prefix="/v1", tags=["notifications"])


def delivery_read(delivery: Delivery, attempts: Sequence[DeliveryAttempt] = ()) -> DeliveryRead:
    read = DeliveryRead.model_validate(delivery)
    return read.model_copy(update={"attempt_log": [AttemptRead.model_validate(a) for a in attempts]})


# --- Replay -----------------------------------------------------------------------------------------


@router.post(
    "/subscriptions/{subscription_id}/replay",
    response_model=ReplayRead,
    operation_id="replaySubscription",
    responses={
        409: refusal(
            "The subscription is disabled (`active: false`, or a receiver's 410): enable it first",
            Conflict("the subscription is disabled: enable it first", field="active"),
        )
    },
)
async def replay(
    subscription_id: str,
    request: Request,
    principal: Manager,
    since: Annotated[Timestamp, Query(description="RFC 3339: re-send what matched since this time")],
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Sends again every event since `since` that the subscription's filters accept: deliveries it had
    are sent again (same id), events it missed get new deliveries."""
    if since.tzinfo is None:
        raise RuleViolated("`since` needs an offset (2014-05-20T00:00:00Z)", field="since")
    runtime = runtime_of(request)

    async def replay_since(session: AsyncSession) -> Answer:
        subscription = await subscriptions_service.visible_subscription(session, principal, subscription_id)
        return Answer(await service.replay(session, runtime.outbox, subscription, since))

    # `since` is what this write asks for: a key reused with another `since` is another request.
    return await answer_write(request, principal, idempotency_key, since.isoformat(), replay_since)


# --- Deliveries -------------------------------------------------------------------------------------


@router.get("/deliveries")
async def list_deliveries(
    request: Request,
    principal: Subscriber,
    subscription: Annotated[str | None, Query(description="Deliveries of this subscription")] = None,
    status: Annotated[DeliveryFilterStatus | None, Query(description="`dead`: the dead letters")] = None,
    event: Annotated[str | None, Query(description="Deliveries of this event id")] = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[DeliveryRead]:
    """The caller's deliveries, oldest first, filtered. `status=dead` lists the dead letters; each can be
    redelivered."""
    position = decode_cursor(cursor)
    try:
        after = (datetime.fromisoformat(position["at"]), str(position["id"])) if position else None
    except (KeyError, TypeError, ValueError) as error:
        raise RuleViolated("the cursor is not one this API gave out", field="cursor") from error
    async with runtime_of(request).uow.read() as session:
        rows = await repository.deliveries_page(
            session,
            subscribers=owned_by(principal),
            subscription_id=subscription,
            status=status,
            event_id=event,
            after=after,
            limit=limit,
        )
        items = [delivery_read(row) for row in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = encode_cursor({"at": last.created_at.isoformat(), "id": last.id}) if last else None
    return Page(items=items, next_cursor=next_cursor)


@router.get("/deliveries/{delivery_id}")
async def get_delivery(delivery_id: str, request: Request, principal: Subscriber) -> DeliveryRead:
    """One delivery with every attempt: when, the answer (HTTP status or error) and how long it took."""
    async with runtime_of(request).uow.read() as session:
        delivery = await service.visible_delivery(session, principal, delivery_id)
        return delivery_read(delivery, await repository.attempts_of(session, delivery.id))


@router.post(
    "/deliveries/{delivery_id}/redeliver",
    response_model=DeliveryRead,
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="redeliverDelivery",
    responses={
        409: refusal(
            "The delivery's subscription is disabled (enable it first), or the delivery is to an inbox, "
            "where it is stored rather than sent",
            Conflict("the subscription is disabled: enable it first", field="subscription_id"),
            Conflict("an inbox notification is stored, not sent: there is nothing to redeliver", field="id"),
        )
    },
)
async def redeliver(
    delivery_id: str, request: Request, principal: Subscriber, idempotency_key: IdempotencyKey = None
) -> Response:
    """Sends the delivery again with the same id (`webhook-id`) and a fresh retry schedule: a dead
    letter, once the receiver is fixed."""

    async def resend(session: AsyncSession) -> Answer:
        delivery = await service.visible_delivery(session, principal, delivery_id)
        await service.redeliver(session, delivery)
        return Answer(delivery_read(delivery))

    return await answer_write(
        request, principal, idempotency_key, None, resend, status_code=status.HTTP_202_ACCEPTED
    )
