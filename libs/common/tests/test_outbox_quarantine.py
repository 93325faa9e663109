"""The outbox relay cannot be stalled by a row Kafka refuses (issue #12), on the real broker and PostgreSQL:
the row is quarantined with its reason, only its own aggregate's later events wait behind it, and an
operator's release or discard lets them follow in order."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from prometheus_client import REGISTRY
from sqlalchemy import insert

from common.config import ServiceSettings
from common.contracts import CATALOG, EventData
from common.db import UnitOfWork, create_engine
from common.messaging import quarantine
from common.messaging.dlq import main as dlq_tool
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import ensure_topics, read_topic
from common.messaging.outbox import Outbox, OutboxRelay
from common.messaging.quarantine import QuarantinedEvent
from common.messaging.tables import install_messaging_tables, outbox
from common.testing.fixtures import eventually, service_settings
from common.testing.infrastructure import Infrastructure

pytestmark = pytest.mark.integration


class Padded(EventData):
    n: int
    padding: str = ""


@dataclass
class Service:
    """A throw-away service with its own event type, topic and database."""

    settings: ServiceSettings
    uow: UnitOfWork
    outbox: Outbox
    topic: str
    data: type[Padded]

    async def record(self, subject: str, n: int, *, padding: int = 0) -> str:
        async with self.uow.transaction() as session:
            event = await self.outbox.record(session, self.data(n=n, padding="p" * padding), subject=subject)
        return event.id

    async def published(self) -> list[CloudEvent]:
        return [
            CloudEvent.from_kafka(r.value, r.headers) for r in await read_topic(self.settings, self.topic)
        ]

    async def quarantined(self) -> list[QuarantinedEvent]:
        return await quarantine.quarantined(self.uow.engine)

    async def set_topic_limit(self, max_message_bytes: int) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.settings.kafka_bootstrap_servers)
        await admin.start()
        try:
            resource = ConfigResource(
                ConfigResourceType.TOPIC, self.topic, configs={"max.message.bytes": str(max_message_bytes)}
            )
            await admin.alter_configs([resource])
        finally:
            await admin.close()


@pytest.fixture
async def service(infrastructure: Infrastructure) -> AsyncIterator[Service]:
    name = f"probe{uuid.uuid4().hex[:10]}"
    topic = f"{name}.probe.v1"
    data = type(f"Padded{name}", (Padded,), {})
    CATALOG.event(type=f"org.neacoop.{name}.probe.padded.v1", topic=topic)(data)
    url = await asyncio.to_thread(infrastructure.fresh_database, "quarantine")
    settings = service_settings(ServiceSettings, infrastructure, url, service_name=name)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(install_messaging_tables)
    await ensure_topics(settings, [topic])
    yield Service(
        settings=settings, uow=UnitOfWork(engine), outbox=Outbox(service=name), topic=topic, data=data
    )
    await engine.dispose()


@contextlib.asynccontextmanager
async def running(work: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    task = asyncio.create_task(work())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def ns_of(events: list[CloudEvent], subject: str) -> list[int]:
    """The `n` of a subject's events in Kafka's order, each once (publication is at least once)."""
    seen: list[int] = []
    for event in events:
        if event.subject == subject and event.data["n"] not in seen:
            seen.append(event.data["n"])
    return seen


def published_ns(
    service: Service, subject: str, expected: list[int]
) -> Callable[[], Awaitable[list[int] | None]]:
    async def probe() -> list[int] | None:
        found = ns_of(await service.published(), subject)
        return found if found == expected else None

    return probe


async def quarantined_events(service: Service) -> list[QuarantinedEvent] | None:
    return await service.quarantined() or None


def quarantined_count(topic: str) -> float:
    """What the operator's metric says: the relay's count of rows it set aside as too large on `topic`."""
    labels = {"topic": topic, "reason": "too_large"}
    return REGISTRY.get_sample_value("neacoop_outbox_events_quarantined_total", labels) or 0.0


async def test_a_row_larger_than_the_producer_takes_is_quarantined_and_holds_back_only_its_aggregate(
    service: Service,
) -> None:
    counted_before = quarantined_count(service.topic)
    await service.record("a", 1)
    # Inserted as a row recorded before the write check existed would be: the relay meets it.
    oversized = CloudEvent(
        source="urn:neacoop:probe",
        type=CATALOG.for_data_type(service.data).type,
        subject="a",
        data={"n": 2, "padding": "p" * 1_100_000},
    )
    async with service.uow.engine.begin() as connection:
        await connection.execute(
            insert(outbox).values(
                event_id=oversized.id,
                topic=service.topic,
                event_type=oversized.type,
                subject="a",
                envelope=oversized.model_dump(mode="json"),
            )
        )
    await service.record("a", 3)
    await service.record("b", 4)

    async with running(OutboxRelay(settings=service.settings, engine=service.uow.engine).run):
        await eventually(published_ns(service, "b", [4]), what="the other aggregate's event on Kafka")
        [held] = await eventually(lambda: quarantined_events(service), what="the oversized row set aside")
        assert (held.event_id, held.reason, held.held_back) == (oversized.id, "too_large", 1)
        assert ns_of(await service.published(), "a") == [1]
        assert quarantined_count(service.topic) == counted_before + 1

        assert await quarantine.discard(service.uow.engine, [oversized.id]) == [oversized.id]
        await eventually(
            published_ns(service, "a", [1, 3]), what="the aggregate's later event after the discard"
        )
    assert await service.quarantined() == []


async def test_a_row_the_broker_refuses_is_quarantined_and_released_once_the_topic_takes_it(
    service: Service, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The topic takes less than the service's own limit: the broker, not the producer, refuses the record.
    await service.set_topic_limit(20_000)
    await service.record("a", 1)
    refused = await service.record("a", 2, padding=50_000)
    await service.record("a", 3)
    await service.record("b", 4)

    async with running(OutboxRelay(settings=service.settings, engine=service.uow.engine).run):
        await eventually(published_ns(service, "b", [4]), timeout=60, what="the other aggregate's event")
        [held] = await eventually(
            lambda: quarantined_events(service), timeout=60, what="the refused row set aside"
        )
        assert (held.event_id, held.reason, held.held_back) == (refused, "too_large", 1)
        assert ns_of(await service.published(), "a") == [1]

        # The operator lists it (with the dead letters, as `make dead-letters` does), raises the topic's
        # limit and releases it: it and what it held back follow, in order. The operator's commands run in
        # processes of their own; a thread has its own event loop as well.
        monkeypatch.setenv("NEACOOP_KAFKA_BOOTSTRAP_SERVERS", service.settings.kafka_bootstrap_servers)
        url = service.settings.sqlalchemy_url
        await asyncio.to_thread(dlq_tool, ["list", "--topic", service.topic, "--database-url", url])
        await asyncio.to_thread(quarantine.main, ["--database-url", url, "list"])
        # Unconfigured, the relay's log lines go to standard output as well; the listings are JSON lines.
        printed = capsys.readouterr().out.splitlines()
        listed = [json.loads(line) for line in printed if line.startswith("{")]
        assert [(e["quarantined"], e["reason"], e["held_back"]) for e in listed] == [
            (refused, "too_large", 1)
        ] * 2
        assert listed[0]["database"] == url.rsplit("/", 1)[1]
        await service.set_topic_limit(1_048_588)
        await asyncio.to_thread(quarantine.main, ["--database-url", url, "release", refused])
        assert f"released {refused}" in capsys.readouterr().out.splitlines()

        await eventually(
            published_ns(service, "a", [1, 2, 3]), timeout=60, what="the released row, then the next"
        )
    assert await service.quarantined() == []
