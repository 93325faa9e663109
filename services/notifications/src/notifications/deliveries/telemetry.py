"""What an operator sees of the deliveries (issue 17): each attempt is a span in the trace of what caused
the delivery, and the delivery metrics of `common.metrics` count what was committed.

The trace: fan-out records each delivery with the traceparent of the consumer's process span, and an
attempt continues it, so that "TRM+ held" in meetings, its fan-out here and the webhook POST (httpx's span,
whose traceparent the receiver gets as a header) are one trace. Standard Webhooks signs the id, the
timestamp and the body only (https://www.standardwebhooks.com/), so the header changes no signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy.ext.asyncio import AsyncSession

from common import metrics, tracing
from common.db import after_commit
from notifications.deliveries.domain import Outcome
from notifications.models import Delivery

# Outcomes that are no delivery: the attempt's span is marked as an error (a deferral made no attempt).
UNSUCCESSFUL: tuple[Outcome, ...] = ("failed", "gone", "refused")


@contextmanager
def attempt_span(delivery: Delivery) -> Iterator[trace.Span]:
    """The current span while an attempt of `delivery` is made and recorded: `send webhook` or `send
    email`, a child of the span that recorded the delivery (a fresh trace for a delivery recorded before
    deliveries kept their traceparent)."""
    attributes = {
        "cloudevents.event_id": delivery.event_id,
        "cloudevents.event_type": delivery.event_type,
        "neacoop.delivery.id": delivery.id,
        "neacoop.delivery.channel": delivery.channel,
        "neacoop.delivery.attempt": delivery.attempts + 1,
    }
    with tracing.continued_span(
        f"send {delivery.channel}",
        traceparent=delivery.traceparent,
        kind=SpanKind.CLIENT,
        attributes=attributes,
    ) as span:
        yield span


def describe_attempt(span: trace.Span, outcome: Outcome, error: str | None) -> None:
    span.set_attribute("neacoop.delivery.outcome", outcome)
    if outcome in UNSUCCESSFUL:
        span.set_status(Status(StatusCode.ERROR, error))


def count_after_commit(
    session: AsyncSession, delivery: Delivery, *, announced_at: datetime | None, now: datetime
) -> None:
    """Counts an attempt of `delivery` under the status it left the delivery in (delivered, failed, dead)
    once the session commits it; a delivered one observes its latency from `announced_at` as well.

    After the commit, so that an attempt is counted once: a transaction that fails is tried again (the
    dispatcher's recording while the database is away, the consumer's fan-out after an error)."""
    channel, status = delivery.channel, delivery.status

    def count() -> None:
        metrics.deliveries.labels(channel, status).inc()
        if status == "delivered" and announced_at is not None:
            metrics.delivery_latency.labels(channel).observe(max((now - announced_at).total_seconds(), 0.0))

    after_commit(session, count)


def latency_origin(occurred_at: datetime, delivery: Delivery) -> datetime:
    """Where a delivery's latency counts from: the event it announces, or its recording when that came
    later (a replay records deliveries of events long past, and is not late for it)."""
    return max(occurred_at, delivery.created_at)
