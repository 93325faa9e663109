"""Read models: a service's copy of another service's aggregates, built from their full-state events.

Meetings, the roadmap and notifications each keep a copy of the registry (members with their status
history, mechanisms with their memberships, issue areas). Which events feed that copy is declared once
(`common.contracts.subscriptions.REGISTRY_COPY_EVENTS`) and `registry_handlers` turns it into the
consumer's handlers; a service says only how its own tables keep each state, in its `read_model.py`
(`RegistryCopy`). The handlers run in the consumer runner's unit of work like any other: the copy is kept
in the transaction that claims the event id in the inbox, and the offset moves only once it has committed
(`common.messaging.consumer`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from common.contracts.catalog import EventData
from common.contracts.registry import (
    IssueAreaEvent,
    IssueAreaState,
    MechanismEvent,
    MechanismState,
    MemberEvent,
    MemberState,
)
from common.contracts.subscriptions import (
    ISSUE_AREA_EVENTS,
    MECHANISM_EVENTS,
    MEMBER_EVENTS,
    REGISTRY_COPY_EVENTS,
)
from common.messaging.consumer import Handler
from common.messaging.envelope import CloudEvent

Apply = Callable[[AsyncSession, CloudEvent, Any], Awaitable[None]]


async def upsert_if_newer(
    session: AsyncSession,
    target: Table | type[DeclarativeBase],
    values: dict[str, Any] | Sequence[dict[str, Any]],
    *,
    key: str,
) -> None:
    """Stores the state in `target` (a table or a mapped class) unless a newer version is already stored;
    several states (of distinct keys, with the same columns) in one statement.

    Events carry full state with a version, so a redelivered or late event never takes a copy back in
    time, and the order events of different aggregates arrive in does not matter.
    """
    table = target if isinstance(target, Table) else target.__table__
    assert isinstance(table, Table)
    rows = [values] if isinstance(values, dict) else list(values)
    if not rows:
        return
    statement = insert(table)
    # Executed with the rows as parameters: compiled once (and cached) whatever their number, where a
    # VALUES clause of each batch's length would be compiled anew for each.
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={name: statement.excluded[name] for name in rows[0] if name != key},
            where=table.c.version < statement.excluded.version,
        ),
        rows,
    )


class RegistryCopy(Protocol):
    """How a service keeps its copy of the registry in its own tables, with only the columns it needs.

    Each method gets the aggregate's full state from the event and must leave the copy at that state
    unless a newer version is kept already (`upsert_if_newer`). It runs in the consumer's transaction and
    never commits.
    """

    async def keep_member(self, session: AsyncSession, member: MemberState) -> None: ...

    async def keep_mechanism(self, session: AsyncSession, mechanism: MechanismState) -> None: ...

    async def keep_issue_area(self, session: AsyncSession, area: IssueAreaState) -> None: ...


def registry_handlers(
    copy: RegistryCopy, *, then: Mapping[type[EventData], Apply] | None = None
) -> list[Handler[Any]]:
    """A handler for every event of `REGISTRY_COPY_EVENTS` that keeps `copy`.

    `then` names what a service does besides, for some of those events, once its copy is kept and in the
    same transaction (the roadmap settles its tracks; notifications tells people an issue area opened).
    """
    reactions = dict(then or {})
    strangers = sorted(model.__name__ for model in reactions if model not in REGISTRY_COPY_EVENTS)
    if strangers:
        raise ValueError(f"not an event a copy of the registry keeps: {', '.join(strangers)}")

    async def member(session: AsyncSession, event: CloudEvent, data: MemberEvent) -> None:
        await copy.keep_member(session, data.member)

    async def mechanism(session: AsyncSession, event: CloudEvent, data: MechanismEvent) -> None:
        await copy.keep_mechanism(session, data.mechanism)

    async def issue_area(session: AsyncSession, event: CloudEvent, data: IssueAreaEvent) -> None:
        await copy.keep_issue_area(session, data.issue_area)

    keep: dict[type[EventData], Apply] = {
        **dict.fromkeys(MEMBER_EVENTS, member),
        **dict.fromkeys(MECHANISM_EVENTS, mechanism),
        **dict.fromkeys(ISSUE_AREA_EVENTS, issue_area),
    }
    return [Handler(model, _followed(keep[model], reactions.get(model))) for model in REGISTRY_COPY_EVENTS]


def _followed(apply: Apply, reaction: Apply | None) -> Apply:
    if reaction is None:
        return apply

    async def both(session: AsyncSession, event: CloudEvent, data: Any) -> None:
        await apply(session, event, data)
        await reaction(session, event, data)

    return both
