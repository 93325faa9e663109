"""Topic and event type -> handler: the held meetings, and the roadmap's copy of the registry
(`roadmap.read_model`): mechanisms (whose memberships show their expansions), issue areas (which have
tracks) and members (who may agree to a decision)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.app import Runtime
from common.contracts.meetings import MeetingHeld
from common.contracts.registry import IssueAreaEvent, MechanismEvent
from common.contracts.subscriptions import ISSUE_AREA_EVENTS, MECHANISM_EVENTS, subscription
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from common.readmodel import Apply, registry_handlers
from roadmap import read_model
from roadmap.tracks import intake

SUBSCRIPTION = subscription("roadmap")
GROUP = SUBSCRIPTION.group


def handlers(outbox: Outbox) -> list[Handler[Any]]:
    async def meeting_held(session: AsyncSession, event: CloudEvent, data: MeetingHeld) -> None:
        await intake.record_held_meeting(session, outbox, data)

    async def mechanism(session: AsyncSession, event: CloudEvent, data: MechanismEvent) -> None:
        await intake.mechanism_learnt(session, outbox, data.mechanism)

    async def issue_area(session: AsyncSession, event: CloudEvent, data: IssueAreaEvent) -> None:
        await intake.issue_area_learnt(session, outbox, data.issue_area)

    # A change of the registry settles the tracks it concerns, in the transaction that keeps it.
    settles: dict[type[Any], Apply] = {
        **dict.fromkeys(MECHANISM_EVENTS, mechanism),
        **dict.fromkeys(ISSUE_AREA_EVENTS, issue_area),
    }
    return [Handler(MeetingHeld, meeting_held), *registry_handlers(read_model, then=settles)]


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [
        ConsumerRunner(
            settings=runtime.settings,
            uow=runtime.uow,
            subscription=SUBSCRIPTION,
            handlers=handlers(runtime.outbox),
        )
    ]
