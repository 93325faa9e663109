"""Topic and event type -> handler: what the meetings service learns from the others."""

from __future__ import annotations

from common.app import Runtime
from common.messaging.consumer import ConsumerRunner
from meetings.read_model import HANDLERS

GROUP = "meetings"


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    return [ConsumerRunner(settings=runtime.settings, uow=runtime.uow, group_id=GROUP, handlers=HANDLERS)]
