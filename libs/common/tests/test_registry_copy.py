"""Every copy of the registry is fed by the same handlers for the same events; a service says only how its
tables keep each state (common.readmodel.RegistryCopy) and what it does besides."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.meetings import MeetingHeld
from common.contracts.registry import (
    IssueAreaOpened,
    IssueAreaState,
    MechanismMembersAdded,
    MechanismState,
    MemberState,
    MemberStatusCorrected,
    StatusPeriod,
)
from common.contracts.subscriptions import REGISTRY_COPY_EVENTS, subscription
from common.messaging.consumer import Handler
from common.messaging.envelope import CloudEvent
from common.readmodel import registry_handlers

# The handlers under test never touch the session or the envelope: the copy below keeps in memory.
NO_SESSION = cast(AsyncSession, None)
NO_EVENT = cast(CloudEvent, None)

PRK = MemberState(
    code="PRK",
    kind="state",
    names={"en": "DPRK"},
    status_history=[StatusPeriod(status="participant", effective_from=date(2016, 1, 1), reason="joined")],
    version=4,
)
TRM = MechanismState(code="TRM", names={"en": "TRM"}, agenda="nuclear_safety", version=2)
ENERGY = IssueAreaState(code="energy", names={"en": "Energy"}, kind="traditional", open=True, version=3)


class KeptInMemory:
    def __init__(self) -> None:
        self.done: list[str] = []

    async def keep_member(self, session: AsyncSession, member: MemberState) -> None:
        self.done.append(f"member {member.code} v{member.version}")

    async def keep_mechanism(self, session: AsyncSession, mechanism: MechanismState) -> None:
        self.done.append(f"mechanism {mechanism.code} v{mechanism.version}")

    async def keep_issue_area(self, session: AsyncSession, area: IssueAreaState) -> None:
        self.done.append(f"issue area {area.code} v{area.version}")


def handler_for(handlers: list[Handler[Any]], model: type[Any]) -> Handler[Any]:
    return next(handler for handler in handlers if handler.data is model)


def test_a_copy_handles_each_registry_event_it_keeps_once_and_no_other() -> None:
    handled = [handler.data for handler in registry_handlers(KeptInMemory())]

    assert sorted(model.__name__ for model in handled) == sorted(m.__name__ for m in REGISTRY_COPY_EVENTS)
    assert len(handled) == len(set(handled))
    # Meetings keeps a copy and nothing else from the registry: its subscription is exactly these events.
    assert set(handled) == set(subscription("meetings").events)


async def test_each_event_keeps_the_full_state_it_carries() -> None:
    copy = KeptInMemory()
    handlers = registry_handlers(copy)

    corrected = MemberStatusCorrected.model_validate(
        {
            "member": PRK.model_dump(),
            "period_before": PRK.status_history[0].model_dump(),
            "period_after": PRK.status_history[0].model_dump(),
            "correction_id": "c-1",
            "reason": "a typo",
            "corrected_by": "admin",
        }
    )
    await handler_for(handlers, MemberStatusCorrected).apply(NO_SESSION, NO_EVENT, corrected)
    added = MechanismMembersAdded(mechanism=TRM, added_member_codes=["PRK"], joined_on=date(2016, 1, 1))
    await handler_for(handlers, MechanismMembersAdded).apply(NO_SESSION, NO_EVENT, added)
    opened = IssueAreaOpened(issue_area=ENERGY)
    await handler_for(handlers, IssueAreaOpened).apply(NO_SESSION, NO_EVENT, opened)

    assert copy.done == ["member PRK v4", "mechanism TRM v2", "issue area energy v3"]


async def test_what_a_service_does_besides_runs_after_its_copy_is_kept() -> None:
    copy = KeptInMemory()

    async def tell(session: AsyncSession, event: CloudEvent, data: IssueAreaOpened) -> None:
        copy.done.append(f"told that {data.issue_area.code} opened")

    handlers = registry_handlers(copy, then={IssueAreaOpened: tell})
    opened = IssueAreaOpened(issue_area=ENERGY)
    await handler_for(handlers, IssueAreaOpened).apply(NO_SESSION, NO_EVENT, opened)

    assert copy.done == ["issue area energy v3", "told that energy opened"]


def test_a_reaction_to_an_event_the_copy_does_not_keep_is_refused() -> None:
    async def judge(session: AsyncSession, event: CloudEvent, data: MeetingHeld) -> None:
        return None

    with pytest.raises(ValueError, match="MeetingHeld"):
        registry_handlers(KeptInMemory(), then={MeetingHeld: judge})
