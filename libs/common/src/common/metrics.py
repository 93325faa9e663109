"""Prometheus metrics, served at /metrics by every service: the HTTP requests, the outbox relay, the
consumers, and (declared here so that the alert rules and dashboards in deploy/observability name them
once) the notifications deliveries and the roadmap's evaluation.

Names follow Prometheus's conventions (https://prometheus.io/docs/practices/naming/): the `neacoop_`
prefix, base units in the name (`_seconds`), `_total` on counters, and labels of bounded sets only: the
route template, never the path; the consumer group, topic and partition, never an event id.
Where a metric is a gauge of a whole database (the outbox backlog), every replica reports the same value:
queries take `max` over the replicas.
"""

from __future__ import annotations

import time

from prometheus_client import Counter, Gauge, Histogram
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The published events: what the relay sent, and what it could not.
events_published = Counter(
    "neacoop_outbox_events_published_total", "Events the outbox relay published to Kafka", ["topic"]
)
publish_failures = Counter(
    "neacoop_outbox_publish_failures_total", "Outbox batches Kafka did not acknowledge"
)
events_quarantined = Counter(
    "neacoop_outbox_events_quarantined_total",
    "Outbox events set aside because Kafka can never take them (common.messaging.quarantine)",
    ["topic", "reason"],
)
outbox_backlog = Gauge(
    "neacoop_outbox_backlog_events",
    "Outbox events recorded and not yet published (quarantined ones apart), as the relay last counted",
)
outbox_oldest_age = Gauge(
    "neacoop_outbox_oldest_unpublished_age_seconds",
    "Age of the oldest outbox event not yet published (quarantined ones apart); 0 when none waits",
)
outbox_quarantined = Gauge(
    "neacoop_outbox_quarantined_events",
    "Outbox events quarantined and neither released nor discarded (make dead-letters lists them)",
)
relay_connected = Gauge(
    "neacoop_outbox_relay_connected",
    "1 while the outbox relay has a producer on Kafka and its last pass succeeded, 0 while it is paused",
)

# The consumers. The three counters keep the names they had before dashboards existed.
records_applied = Counter(
    "neacoop_consumer_records_applied_total",
    "Records a consumer applied (or found already applied)",
    ["group", "topic"],
)
records_dead_lettered = Counter(
    "neacoop_consumer_records_dead_lettered_total",
    "Records sent to a dead-letter topic",
    ["group", "topic", "reason"],
)
handler_retries = Counter(
    "neacoop_consumer_handler_retries_total", "Handler attempts that failed and were retried", ["group"]
)
consumer_lag = Gauge(
    "neacoop_consumer_lag_records",
    "Records on a partition the consumer group has not processed yet: the partition's high watermark "
    "minus the group's position, as this replica last saw them (partitions it is assigned only)",
    ["group", "topic", "partition"],
)
consumer_connected = Gauge(
    "neacoop_consumer_connected",
    "1 while the consumer is in its group on Kafka, 0 while it is paused (its last error is logged)",
    ["group"],
)

# HTTP.
# Buckets from 5 ms to 10 s: a read answers in milliseconds, a bulk import in a second or two.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
http_request_duration = Histogram(
    "neacoop_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template, method and status",
    ["route", "method", "status"],
    buckets=HTTP_BUCKETS,
)

# Notifications (recorded by the notifications service's dispatcher).
deliveries = Counter(
    "neacoop_notifications_deliveries_total",
    "Delivery attempts by channel (webhook, email, inbox) and outcome (delivered, failed, dead)",
    ["channel", "status"],
)
delivery_latency = Histogram(
    "neacoop_notifications_delivery_latency_seconds",
    "Time from the event a delivery announces to its successful delivery, by channel",
    ["channel"],
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0),
)
open_circuits = Gauge(
    "neacoop_notifications_open_circuits",
    "Webhook endpoints whose circuit is open: deliveries to them wait until it closes again",
)

# Roadmap (recorded by the roadmap's evaluation of a stage's criteria).
roadmap_evaluation_duration = Histogram(
    "neacoop_roadmap_evaluation_duration_seconds",
    "Time to evaluate a roadmap's stage against its advancement criteria",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)


UNMATCHED_ROUTE = "unmatched"


class HttpMetrics:
    """Observes every HTTP request's duration under its route template (`/v1/members/{code}`), so that
    the label set stays bounded however many members there are; a path no route matches is `unmatched`.

    Pure ASGI, like common.logging.Correlation (issue #15). An exception that escapes the app is counted
    as a 500, which is what the caller is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            http_request_duration.labels(_route_of(scope), scope["method"], str(status)).observe(
                time.perf_counter() - started
            )


def _route_of(scope: Scope) -> str:
    # The router puts the route it matched in the scope (Starlette's Router, FastAPI's APIRoute).
    route = scope.get("route")
    path = getattr(route, "path", None) if isinstance(route, BaseRoute) else None
    return path if isinstance(path, str) else UNMATCHED_ROUTE
