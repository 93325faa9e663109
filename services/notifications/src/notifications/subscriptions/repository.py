"""Every query of subscriptions and of the registry's copy they name. Pages fetch one row more than
asked: its presence says there is a next page."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped

from notifications.models import KnownIssueArea, KnownMechanism, KnownMember, Subscription
from notifications.subscriptions.domain import Recipient

# --- The registry's copy ----------------------------------------------------------------------------


async def member(session: AsyncSession, code: str) -> KnownMember | None:
    return await session.get(KnownMember, code, populate_existing=True)


async def unknown_codes(session: AsyncSession, model: type[Any], codes: Sequence[str]) -> list[str]:
    """The codes among `codes` the registry has not announced (in `model`'s table)."""
    if not codes:
        return []
    known = set(await session.scalars(select(model.code).where(model.code.in_(codes))))
    return sorted(set(codes) - known)


KNOWN_TABLES: dict[str, type[Any]] = {
    "issue_areas": KnownIssueArea,
    "members": KnownMember,
    "mechanisms": KnownMechanism,
}


# --- Subscriptions ----------------------------------------------------------------------------------


def add(session: AsyncSession, subscription: Subscription) -> None:
    session.add(subscription)


async def subscription(
    session: AsyncSession, subscription_id: str, *, lock: bool = False
) -> Subscription | None:
    query = select(Subscription).where(Subscription.id == subscription_id)
    if lock:
        query = query.with_for_update()
    found: Subscription | None = await session.scalar(query.execution_options(populate_existing=True))
    return found


async def subscriptions_page(
    session: AsyncSession, *, subscribers: Sequence[str] | None, after: str | None, limit: int
) -> list[Subscription]:
    query = select(Subscription).order_by(Subscription.id)
    if subscribers is not None:
        query = query.where(Subscription.subscriber.in_(subscribers))
    if after is not None:
        query = query.where(Subscription.id > after)
    return list(await session.scalars(query.limit(limit + 1)))


# What migration 0009's `subscription_filter` keeps for a filter with no values: it accepts any event.
ANY = "*"


def _accepting(column: Mapped[list[str]], values: Iterable[str]) -> ColumnElement[bool]:
    """The filter in `column` accepts one of `values`, or has none (any event)."""
    return column.bool_op("&&")(cast([ANY, *values], ARRAY(Text)))


async def recipients_of(
    session: AsyncSession, event_type: str, facets: Mapping[str, Sequence[str]]
) -> list[Recipient]:
    """The active subscriptions whose filters accept an event of `event_type` with `facets`, found
    through the index `subscriptions_matching` rather than by reading them all: one overlap per filter,
    as `Filters.matches` reads them (every filter given must share a value with the event). Fan-out still
    asks `matching`, the rule's one definition, of these few."""
    query = select(Subscription.id, Subscription.channel, Subscription.language, Subscription.filters).where(
        Subscription.active,
        _accepting(Subscription.match_event_types, [event_type]),
        _accepting(Subscription.match_issue_areas, facets.get("issue_areas", ())),
        _accepting(Subscription.match_members, facets.get("members", ())),
        _accepting(Subscription.match_mechanisms, facets.get("mechanisms", ())),
        _accepting(Subscription.match_tracks, facets.get("tracks", ())),
    )
    return [
        Recipient(id=row.id, channel=row.channel, language=row.language, filters=row.filters)
        for row in await session.execute(query)
    ]


async def subscriptions_of(session: AsyncSession, subscription_ids: Collection[str]) -> list[Subscription]:
    query = select(Subscription).where(Subscription.id.in_(list(subscription_ids)))
    return list(await session.scalars(query))


async def contact_subscriptions(session: AsyncSession, member_code: str) -> list[Subscription]:
    query = select(Subscription).where(
        Subscription.member_code == member_code, Subscription.contact_id.is_not(None)
    )
    return list(await session.scalars(query.with_for_update()))


async def other_channels(session: AsyncSession, subscription: Subscription) -> list[Subscription]:
    query = select(Subscription).where(
        Subscription.subscriber == subscription.subscriber,
        Subscription.id != subscription.id,
        Subscription.active.is_(True),
    )
    return list(await session.scalars(query))


async def delete(session: AsyncSession, subscription: Subscription) -> None:
    """With its deliveries and inbox items (the foreign keys cascade)."""
    await session.delete(subscription)
    await session.flush()
