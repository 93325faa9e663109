"""Topic and event type -> handler: the registry's members (with their contacts), issue areas and
mechanisms kept as a local copy, and every event a person is told about fanned out to subscriptions."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.app import Runtime
from common.contracts import CATALOG, EventData
from common.contracts.notifications import DELIVERY_TOPIC
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
from common.readmodel import upsert_if_newer
from notifications import repository, service
from notifications.fanout import notify
from notifications.models import KnownIssueArea, KnownMechanism, KnownMember
from notifications.rendering import RENDERED_EVENT_TYPES
from notifications.repository import table_of

SUBSCRIPTION = subscription("notifications")
GROUP = SUBSCRIPTION.group


async def learn_member(session: AsyncSession, event: CloudEvent, data: MemberEvent) -> None:
    member = data.member
    values = {
        "code": member.code,
        "kind": member.kind,
        "contacts": [contact.model_dump(mode="json") for contact in member.contacts],
        "version": member.version,
    }
    await upsert_if_newer(session, table_of(KnownMember), values, key="code")
    kept = await repository.member(session, member.code)
    if kept is not None and kept.version == member.version:
        # This event is the newest known state (a late, older one changes nothing): subscriptions follow.
        await service.follow_contacts(session, member.code, kept.contacts)


async def learn_mechanism(session: AsyncSession, event: CloudEvent, data: MechanismEvent) -> None:
    values = {"code": data.mechanism.code, "version": data.mechanism.version}
    await upsert_if_newer(session, table_of(KnownMechanism), values, key="code")


async def learn_issue_area(session: AsyncSession, event: CloudEvent, data: IssueAreaEvent) -> None:
    values = {"code": data.issue_area.code, "version": data.issue_area.version}
    await upsert_if_newer(session, table_of(KnownIssueArea), values, key="code")


def handlers(outbox: Outbox) -> list[Handler[Any]]:
    async def fan_out(session: AsyncSession, event: CloudEvent, data: EventData) -> None:
        await notify(session, outbox, event)

    async def open_and_fan_out(session: AsyncSession, event: CloudEvent, data: IssueAreaOpened) -> None:
        await learn_issue_area(session, event, data)
        await notify(session, outbox, event)

    learnt: list[Handler[Any]] = [
        Handler(MemberRegistered, learn_member),
        Handler(MemberUpdated, learn_member),
        Handler(MemberStatusChanged, learn_member),
        Handler(MemberStatusCorrected, learn_member),
        Handler(MemberContactsChanged, learn_member),
        Handler(MechanismRegistered, learn_mechanism),
        Handler(MechanismUpdated, learn_mechanism),
        Handler(MechanismMembersAdded, learn_mechanism),
        Handler(MechanismMembershipEnded, learn_mechanism),
        Handler(IssueAreaRegistered, learn_issue_area),
        Handler(IssueAreaUpdated, learn_issue_area),
        Handler(IssueAreaOpened, open_and_fan_out),
    ]
    taken = {CATALOG.for_data_type(handler.data).type for handler in learnt}
    # Its own delivery events are for audit, never notified again (a dead delivery tells the other
    # channels directly): no loop through the topic.
    told: list[Handler[Any]] = [
        Handler(CATALOG.by_type(event_type).data, fan_out)
        for event_type in sorted(RENDERED_EVENT_TYPES - taken)
        if CATALOG.by_type(event_type).topic != DELIVERY_TOPIC
    ]
    return learnt + told


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [
        ConsumerRunner(
            settings=runtime.settings,
            uow=runtime.uow,
            subscription=SUBSCRIPTION,
            handlers=handlers(runtime.outbox),
        )
    ]
