"""Topic and event type -> handler: what the meetings service learns from the others."""

from __future__ import annotations

from common.app import Runtime
from common.contracts.registry import MemberRegistered, MemberStatusChanged, MemberUpdated
from common.messaging.consumer import ConsumerRunner, Handler
from meetings import service

GROUP = "meetings"


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [
        ConsumerRunner(
            settings=runtime.settings,
            uow=runtime.uow,
            group_id=GROUP,
            handlers=[
                Handler(event, service.learn_member)
                for event in (MemberRegistered, MemberUpdated, MemberStatusChanged)
            ],
        )
    ]
