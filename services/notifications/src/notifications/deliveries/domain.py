"""A delivery's life as an explicit state machine, and the rules of sending, with nothing of the database
or the network: what an attempt's outcome makes of the delivery, when it is tried again, when an endpoint
is left alone (the circuit breaker), and who is told of a dead delivery.

pending -> delivered, failed (tried again on the schedule), dead (the schedule spent, refused for good,
or the endpoint gone) or cancelled (its subscription stopped); failed -> the same. Any delivery may be
sent again (redelivered or replayed), which makes it pending with a fresh schedule.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from common.contracts import CATALOG, EventData
from common.contracts.notifications import DeliveryDead, DeliveryStatus
from common.errors import Conflict
from common.messaging.envelope import CloudEvent
from notifications.models import NotifiedEvent, Subscription
from notifications.rendering import Rendered
from notifications.subscriptions.domain import Filters, Recipient

TRANSITIONS: dict[str, tuple[DeliveryStatus, ...]] = {
    "pending": ("delivered", "failed", "dead", "cancelled", "pending"),
    "failed": ("delivered", "failed", "dead", "cancelled", "pending"),
    "delivered": ("pending",),
    "dead": ("pending",),
    "cancelled": ("pending",),
}
# What the dispatcher attempts, and what a subscription that stops cancels.
OPEN: tuple[DeliveryStatus, ...] = ("pending", "failed")

# How an attempt ended: sent; failed (tried again); the endpoint answered 410 Gone; refused for good (an
# email address the server rejects); or deferred, not made (circuit open, rate limit) and not counted.
Outcome = Literal["delivered", "failed", "gone", "refused", "deferred"]

RETRY_AFTER_FLOOR_SECONDS = 60.0
GONE = "the endpoint answered 410 Gone"
# A dead delivery is told to its subscriber's other channels, whatever their filters, and to no one else.
DEAD_NOTICE_TYPE = CATALOG.for_data_type(DeliveryDead).type


def check_move(current: str, target: DeliveryStatus) -> None:
    """Refuses a move the state machine does not have, naming the ones it does (409)."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise Conflict(
            f"a {current} delivery cannot become {target}; allowed: {', '.join(allowed)}",
            field="status",
            current_status=current,
            allowed=list(allowed),
        )


def is_open(status: str) -> bool:
    """Whether an attempt may be made, or its outcome recorded: a delivery cancelled or redelivered
    meanwhile keeps the attempt as history only."""
    return status in OPEN


def next_attempt_at(
    now: datetime,
    attempts_made: int,
    schedule: Sequence[float],
    *,
    jitter: float,
    retry_after: float | None = None,
) -> datetime | None:
    """When to try again after `attempts_made` attempts, or None when the schedule is spent.

    `schedule[n]` is the wait before attempt n+1 (Standard Webhooks: 0, 5 s, 5 min, ...). The wait is
    spread by `jitter` either way so that endpoints failing together are not retried together; a
    receiver's `Retry-After` is honoured when it asks for longer.
    """
    if attempts_made >= len(schedule):
        return None
    wait = schedule[attempts_made] * random.uniform(1 - jitter, 1 + jitter)
    if retry_after is not None:
        # Honoured up to the longest wait of the schedule (a minute at least): a receiver cannot put its
        # deliveries off for ever.
        wait = max(wait, min(retry_after, max(*schedule, RETRY_AFTER_FLOOR_SECONDS)))
    return now + timedelta(seconds=wait)


@dataclass(frozen=True)
class Verdict:
    """What an attempt makes of its delivery: its new status, when it is next due, and why it died."""

    status: DeliveryStatus
    next_attempt_at: datetime | None
    # Whether the attempt spends one of the schedule's (a deferral does not).
    counted: bool = True
    dead_reason: str | None = None
    # A 410: the subscription is disabled, with this reason, and its open deliveries cancelled.
    disables_subscription: str | None = None


def after_attempt(
    status: str,
    outcome: Outcome,
    *,
    attempts_made: int,
    now: datetime,
    schedule: Sequence[float],
    jitter: float,
    error: str | None = None,
    retry_after: float | None = None,
    not_before: datetime | None = None,
) -> Verdict:
    """The verdict on an attempt of an open delivery (`status`) that `attempts_made` attempts were made
    of before it."""
    if outcome == "deferred":
        return Verdict(cast(DeliveryStatus, status), not_before or now, counted=False)
    if outcome == "delivered":
        return Verdict("delivered", None)
    if outcome == "gone":
        return Verdict("dead", None, dead_reason=f"{GONE}: it is disabled", disables_subscription=GONE)
    if outcome == "refused":
        return Verdict("dead", None, dead_reason=f"refused for good: {error}")
    attempts = attempts_made + 1
    retry = next_attempt_at(now, attempts, schedule, jitter=jitter, retry_after=retry_after)
    if retry is None:
        return Verdict("dead", None, dead_reason=f"{attempts} attempts failed: {error}")
    return Verdict("failed", retry)


def tells_other_channels(event_type: str) -> bool:
    """A dead delivery is told to its subscriber's other channels (issue 6, item 3), unless it was itself
    a notice of a dead delivery: no loops."""
    return event_type != DEAD_NOTICE_TYPE


def replayed_to(subscription: Subscription, event: NotifiedEvent) -> bool:
    """Whether a replay sends `event` to `subscription`: what its filters accept, and the notices of its
    subscriber's other channels' dead deliveries (which their subscriber alone may read)."""
    if event.type == DEAD_NOTICE_TYPE:
        dead = DeliveryDead.model_validate(event.cloudevent.get("data", {})).delivery
        return dead.subscriber == subscription.subscriber and dead.subscription_id != subscription.id
    return Filters.model_validate(subscription.filters).matches(event.type, event.facets)


def data_of(event: NotifiedEvent) -> EventData:
    """A kept event's data as its contract's model: it was valid when it was received."""
    return CATALOG.by_type(event.type).data.model_validate(event.cloudevent.get("data", {}))


class CircuitBreaker:
    """Per endpoint, which is the subscription's URL: after `failures` failures in a row the circuit
    opens for `open_for` seconds, during which deliveries to it are deferred; then one attempt, the
    probe, decides again while the others wait for its answer (`probe_for` at most), so that an endpoint
    that hangs holds one delivery in flight, not every one that was waiting for it.

    Not per host: a subscriber's failing URL must not defer another subscription on the same host (issue
    12: a healthy subscription sharing a host with a failing one got 0 of 8 deliveries in 150 s)."""

    def __init__(self, *, failures: int, open_for: float, probe_for: float) -> None:
        self.threshold = failures
        self.open_for = timedelta(seconds=open_for)
        self.probe_for = timedelta(seconds=probe_for)
        self.failures: dict[str, int] = {}
        self.open_until: dict[str, datetime] = {}

    @staticmethod
    def endpoint(url: str) -> str:
        # As stored, like the dispatcher's per-endpoint limit (`deliveries.repository.endpoint_key`).
        return url

    def closed_after(self, url: str, now: datetime) -> datetime | None:
        """None if the endpoint may be tried now, else when it may."""
        key = self.endpoint(url)
        until = self.open_until.get(key)
        if until is None:
            return None
        if until > now:
            return until
        # Half-open: this caller probes. The others wait until its answer closes the circuit or opens it
        # again; a probe that never records one (a crash) holds them back no longer than `probe_for`.
        self.open_until[key] = now + self.probe_for
        return None

    def open_at(self, now: datetime) -> int:
        """How many endpoints' circuits are open at `now`, a probe's under way included: their deliveries
        wait."""
        return sum(1 for until in self.open_until.values() if until > now)

    def record(self, url: str, *, success: bool, now: datetime) -> bool:
        """Counts an answer of the endpoint; True when it opens the circuit."""
        key = self.endpoint(url)
        if success:
            self.failures.pop(key, None)
            self.open_until.pop(key, None)
            return False
        self.failures[key] = self.failures.get(key, 0) + 1
        if self.failures[key] >= self.threshold:
            self.open_until[key] = now + self.open_for
            return True
        return False


def notified_event(event: CloudEvent, facets: dict[str, list[str]]) -> NotifiedEvent:
    """The event as kept: the whole CloudEvent (structured mode, the webhook body) and its facets."""
    return NotifiedEvent(
        id=event.id,
        type=event.type,
        source=event.source,
        occurred_at=event.time,
        cloudevent=event.model_dump(mode="json", exclude_none=True),
        facets=facets,
    )


def new_delivery(
    subscription: Recipient | Subscription,
    event: NotifiedEvent,
    message: Rendered | None,
    *,
    now: datetime,
    traceparent: str | None,
) -> dict[str, Any]:
    """A delivery of `event` to `subscription` as first recorded: pending, due now, with its message
    for an email or an inbox (a webhook sends the event itself), in the trace of `traceparent`."""
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "subscription_id": subscription.id,
        "event_id": event.id,
        "event_type": event.type,
        "channel": subscription.channel,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "version": 1,
        "traceparent": traceparent,
        # Every key in every delivery, None where there is no message: fan-out inserts them in one
        # statement, whose rows must all name the same columns.
        "subject": message.subject if message else None,
        "text": message.text if message else None,
        "html": message.html if message else None,
        "language": message.language if message else None,
    }
    return values
