"""Topic and event type -> handler: the held meetings, the registry's mechanisms (whose memberships show
their expansions), issue areas (which have tracks) and members (who may agree to a decision)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.app import Runtime
from common.contracts.meetings import MeetingHeld
from common.contracts.registry import (
    IssueAreaEvent,
    IssueAreaOpened,
    IssueAreaRegistered,
    IssueAreaUpdated,
    MechanismEvent,
    MechanismMembersAdded,
    MechanismMembershipEnded,
    MechanismRegistered,
    MechanismUpdated,
    MemberContactsChanged,
    MemberEvent,
    MemberRegistered,
    MemberStatusChanged,
    MemberStatusCorrected,
    MemberUpdated,
)
from common.contracts.subscriptions import subscription
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from roadmap import service

SUBSCRIPTION = subscription("roadmap")
GROUP = SUBSCRIPTION.group


def handlers(outbox: Outbox) -> list[Handler[Any]]:
    async def meeting_held(session: AsyncSession, event: CloudEvent, data: MeetingHeld) -> None:
        await service.record_held_meeting(session, outbox, data)

    async def mechanism(session: AsyncSession, event: CloudEvent, data: MechanismEvent) -> None:
        await service.learn_mechanism(session, outbox, data.mechanism)

    async def issue_area(session: AsyncSession, event: CloudEvent, data: IssueAreaEvent) -> None:
        await service.learn_issue_area(session, outbox, data.issue_area)

    async def member(session: AsyncSession, event: CloudEvent, data: MemberEvent) -> None:
        # Who must agree to open an issue area: the states participating on the decision date.
        await service.learn_member(session, data.member)

    return [
        Handler(MeetingHeld, meeting_held),
        Handler(MechanismMembersAdded, mechanism),
        Handler(MechanismRegistered, mechanism),
        Handler(MechanismUpdated, mechanism),
        Handler(MechanismMembershipEnded, mechanism),
        Handler(IssueAreaRegistered, issue_area),
        Handler(IssueAreaUpdated, issue_area),
        Handler(IssueAreaOpened, issue_area),
        Handler(MemberRegistered, member),
        Handler(MemberUpdated, member),
        Handler(MemberStatusChanged, member),
        Handler(MemberStatusCorrected, member),
        Handler(MemberContactsChanged, member),
    ]


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [
        ConsumerRunner(
            settings=runtime.settings,
            uow=runtime.uow,
            subscription=SUBSCRIPTION,
            handlers=handlers(runtime.outbox),
        )
    ]
