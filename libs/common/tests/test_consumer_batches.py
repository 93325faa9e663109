"""The consumer applies a partition's records in batches, on the real Kafka broker and PostgreSQL: one
inbox claim, one transaction and one offset commit per batch, and the guarantees of one record at a time
when a record fails (common.messaging.consumer)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client import REGISTRY
from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from common import tracing
from common.config import ServiceSettings
from common.contracts import CATALOG, EventData
from common.contracts.subscriptions import Subscription
from common.db import UnitOfWork, after_commit, create_engine
from common.messaging.consumer import ConsumerRunner, Handler, Unprocessable
from common.messaging.dlq import DeadLetter, DeadLetterReason, read_dead_letters
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, started
from common.messaging.tables import inbox, install_messaging_tables
from common.testing.fixtures import eventually, service_settings
from common.testing.infrastructure import Infrastructure

pytestmark = pytest.mark.integration

GROUP = "batched"


class Probed(EventData):
    n: int
    fail: bool = False
    unprocessable: bool = False


@dataclass
class Partition:
    """A throw-away topic whose records all go to one partition, and a consumer of it that says what it
    did: the handler's calls, the statements of its engine, its transactions and its offset commits."""

    settings: ServiceSettings
    engine: AsyncEngine
    reader: AsyncEngine
    topic: str
    probed: type[Probed]
    calls: list[int] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    committed: list[int] = field(default_factory=list)
    # Records whose handler finds the database gone, once.
    outages: set[int] = field(default_factory=set)

    def event(self, n: int, *, fail: bool = False, unprocessable: bool = False) -> CloudEvent:
        return CloudEvent(
            source=f"urn:neacoop:{self.settings.service_name}",
            type=CATALOG.for_data_type(self.probed).type,
            subject="probe",
            data={"n": n, "fail": fail, "unprocessable": unprocessable},
        )

    async def publish(self, *records: CloudEvent | bytes) -> None:
        """Sends `records` together, so that the broker appends them as one batch, which a consumer
        fetches whole."""
        await ensure_topics(self.settings, [self.topic])
        producer = build_producer(self.settings, client_id="test-batches")
        async with started(producer):
            sent = []
            for record in records:
                value, headers = (record, []) if isinstance(record, bytes) else record.to_kafka()[1:]
                sent.append(await producer.send(self.topic, value=value, key=b"probe", headers=headers))
            await asyncio.gather(*sent)

    def runner(self) -> ConsumerRunner:
        async def apply(session: AsyncSession, event: CloudEvent, data: Probed) -> None:
            self.calls.append(data.n)
            if data.n in self.outages:
                self.outages.discard(data.n)
                raise ConnectionResetError("the database went away")
            if data.unprocessable:
                raise Unprocessable(f"probe {data.n} can never be applied")
            if data.fail:
                raise RuntimeError(f"probe {data.n} refuses to be applied")
            await session.execute(text("INSERT INTO effects (n) VALUES (:n)"), {"n": data.n})

        subscription = Subscription(
            service=self.settings.service_name, group=GROUP, events=(self.probed,), purpose="a probe"
        )
        return ConsumerRunner(
            settings=self.settings,
            uow=UnitOfWork(self.engine),
            subscription=subscription,
            handlers=[Handler(self.probed, apply)],
        )

    async def effects(self) -> list[tuple[int, datetime]]:
        """What the handler did and when, in the order it did it."""
        async with self.reader.connect() as connection:
            rows = await connection.execute(text("SELECT n, applied_at FROM effects ORDER BY seq"))
            return [(n, applied_at) for n, applied_at in rows.tuples()]

    async def applied(self) -> list[int]:
        return [n for n, _ in await self.effects()]

    async def claimed(self) -> set[str]:
        async with self.reader.connect() as connection:
            return set((await connection.execute(select(inbox.c.event_id))).scalars())

    def inbox_claims(self) -> int:
        return sum(1 for statement in self.statements if statement.lstrip().startswith("INSERT INTO inbox"))

    def applied_metric(self) -> float:
        labels = {"group": GROUP, "topic": self.topic}
        return REGISTRY.get_sample_value("neacoop_consumer_records_applied_total", labels) or 0.0

    @staticmethod
    def retries_metric() -> float:
        return REGISTRY.get_sample_value("neacoop_consumer_handler_retries_total", {"group": GROUP}) or 0.0


@pytest.fixture
async def partition(
    infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Partition]:
    service = f"batch{uuid.uuid4().hex[:10]}"
    topic = f"{service}.probe.v1"

    class ProbeHappened(Probed):
        pass

    CATALOG.event(type=f"org.neacoop.{service}.probe.happened.v1", topic=topic)(ProbeHappened)
    url = await asyncio.to_thread(infrastructure.fresh_database, "batches")
    engine, reader = create_engine(url), create_engine(url, pool_size=1)
    async with reader.begin() as connection:
        await connection.run_sync(install_messaging_tables)
        await connection.execute(
            text(
                "CREATE TABLE effects (seq bigserial PRIMARY KEY, n int NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT clock_timestamp())"
            )
        )
    probe = Partition(
        settings=service_settings(ServiceSettings, infrastructure, url, service_name=service),
        engine=engine,
        reader=reader,
        topic=topic,
        probed=ProbeHappened,
    )

    def executed(_conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        probe.statements.append(statement)

    def transaction_committed(_conn: Connection) -> None:
        probe.transactions += 1

    event.listen(engine.sync_engine, "before_cursor_execute", executed)
    event.listen(engine.sync_engine, "commit", transaction_committed)

    commit = AIOKafkaConsumer.commit

    async def counted_commit(consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        await commit(consumer, offsets)
        probe.committed.extend(offset for tp, offset in offsets.items() if tp.topic == topic)

    monkeypatch.setattr(AIOKafkaConsumer, "commit", counted_commit)
    yield probe
    await engine.dispose()
    await reader.dispose()


@contextlib.asynccontextmanager
async def running(*workers: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(worker()) for worker in workers]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _committed_up_to(probe: Partition, offset: int) -> list[int] | None:
    return probe.committed if probe.committed and probe.committed[-1] >= offset else None


async def _letters(probe: Partition, n: int) -> list[DeadLetter] | None:
    letters = await read_dead_letters(probe.settings, probe.topic)
    return letters if len(letters) >= n else None


async def settled(probe: Partition, *, last_offset: int, dead: int = 0) -> list[DeadLetter]:
    """Waits until the group's offset has passed `last_offset` and `dead` letters are on the broker."""
    await eventually(lambda: _committed_up_to(probe, last_offset + 1), what=f"offset {last_offset + 1}")
    if not dead:
        return []
    return await eventually(lambda: _letters(probe, dead), what=f"{dead} dead letter(s)")


async def test_a_batch_is_claimed_in_one_statement_applied_in_one_transaction_and_committed_once(
    partition: Partition, recorded_spans: InMemorySpanExporter
) -> None:
    with tracing.tracer().start_as_current_span("the writes"):  # sampled, so the records' spans are too
        events = [partition.event(n) for n in range(1, 21)]
    await partition.publish(*events)
    applied_before = partition.applied_metric()

    async with running(partition.runner().run):
        await settled(partition, last_offset=19)

    assert await partition.applied() == list(range(1, 21))
    assert partition.calls == list(range(1, 21))
    assert partition.inbox_claims() == 1
    assert partition.transactions == 1
    assert partition.committed == [20]
    assert partition.applied_metric() - applied_before == 20
    # Each record keeps its own process span, which what its handler did is traced under.
    processed = [
        span
        for span in recorded_spans.get_finished_spans()
        if span.kind == SpanKind.CONSUMER
        and span.attributes is not None
        and span.attributes["messaging.destination.name"] == partition.topic
    ]
    assert sorted(str(s.attributes["messaging.message.id"]) for s in processed if s.attributes) == sorted(
        e.id for e in events
    )


async def test_a_record_failing_mid_batch_is_dead_lettered_alone_and_the_others_applied_once_in_order(
    partition: Partition,
) -> None:
    events = [partition.event(n, fail=n == 5) for n in range(1, 10)]
    await partition.publish(*events)

    async with running(partition.runner().run):
        [letter] = await settled(partition, last_offset=8, dead=1)

    attempts = partition.settings.consumer_max_attempts
    # Its first attempt was in the batch, its retries alone; the records after it waited for it.
    assert partition.calls == [1, 2, 3, 4] + [5] * attempts + [6, 7, 8, 9]
    effects = await partition.effects()
    assert [n for n, _ in effects] == [1, 2, 3, 4, 6, 7, 8, 9]
    assert all(applied_at > datetime.fromisoformat(letter.dead_at) for n, applied_at in effects if n > 5)
    assert (letter.reason, letter.attempts, letter.original_offset) == (
        DeadLetterReason.handler_failed,
        attempts,
        4,
    )
    assert "probe 5 refuses to be applied" in letter.error
    # What came before it committed with its offset; it was settled alone; then the rest, as a batch.
    assert partition.committed == [4, 5, 9]
    assert await partition.claimed() == {e.id for e in events if e.id != events[4].id}


async def test_a_record_whose_handler_says_it_is_unprocessable_is_dead_lettered_at_once_from_a_batch(
    partition: Partition,
) -> None:
    await partition.publish(partition.event(1), partition.event(2, unprocessable=True), partition.event(3))

    async with running(partition.runner().run):
        [letter] = await settled(partition, last_offset=2, dead=1)

    assert partition.calls == [1, 2, 3], "no retry can help it: it is not tried again"
    assert await partition.applied() == [1, 3]
    assert (letter.reason, letter.attempts, letter.original_offset) == (DeadLetterReason.unprocessable, 1, 1)


async def test_a_record_that_cannot_be_read_ends_the_batch_before_it_and_goes_to_the_dead_letters(
    partition: Partition,
) -> None:
    await partition.publish(partition.event(1), b"\x00\xff not a cloudevent", partition.event(2))

    async with running(partition.runner().run):
        [letter] = await settled(partition, last_offset=2, dead=1)

    assert await partition.applied() == [1, 2]
    assert (letter.reason, letter.attempts, letter.original_offset) == (DeadLetterReason.malformed, 0, 1)
    assert partition.committed == [1, 2, 3]


async def test_duplicates_within_one_batch_and_across_batches_are_applied_once(partition: Partition) -> None:
    first, second, third, fourth = (partition.event(n) for n in range(1, 5))
    await partition.publish(first, second, first, third)

    async with running(partition.runner().run):
        await settled(partition, last_offset=3)
        await partition.publish(second, fourth, third)
        await settled(partition, last_offset=6)

    assert partition.calls == [1, 2, 3, 4]
    assert await partition.applied() == [1, 2, 3, 4]
    assert partition.inbox_claims() == 2


async def test_a_crash_between_the_batchs_commit_and_its_offsets_redelivers_it_and_applies_nothing_twice(
    partition: Partition, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted_commit = AIOKafkaConsumer.commit
    crashes: list[dict[TopicPartition, int]] = []

    async def crashing_once(consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        if not crashes:
            crashes.append(offsets)
            raise RuntimeError("the process stopped after the transaction committed")
        await counted_commit(consumer, offsets)

    monkeypatch.setattr(AIOKafkaConsumer, "commit", crashing_once)
    await partition.publish(*(partition.event(n) for n in range(1, 6)))

    async with running(partition.runner().run):
        await settled(partition, last_offset=4)

    assert [offset for tp, offset in crashes[0].items() if tp.topic == partition.topic] == [5]
    assert partition.calls == [1, 2, 3, 4, 5], "the redelivered records were all found in the inbox"
    assert await partition.applied() == [1, 2, 3, 4, 5]
    assert partition.inbox_claims() == 2
    assert partition.committed == [5]


async def test_an_outage_in_a_batch_commits_nothing_spends_no_attempt_and_the_batch_comes_again(
    partition: Partition,
) -> None:
    partition.outages.add(3)
    await partition.publish(*(partition.event(n) for n in range(1, 6)))
    retries_before = partition.retries_metric()

    async with running(partition.runner().run):
        await settled(partition, last_offset=4)

    assert partition.calls == [1, 2, 3, 1, 2, 3, 4, 5], "rolled back whole, then applied whole"
    assert await partition.applied() == [1, 2, 3, 4, 5]
    assert partition.committed == [5]
    assert partition.retries_metric() == retries_before
    assert await read_dead_letters(partition.settings, partition.topic) == []


async def test_an_action_after_commit_waits_for_the_outer_commit_and_is_forgotten_with_its_savepoint(
    partition: Partition,
) -> None:
    uow = UnitOfWork(partition.engine)
    ran: list[str] = []

    def runs(name: str) -> Callable[[], None]:
        return lambda: ran.append(name)

    async with uow.transaction() as session:
        async with session.begin_nested():
            after_commit(session, runs("released"))
        with contextlib.suppress(RuntimeError):
            async with session.begin_nested():
                after_commit(session, runs("rolled back"))
                raise RuntimeError("this record's handler failed")
        after_commit(session, runs("outer"))
        assert ran == [], "a released savepoint is not a commit"
    assert ran == ["released", "outer"]

    with contextlib.suppress(RuntimeError):
        async with uow.transaction() as session:
            async with session.begin_nested():
                after_commit(session, runs("never"))
            raise RuntimeError("the batch failed")
    assert ran == ["released", "outer"]
