"""Use cases of subscriptions: making one (with the checks of what it names), changing, deleting, rotating
its secret, and following its contact in the registry. Never commits: the request's or the consumer's
unit of work does."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.contracts.registry import MemberState
from common.errors import Conflict, Forbidden, NotFound, RuleViolated
from common.messaging.outbox import Outbox
from notifications.deliveries.repository import cancel_open_deliveries
from notifications.digests import service as digests
from notifications.models import Subscription
from notifications.outbound import OutboundPolicy, TargetRefused
from notifications.signing import is_valid_secret, new_secret
from notifications.subscriptions import repository
from notifications.subscriptions.domain import Filters, may_manage, rotated
from notifications.subscriptions.schemas import SecretRotation, SubscriptionCreate, SubscriptionUpdate

# --- Who may see what ------------------------------------------------------------------------------


async def visible_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str, *, lock: bool = True
) -> Subscription:
    found = await repository.subscription(session, subscription_id, lock=lock)
    # Someone else's subscription is answered as missing: its existence is not the caller's business.
    if found is None or not may_manage(principal, found):
        raise NotFound(f"no subscription {subscription_id}", field="id")
    return found


# --- Checks of what a subscription names ------------------------------------------------------------


async def check_filters(session: AsyncSession, filters: Filters) -> None:
    filters.check_event_types()
    for facet, model in repository.KNOWN_TABLES.items():
        unknown = await repository.unknown_codes(session, model, getattr(filters, facet))
        if unknown:
            raise RuleViolated(f"not known to the registry: {', '.join(unknown)}", field=f"filters.{facet}")
    areas = filters.track_issue_areas()
    unknown = await repository.unknown_codes(session, repository.KNOWN_TABLES["issue_areas"], areas)
    if unknown:
        raise RuleViolated(
            f"no roadmap track {', '.join(unknown)}: tracks are issue areas and napci", field="filters.tracks"
        )


async def checked_url(policy: OutboundPolicy, url: str | None) -> str:
    if not url:
        raise RuleViolated("a webhook needs a `url`", field="url")
    try:
        policy.check_url(url)
        # Resolved now too, so that a name pointing at a private address is refused up front; every
        # attempt checks again and connects to the address it checked.
        await policy.resolve(url)
    except TargetRefused as refused:
        raise RuleViolated(f"the webhook URL is refused: {refused.reason}", field="url") from refused
    return url


# --- Subscriptions ----------------------------------------------------------------------------------


async def create_subscription(
    session: AsyncSession,
    outbox: Outbox,
    principal: Principal,
    command: SubscriptionCreate,
    policy: OutboundPolicy,
    *,
    now: datetime,
) -> tuple[Subscription, str | None]:
    """The new subscription and, for a webhook, its signing secret (shown once); a digest's first is due
    at its next time after `now`."""
    contact: dict[str, Any] | None = None
    if command.member_code is not None:
        member = await repository.member(session, command.member_code)
        if member is None:
            raise RuleViolated(
                f"member {command.member_code} is not known to the registry", field="member_code"
            )
        # The API refuses a stranger's member earlier, from the raw body (api.py); this decides on the
        # validated one.
        if not principal.may_act_for(member.code):
            raise Forbidden("a partner subscribes only its own member's contacts", field="member_code")
        if command.contact_id is not None:
            contact = next((c for c in member.contacts if c["id"] == command.contact_id), None)
            if contact is None:
                raise RuleViolated(
                    f"member {member.code} has no contact {command.contact_id}", field="contact_id"
                )
    elif command.contact_id is not None:
        raise RuleViolated("a contact is named with its `member_code`", field="member_code")
    await check_filters(session, command.filters)

    secret: str | None = None
    url = email = None
    if command.channel == "webhook":
        url = await checked_url(policy, command.url)
        if command.secret is not None and not is_valid_secret(command.secret):
            raise RuleViolated("a secret is `whsec_` and base64 of 24 to 64 bytes", field="secret")
        secret = command.secret or new_secret()
    else:
        if command.url is not None or command.secret is not None:
            field = "url" if command.url is not None else "secret"
            raise RuleViolated(f"only a webhook has a `{field}`", field=field)
        if command.channel == "email":
            email = command.email or (contact["email"] if contact else None)
            if not email:
                raise RuleViolated(
                    "an email subscription needs an `email` (or a contact with one)", field="email"
                )
    language = command.language or (contact["preferred_language"] if contact else None) or "en"
    subscription = Subscription(
        id=str(uuid.uuid4()),
        subscriber=command.member_code or principal.client_id,
        member_code=command.member_code,
        contact_id=command.contact_id,
        created_by=principal.client_id,
        channel=command.channel,
        url=url,
        secrets=[{"secret": secret, "expires_at": None}] if secret else [],
        email=str(email) if email else None,
        language=language,
        follows_contact_email=contact is not None and command.channel == "email" and command.email is None,
        follows_contact_language=contact is not None and command.language is None,
        filters=command.filters.model_dump(),
        description=command.description,
        active=True,
        version=1,
    )
    await digests.set_digest(session, outbox, subscription, command.digest, now=now)
    repository.add(session, subscription)
    await session.flush()
    return subscription, secret


async def update_subscription(
    session: AsyncSession,
    outbox: Outbox,
    subscription: Subscription,
    command: SubscriptionUpdate,
    policy: OutboundPolicy,
    *,
    now: datetime,
) -> Subscription:
    changes = command.model_dump(exclude_unset=True)
    if "url" in changes:
        if subscription.channel != "webhook":
            raise RuleViolated("only a webhook has a `url`", field="url")
        subscription.url = await checked_url(policy, command.url)
    if "email" in changes:
        if subscription.channel != "email" or command.email is None:
            raise RuleViolated("only an email subscription has an `email`", field="email")
        subscription.email = str(command.email)
        subscription.follows_contact_email = False
    if command.language is not None:
        subscription.language = command.language
        subscription.follows_contact_language = False
    if command.filters is not None:
        await check_filters(session, command.filters)
        subscription.filters = command.filters.model_dump()
    if "digest" in changes:
        await digests.set_digest(session, outbox, subscription, command.digest, now=now)
    if "description" in changes:
        subscription.description = command.description
    if command.active is not None and command.active != subscription.active:
        subscription.active = command.active
        subscription.disabled_reason = None if command.active else "disabled by its subscriber"
        if not command.active:
            await cancel_open_deliveries(session, subscription.id)
        else:
            digests.reschedule(subscription, now=now)
    subscription.version += 1
    await session.flush()
    return subscription


async def member_learnt(session: AsyncSession, member: MemberState) -> None:
    """Once the copy keeps the member's state (`notifications.read_model`): when that state is the newest
    known (a late, older event changes nothing), the subscriptions follow its contacts."""
    kept = await repository.member(session, member.code)
    if kept is not None and kept.version == member.version:
        await follow_contacts(session, member.code, kept.contacts)


async def follow_contacts(session: AsyncSession, member_code: str, contacts: list[dict[str, Any]]) -> None:
    """Brings the subscriptions of the member's contacts in line with the registry: a changed address or
    language follows where the subscription took it from the contact; a removed contact's subscriptions
    stop (their pending deliveries are cancelled), so nothing goes to a focal point who has left."""
    by_id = {contact["id"]: contact for contact in contacts}
    for subscription in await repository.contact_subscriptions(session, member_code):
        contact = by_id.get(subscription.contact_id or "")
        before = (subscription.email, subscription.language, subscription.active)
        if contact is None:
            if subscription.active:
                subscription.active = False
                subscription.disabled_reason = "its contact was removed from the registry"
                await cancel_open_deliveries(session, subscription.id)
        else:
            if subscription.follows_contact_email:
                subscription.email = contact["email"]
            if subscription.follows_contact_language:
                subscription.language = contact["preferred_language"]
        if (subscription.email, subscription.language, subscription.active) != before:
            subscription.version += 1
    await session.flush()


async def delete_subscription(session: AsyncSession, subscription: Subscription) -> None:
    """Removes it with its deliveries and inbox items; nothing more is sent for it."""
    await repository.delete(session, subscription)


async def rotate_secret(
    session: AsyncSession, subscription: Subscription, command: SecretRotation
) -> tuple[str, datetime]:
    """A new signing secret; the current ones keep signing (both signatures are sent) until the overlap
    ends, so receivers can switch without losing a message."""
    if subscription.channel != "webhook":
        raise Conflict("only a webhook has a signing secret", field="channel")
    if command.secret is not None and not is_valid_secret(command.secret):
        raise RuleViolated("a secret is `whsec_` and base64 of 24 to 64 bytes", field="secret")
    secret = command.secret or new_secret()
    subscription.secrets, expires = rotated(
        subscription.secrets,
        secret,
        now=datetime.now(UTC),
        overlap=timedelta(seconds=command.overlap_seconds),
    )
    subscription.version += 1
    await session.flush()
    return secret, expires
