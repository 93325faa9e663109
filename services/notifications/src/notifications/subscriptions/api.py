"""Subscriptions: `/v1/subscriptions`, with the rotation of a webhook's signing secret. Thin routes: parse,
authorise, call the service, shape the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal, member_in_body, require_member
from common.errors import Conflict, RuleViolated
from common.http import DEFAULT_PAGE_SIZE, IfMatch, Page, check_if_match, etag, json_response
from common.idempotency import Answer, IdempotencyKey, answer_write
from common.openapi import refusal
from notifications.routing import Limit, Manager, Subscriber, after_of, clock_of, next_cursor_of, policy_of
from notifications.subscriptions import repository, service
from notifications.subscriptions.domain import owned_by
from notifications.subscriptions.schemas import (
    SecretRotated,
    SecretRotation,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionRead,
    SubscriptionUpdate,
)

router = APIRouter(prefix="/v1", tags=["notifications"])

# Whose subscription it is, is decided before the body is validated too (dependencies, like the scope),
# so a client learns nothing from a 422 about what it may not touch.
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


# --- Subscriptions ----------------------------------------------------------------------------------


@router.post(
    "/subscriptions",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionCreated,
    responses={
        422: refusal(
            "The body is not valid (`errors`), or the subscription cannot be made: a filter names what the "
            "registry does not know, a webhook lacks `url` or names one on a private or loopback address, "
            "a `secret` is not `whsec_`, a field belongs to another channel (a `digest` on a webhook, say), "
            "a weekly digest lacks its `weekday`, or the contact is unknown",
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

    Email and inbox subscriptions may ask for a `digest` instead of a message per event: every day (or
    every week on `weekday`) at `at` (HH:MM) in the subscriber's IANA `time_zone`, one message in
    `language` lists every event matched since the previous digest; none is sent when nothing matched.
    A webhook is sent each event as it happens (a digest on one is a 422 naming `digest`).

    Filters (`event_types`, `issue_areas`, `members`, `mechanisms`, `tracks`) must name what exists; an
    empty list accepts everything. A partner subscribes only its own member's contacts (403 otherwise).

    Retry with the same `Idempotency-Key`: the answer, the secret included, is the first one, and no
    second subscription is made.
    """

    async def create(session: AsyncSession) -> Answer:
        subscription, secret = await service.create_subscription(
            session,
            runtime_of(request).outbox,
            principal,
            body,
            policy_of(request),
            now=clock_of(request).now(),
        )
        read = SubscriptionRead.model_validate(subscription)
        created = SubscriptionCreated(**read.model_dump(), secret=secret)
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
    async with runtime_of(request).uow.read() as session:
        rows = await repository.subscriptions_page(
            session, subscribers=owned_by(principal), after=after_of(cursor), limit=limit
        )
        items = [SubscriptionRead.model_validate(row) for row in rows[:limit]]
    return Page(items=items, next_cursor=next_cursor_of([row.id for row in rows], limit))


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionRead)
async def get_subscription(subscription_id: str, request: Request, principal: Subscriber) -> Response:
    """One subscription (never its secrets). The ETag is its version."""
    async with runtime_of(request).uow.read() as session:
        # No lock: a read holds none (it runs outside a transaction, common.db.UnitOfWork.read).
        subscription = await service.visible_subscription(session, principal, subscription_id, lock=False)
        read = SubscriptionRead.model_validate(subscription)
    return json_response(read, headers={"ETag": etag(subscription.version)})


@router.patch("/subscriptions/{subscription_id}", response_model=SubscriptionRead)
async def update_subscription(
    subscription_id: str,
    body: SubscriptionUpdate,
    request: Request,
    principal: Manager,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Changes the URL, address, language, filters, digest or description; `active: false` stops it (its
    pending deliveries are cancelled), `active: true` enables it again (after a 410, say). `digest: null`
    goes back to a message per event and sends at once, each on its own, the events that waited for the
    digest; a changed digest keeps them for its next time."""

    async def update(session: AsyncSession) -> Answer:
        subscription = await service.visible_subscription(session, principal, subscription_id)
        check_if_match(if_match, subscription.version)
        await service.update_subscription(
            session,
            runtime_of(request).outbox,
            subscription,
            body,
            policy_of(request),
            now=clock_of(request).now(),
        )
        return Answer(SubscriptionRead.model_validate(subscription), {"ETag": etag(subscription.version)})

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
