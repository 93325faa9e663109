"""Topic and event type -> handler: what the meetings service learns from the others."""

from __future__ import annotations

from typing import Any

from common.app import Runtime
from common.contracts.subscriptions import subscription
from common.messaging.consumer import ConsumerRunner, Handler
from common.readmodel import registry_handlers
from meetings import read_model

SUBSCRIPTION = subscription("meetings")
GROUP = SUBSCRIPTION.group
HANDLERS: list[Handler[Any]] = registry_handlers(read_model)


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [
        ConsumerRunner(
            settings=runtime.settings, uow=runtime.uow, subscription=SUBSCRIPTION, handlers=HANDLERS
        )
    ]
