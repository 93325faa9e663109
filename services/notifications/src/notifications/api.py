"""The notifications API: subscriptions, deliveries, the inbox. Thin routes: parse, authorise, call the
service, shape the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, member_in_body, require_member, require_scope
from common.errors import Conflict, Forbidden, RuleViolated
from common.http import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    IfMatch,
    Page,
    check_if_match,
    decode_cursor,
    encode_cursor,
    etag,
)
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from common.rfc3339 import Timestamp
from notifications import repository, service
from notifications.config import NotificationsSettings
from notifications.domain import Filters
from notifications.models import Delivery, DeliveryAttempt, InboxItem, Subscription
from notifications.outbound import OutboundPolicy
from notifications.schemas import (
    AttemptRead,
    DeliveryFilterStatus,
    DeliveryRead,
    InboxItemRead,
    InboxPage,
    ReadMark,
    ReplayRead,
    SecretRotated,
    SecretRotation,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionRead,
    SubscriptionUpdate,
)

router = APIRouter(prefix="/v1", tags=["notifications"])

# Subscriptions, deliveries and inboxes are private to their subscriber: reads need the scope too.
Subscriber = Annotated[Principal, Depends(require_scope("subscriptions:write"))]
# Whose subscription or inbox it is, is decided before the body is validated too (dependencies, like the
# scope), so a client learns nothing from a 422 about what it may not touch.
MemberSubscriber = Annotated[
    Principal,
    Depends(
        require_member(
            "subscriptions:write",
            member_in_body("member_code"),
            field="member_code",
            refusal="may subscribe only its own member's contacts",
        )
    ),
]


async def _managing(request: Request, principal: Subscriber) -> Principal:
    """The caller manages the subscription of the path; someone else's is answered as missing (404).
    The route loads it again, locked, in its own transaction."""
    async with runtime_of(request).uow.transaction() as session:
        await service.visible_subscription(
            session, principal, request.path_params["subscription_id"], lock=False
        )
    return principal


async def _reading_inbox(request: Request, principal: Subscriber) -> Principal:
    if not service.may_read_inbox(principal, request.path_params["subscriber"]):
        raise Forbidden("an inbox is read by its own subscriber", field="subscriber")
    return principal


Manager = Annotated[Principal, Depends(_managing)]
InboxReader = Annotated[Principal, Depends(_reading_inbox)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


def policy_of(request: Request) -> OutboundPolicy:
    settings = runtime_of(request).settings
    assert isinstance(settings, NotificationsSettings)
    return OutboundPolicy.from_settings(settings)


def subscription_read(subscription: Subscription) -> SubscriptionRead:
    return SubscriptionRead(
        id=subscription.id,
        subscriber=subscription.subscriber,
        member_code=subscription.member_code,
        contact_id=subscription.contact_id,
        channel=subscription.channel,
        url=subscription.url,
        email=subscription.email,
        language=subscription.language,
        filters=Filters.model_validate(subscription.filters),
        description=subscription.description,
        active=subscription.active,
        disabled_reason=subscription.disabled_reason,
        secret_expirations=[
            datetime.fromisoformat(entry["expires_at"]) if entry.get("expires_at") else None
            for entry in subscription.secrets
        ],
        version=subscription.version,
        created_at=subscription.created_at,
    )


def delivery_read(delivery: Delivery, attempts: list[DeliveryAttempt] | None = None) -> DeliveryRead:
    return DeliveryRead(
        id=delivery.id,
        subscription_id=delivery.subscription_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        channel=delivery.channel,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
        attempt_log=[
            AttemptRead(
                attempted_at=a.attempted_at,
                outcome=a.outcome,
                status_code=a.status_code,
                error=a.error,
                duration_ms=a.duration_ms,
            )
            for a in attempts or []
        ],
    )


def inbox_item_read(item: InboxItem) -> InboxItemRead:
    return InboxItemRead(
        id=item.id,
        event_id=item.event_id,
        event_type=item.event_type,
        subject=item.subject,
        text=item.text,
        html=item.html,
        language=item.language,
        read=item.read_at is not None,
        created_at=item.created_at,
    )


def owned_by(principal: Principal) -> list[str] | None:
    """The subscribers a partner acts for (its member, its own client); None for an administrator."""
    if principal.is_admin:
        return None
    return [code for code in (principal.member_code, principal.client_id) if code]


def after_of(cursor: str | None) -> str | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    if not isinstance(position.get("after"), str | int):
        raise RuleViolated("the cursor is not one this API gave out", field="cursor")
    return str(position["after"])


def next_cursor_of(keys: list[str], limit: int) -> str | None:
    return encode_cursor({"after": keys[limit - 1]}) if len(keys) > limit else None


# --- Subscriptions ----------------------------------------------------------------------------------


@router.post(
    "/subscriptions",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionCreated,
    responses={
        422: refusal(
            "The body is not valid (`errors`), or the subscription cannot be made: a filter names what the "
            "registry does not know, a webhook lacks `url` or names one on a private or loopback address, "
            "a `secret` is not `whsec_`, a field belongs to another channel, or the contact is unknown",
            RuleViolated(
                "the webhook URL is refused: 127.0.0.1 is a loopback address; "
                "webhooks go to public addresses only",
                field="url",
            ),
        )
    },
)
async def create_subscription(
    body: SubscriptionCreate,
    request: Request,
    principal: MemberSubscriber,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Subscribes a member's contact (`member_code` + `contact_id`) or, with neither, the calling API
    client, to the events its `filters` accept, through one channel:

    - `webhook`: POSTs the CloudEvent (JSON) to `url`, signed as Standard Webhooks define
      (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`);
      the `secret` (`whsec_...`) is generated when absent and shown only in this answer. The URL must be
      https on a public address (loopback, private, link-local and metadata addresses are refused).
    - `email`: to `email` (by default the contact's), in `language` (by default the contact's).
    - `inbox`: kept for `GET /v1/inbox/{subscriber}`.

    Filters (`event_types`, `issue_areas`, `members`, `mechanisms`, `tracks`) must name what exists; an
    empty list accepts everything. A partner subscribes only its own member's contacts (403 otherwise).

    Retry with the same `Idempotency-Key`: the answer, the secret included, is the first one, and no
    second subscription is made.
    """

    async def create(session: AsyncSession) -> Answer:
        subscription, secret = await service.create_subscription(session, principal, body, policy_of(request))
        created = SubscriptionCreated(**subscription_read(subscription).model_dump(), secret=secret)
        headers = {"Location": f"/v1/subscriptions/{subscription.id}", "ETag": etag(subscription.version)}
        return Answer(created, headers)

    return await answer_write(
        request, principal, idempotency_key, body, create, status_code=status.HTTP_201_CREATED
    )


@router.get("/subscriptions")
async def list_subscriptions(
    request: Request, principal: Subscriber, cursor: str | None = None, limit: Limit = DEFAULT_PAGE_SIZE
) -> Page[SubscriptionRead]:
    """The caller's subscriptions (an administrator's: all), in a stable order, with cursor pages."""
    async with runtime_of(request).uow.transaction() as session:
        rows = await repository.subscriptions_page(
            session, subscribers=owned_by(principal), after=after_of(cursor), limit=limit
        )
        items = [subscription_read(row) for row in rows[:limit]]
    return Page(items=items, next_cursor=next_cursor_of([row.id for row in rows], limit))


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionRead)
async def get_subscription(subscription_id: str, request: Request, principal: Subscriber) -> JSONResponse:
    """One subscription (never its secrets). The ETag is its version."""
    async with runtime_of(request).uow.transaction() as session:
        subscription = await service.visible_subscription(session, principal, subscription_id)
        content = subscription_read(subscription).model_dump(mode="json")
    return JSONResponse(content, headers={"ETag": etag(subscription.version)})


@router.patch("/subscriptions/{subscription_id}", response_model=SubscriptionRead)
async def update_subscription(
    subscription_id: str,
    body: SubscriptionUpdate,
    request: Request,
    principal: Manager,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes the URL, address, language, filters or description; `active: false` stops it (its
    pending deliveries are cancelled), `active: true` enables it again (after a 410, say)."""

    async def update(session: AsyncSession) -> Answer:
        subscription = await service.visible_subscription(session, principal, subscription_id)
        check_if_match(if_match, subscription.version)
        await service.update_subscription(session, subscription, body, policy_of(request))
        return Answer(subscription_read(subscription), {"ETag": etag(subscription.version)})

    return await answer_write(request, principal, idempotency_key, body, update)


@router.delete("/subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_subscription(
    subscription_id: str, request: Request, principal: Subscriber, idempotency_key: IdempotencyKey = None
) -> Response:
    """Deletes the subscription with its deliveries and inbox items; nothing more is sent for it."""
    # Not `Manager`: a retry with the key must find the first answer, not the subscription it deleted.
    # With no body to validate there is nothing to learn before the route's own 404 for another's.

    async def delete(session: AsyncSession) -> Answer:
        subscription = await service.visible_subscription(session, principal, subscription_id)
        await service.delete_subscription(session, subscription)
        return Answer()

    return await answer_write(
        request, principal, idempotency_key, None, delete, status_code=status.HTTP_204_NO_CONTENT
    )


@router.post(
    "/subscriptions/{subscription_id}/rotate-secret",
    response_model=SecretRotated,
    operation_id="rotateSubscriptionSecret",
    responses={
        409: refusal(
            "The subscription is not a webhook: only a webhook has a signing secret",
            Conflict("only a webhook has a signing secret", field="channel"),
        )
    },
)
async def rotate_secret(
    subscription_id: str,
    request: Request,
    principal: Manager,
    body: SecretRotation | None = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A new signing secret, shown once. For `overlap_seconds` (a day by default) every message carries
    two signatures, one with the old secret and one with the new, so a receiver switches when it likes.
    A retry with the same `Idempotency-Key` shows the same new secret rather than rotating again."""

    async def rotate(session: AsyncSession) -> Answer:
        subscription = await service.visible_subscription(session, principal, subscription_id)
        secret, expires = await service.rotate_secret(session, subscription, body or SecretRotation())
        return Answer(SecretRotated(secret=secret, previous_expires_at=expires))

    return await answer_write(request, principal, idempotency_key, body, rotate)


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
        subscription = await service.visible_subscription(session, principal, subscription_id)
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
    async with runtime_of(request).uow.transaction() as session:
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
    async with runtime_of(request).uow.transaction() as session:
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


# --- Inbox ------------------------------------------------------------------------------------------


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
    async with runtime_of(request).uow.transaction() as session:
        rows = await repository.inbox_page(
            session, subscriber=subscriber, unread=unread, after=after_id, limit=limit
        )
        unread_count = await repository.unread_count(session, subscriber)
        items = [inbox_item_read(row) for row in rows[:limit]]
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
        return Answer(inbox_item_read(await service.mark(session, subscriber, item_id, read=body.read)))

    return await answer_write(request, principal, idempotency_key, body, mark)
