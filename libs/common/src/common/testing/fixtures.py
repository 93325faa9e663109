"""pytest fixtures on the real Kafka broker and PostgreSQL (loaded by the root conftest.py).

If the broker or the database cannot start, every test that needs them fails with the reason: they are
never skipped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from common.config import KafkaSettings, ServiceSettings
from common.messaging.kafka import ensure_topics, partitions_of, started
from common.messaging.kafka_access import connection_options
from common.migrations import upgrade_to_head
from common.testing.infrastructure import Infrastructure, project_root, start_infrastructure
from common.tracing import record_spans

T = TypeVar("T")
S = TypeVar("S", bound=ServiceSettings)

ADMIN_KEY = "test-admin-key"


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Infrastructure]:
    try:
        infra = start_infrastructure()
    except Exception as exc:
        pytest.fail(f"Kafka and PostgreSQL are required for the integration tests and did not start:\n{exc}")
    yield infra
    infra.close()


@pytest.fixture(scope="session")
def span_exporter() -> InMemorySpanExporter:
    """Every span the test process finishes, from every service it runs (they share the process's tracer
    provider, common.tracing); `recorded_spans` empties it for each test."""
    exporter = InMemorySpanExporter()
    record_spans(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture
def recorded_spans(span_exporter: InMemorySpanExporter) -> InMemorySpanExporter:
    span_exporter.clear()
    return span_exporter


def service_settings(settings_type: type[S], infra: Infrastructure, database_url: str, **overrides: Any) -> S:
    values: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": infra.bootstrap_servers,
        "admin_key": ADMIN_KEY,
        "outbox_poll_interval_seconds": 0.5,
        "consumer_retry_backoff_seconds": 0.05,
        "consumer_max_attempts": 3,
    }
    values.update(overrides)
    return settings_type(**values)


@asynccontextmanager
async def running_app(
    app: FastAPI, *, base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    """Runs the app's lifespan (engine, relay, consumers) and gives an in-process HTTP client to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout: float = 30.0, interval: float = 0.1, what: str = ""
) -> T:
    """Polls until `probe` returns something truthy, or fails after `timeout` seconds (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"not within {timeout:.0f}s: {what or probe.__name__} (last: {last!r})")


async def migrated_database(infrastructure: Infrastructure, service: str) -> str:
    """A fresh database for `service` at its latest migration; returns its URL."""
    url = await asyncio.to_thread(infrastructure.fresh_database, service)
    ini = project_root() / "services" / service / "alembic.ini"
    await asyncio.to_thread(upgrade_to_head, str(ini), url)
    return url


def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_KEY}"}


async def start_group_at_end(settings: KafkaSettings, group: str, topics: set[str]) -> None:
    """Commits `group`'s offsets at the end of `topics`.

    The topics are shared by every test of the session while each test has fresh databases: a service
    started after this sees only the events published from now on, not earlier tests' (whose full-state
    versions could otherwise win over this test's own).
    """
    await ensure_topics(settings, topics)
    consumer = AIOKafkaConsumer(**connection_options(settings), group_id=group, enable_auto_commit=False)
    async with started(consumer):
        partitions = [TopicPartition(t, p) for t in sorted(topics) for p in await partitions_of(settings, t)]
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.commit(dict(ends))
