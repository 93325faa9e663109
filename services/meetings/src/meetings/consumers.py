"""Topic and event type -> handler: what the meetings service learns from the others."""

from __future__ import annotations

from common.app import Runtime
from common.contracts.subscriptions import subscription
from common.messaging.consumer import ConsumerRunner
from meetings.read_model import HANDLERS

SUBSCRIPTION = subscription("meetings")
GROUP = SUBSCRIPTION.group


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [
        ConsumerRunner(
            settings=runtime.settings, uow=runtime.uow, subscription=SUBSCRIPTION, handlers=HANDLERS
        )
    ]
