"""Topic and event type -> handler: the notifications service's copy of the registry
(`notifications.read_model`), whose members' contacts the subscriptions follow, and every event a person
is told about fanned out to subscriptions."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.app import Runtime
from common.contracts import CATALOG, EventData
from common.contracts.notifications import DELIVERY_TOPIC
from common.contracts.registry import IssueAreaOpened, MemberEvent
from common.contracts.subscriptions import MEMBER_EVENTS, subscription
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from common.readmodel import Apply, registry_handlers
from notifications import read_model
from notifications.deliveries.fanout import notify
from notifications.rendering import RENDERED_EVENT_TYPES
from notifications.subscriptions import service as subscriptions_service

SUBSCRIPTION = subscription("notifications")
GROUP = SUBSCRIPTION.group


async def follow_contacts(session: AsyncSession, event: CloudEvent, data: MemberEvent) -> None:
    await subscriptions_service.member_learnt(session, data.member)


def handlers(outbox: Outbox) -> list[Handler[Any]]:
    async def fan_out(session: AsyncSession, event: CloudEvent, data: EventData) -> None:
        await notify(session, outbox, event, data)

    # Once the copy is kept: subscriptions follow a member's contacts; an opened issue area is told.
    then: dict[type[Any], Apply] = {**dict.fromkeys(MEMBER_EVENTS, follow_contacts), IssueAreaOpened: fan_out}
    learnt = registry_handlers(read_model, then=then)
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
