"""Prometheus metrics of the event backbone, served at /metrics by every service."""

from __future__ import annotations

from prometheus_client import Counter

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
