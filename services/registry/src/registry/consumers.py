"""Topic and event type -> handler: what the registry applies from the other services."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.app import Runtime
from common.contracts.roadmap import DecisionRecorded
from common.contracts.subscriptions import subscription
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent
from registry.issue_areas import service as issue_areas

SUBSCRIPTION = subscription("registry")
GROUP = SUBSCRIPTION.group


def consumers(runtime: Runtime) -> list[ConsumerRunner]:
    async def apply_decision(session: AsyncSession, event: CloudEvent, data: DecisionRecorded) -> None:
        # A traditional issue area opens only by the roadmap's consensus decision, never by an edit.
        if data.kind == "open_issue_area" and data.issue_area_code:
            await issue_areas.open_issue_area(
                session, runtime.outbox, code=data.issue_area_code, decision_id=data.decision_id
            )

    return [
        ConsumerRunner(
            settings=runtime.settings,
            uow=runtime.uow,
            subscription=SUBSCRIPTION,
            handlers=[Handler(DecisionRecorded, apply_decision)],
        )
    ]
