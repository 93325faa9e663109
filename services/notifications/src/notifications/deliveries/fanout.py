"""Fan-out: an event of another service becomes one delivery per matching subscription, recorded in the
consumer's transaction before anything is sent (issue 6, item 2). The dispatcher sends them afterwards.

The event's data comes as its contract's model, validated once by the consumer runner; it goes to the
filters and to rendering as it is. Email and inbox notifications are rendered here, in each
subscription's language, so that an event that cannot be rendered is dead-lettered with the reason
instead of failing later one delivery at a time. The inbox channel needs no sending: its item is stored
and the delivery is delivered at once.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts import EventData
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from notifications.deliveries import repository, service
from notifications.deliveries.domain import notified_event
from notifications.digests.service import keep_for_digests
from notifications.subscriptions import repository as subscriptions_repository
from notifications.subscriptions.domain import facets_of, matching

logger = log.get_logger(__name__)


async def notify(session: AsyncSession, outbox: Outbox, event: CloudEvent, data: EventData) -> None:
    """Stores the event and records a delivery for each active subscription whose filters accept it."""
    # Rendered once before anything is recorded: an event no one could read is dead-lettered even when
    # no subscription matches it yet.
    service.rendered(event.type, data, "en", event.id)
    notified = notified_event(event, facets_of(data))
    await repository.store_event(session, notified)
    # The index finds the candidates; `matching`, the rule's one definition, has the last word.
    candidates = await subscriptions_repository.recipients_of(session, event.type, notified.facets)
    matched = matching(candidates, event.type, notified.facets)
    # A subscription with a digest keeps the event for its next digest instead (digests.service).
    told_now = await keep_for_digests(session, notified, matched)
    recipients = [
        (subscription, service.message_for(subscription, event.type, data, event.id))
        for subscription in told_now
    ]
    recorded = await service.record_deliveries(session, outbox, notified, recipients)
    logger.info("event fanned out", event_id=event.id, type=event.type, deliveries=recorded)
