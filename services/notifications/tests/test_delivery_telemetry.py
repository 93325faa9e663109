"""What an operator sees of the deliveries, on the real broker and database (issue 17): a webhook's send in
the trace of the event that caused it, its request carrying that trace and still signed; deliveries
counted by channel and outcome once recorded, the latency of the delivered ones, and the open circuits."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id
from prometheus_client import REGISTRY
from standardwebhooks.webhooks import Webhook

from common import tracing
from common.testing.fixtures import eventually
from notifications.config import NotificationsSettings
from support.notifications import (
    OthersOnTheBus,
    Receiver,
    delivery_reaching,
    inbox,
    meeting_held,
    running,
    start_group_at_end,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration

DELIVERIES = "neacoop_notifications_deliveries_total"
LATENCY_COUNT = "neacoop_notifications_delivery_latency_seconds_count"
OPEN_CIRCUITS = "neacoop_notifications_open_circuits"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def counted_from_now() -> Callable[[], dict[tuple[str, str], float]]:
    """What the delivery counters gained since this was called, by (channel, status)."""
    keys = [(c, s) for c in ("webhook", "inbox", "email") for s in ("delivered", "failed", "dead")]
    before = {key: sample(DELIVERIES, channel=key[0], status=key[1]) for key in keys}

    def gained() -> dict[tuple[str, str], float]:
        now = {key: sample(DELIVERIES, channel=key[0], status=key[1]) for key in keys}
        return {key: now[key] - before[key] for key in keys if now[key] != before[key]}

    return gained


def span_id(span: ReadableSpan) -> str:
    assert span.context is not None
    return format_span_id(span.context.span_id)


def parent_of(span: ReadableSpan) -> str | None:
    return format_span_id(span.parent.span_id) if span.parent else None


async def test_a_webhook_is_sent_in_the_trace_of_its_event_and_its_traceparent_header_leaves_it_signed(
    notifications: httpx.AsyncClient,
    bus: OthersOnTheBus,
    receiver: Receiver,
    recorded_spans: InMemorySpanExporter,
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    subscription = await subscribe(notifications, webhook(receiver.url("/traced")), partner.headers)

    # Meetings records the event inside its request's span; the event carries that span's traceparent.
    with tracing.tracer().start_as_current_span("POST /v1/meetings/{meeting_id}/held") as held:
        event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    trace_id = format_trace_id(held.get_span_context().trace_id)
    sent = await delivery_reaching(
        notifications, partner.headers, subscription=subscription["id"], event=event.id, status="delivered"
    )

    def in_trace(name: str, kind: SpanKind) -> ReadableSpan | None:
        return next(
            (
                span
                for span in recorded_spans.get_finished_spans()
                if span.context is not None
                and format_trace_id(span.context.trace_id) == trace_id
                and span.name == name
                and span.kind == kind
            ),
            None,
        )

    async def send_finished() -> ReadableSpan | None:
        return in_trace("send webhook", SpanKind.CLIENT)

    send = await eventually(send_finished, what="the send span, ended once the outcome is recorded")
    process = in_trace("process meetings.meeting.v1", SpanKind.CONSUMER)
    post = in_trace("POST", SpanKind.CLIENT)
    assert process is not None
    assert post is not None
    assert parent_of(process) == format_span_id(held.get_span_context().span_id)
    assert parent_of(send) == span_id(process)
    assert parent_of(post) == span_id(send)
    assert send.attributes is not None
    assert send.attributes["neacoop.delivery.id"] == sent["id"]
    assert send.attributes["neacoop.delivery.outcome"] == "delivered"

    [request] = receiver.to("/traced")
    version, in_trace_id, parent_id, flags = request.headers["traceparent"].split("-")
    assert (version, in_trace_id, parent_id) == ("00", trace_id, span_id(post))
    assert int(flags, 16) & 0x01, "sampled (https://www.w3.org/TR/trace-context/#trace-flags)"
    assert Webhook(subscription["secret"]).verify(request.body, request.headers)["id"] == event.id


async def test_each_recorded_attempt_is_counted_by_channel_and_outcome_and_a_delivered_ones_latency_observed(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    receiver.answer("/flaky", 500, times=1)
    hook = await subscribe(notifications, webhook(receiver.url("/flaky")), partner.headers)
    kept = await subscribe(notifications, inbox(), partner.headers)
    gained = counted_from_now()
    latencies = {channel: sample(LATENCY_COUNT, channel=channel) for channel in ("webhook", "inbox")}

    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    for subscription in (hook, kept):
        await delivery_reaching(
            notifications,
            partner.headers,
            subscription=subscription["id"],
            event=event.id,
            status="delivered",
        )

    expected = {("webhook", "failed"): 1.0, ("webhook", "delivered"): 1.0, ("inbox", "delivered"): 1.0}

    async def all_counted() -> dict[tuple[str, str], float] | None:
        found = gained()
        return found if found == expected else None

    await eventually(all_counted, what=f"the attempts counted as {expected}, not {gained()}")
    for channel, before in latencies.items():
        assert sample(LATENCY_COUNT, channel=channel) == before + 1, channel
    # The event was sent a moment ago: well within the first buckets, nowhere near an hour.
    assert sample("neacoop_notifications_delivery_latency_seconds_bucket", channel="webhook", le="60.0") >= 1


async def test_a_delivery_that_gives_up_counts_its_failures_and_its_death_and_leaves_its_circuit_open(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    # The circuit opens at the fifth failure in a row, the last attempt of the schedule, and stays open.
    settings = notifications_settings.model_copy(
        update={"webhook_circuit_failures": 5, "webhook_circuit_open_seconds": 300}
    )
    receiver.answer("/down", 500)
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as notifications:
        await bus.member(host)
        partner = await bus.partner(host)
        hook = await subscribe(notifications, webhook(receiver.url("/down")), partner.headers)
        gained = counted_from_now()

        event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
        dead = await delivery_reaching(
            notifications, partner.headers, subscription=hook["id"], event=event.id, status="dead"
        )
        assert dead["attempts"] == len(settings.delivery_retry_schedule)

        expected = {("webhook", "failed"): dead["attempts"] - 1.0, ("webhook", "dead"): 1.0}

        async def all_counted() -> dict[tuple[str, str], float] | None:
            found = gained()
            return found if found == expected else None

        await eventually(all_counted, what=f"the attempts counted as {expected}, not {gained()}")
        assert sample(OPEN_CIRCUITS) == 1
