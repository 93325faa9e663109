"""The event backbone on the real Kafka broker and PostgreSQL: outbox, relay, inbox, consumer runner, DLQ."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from common import housekeeping
from common.config import ServiceSettings
from common.contracts import CATALOG, EventData
from common.contracts.subscriptions import Subscription
from common.db import UnitOfWork, create_engine
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.dlq import DeadLetterReason, read_dead_letters
from common.messaging.dlq import main as dlq_tool
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, read_topic, started
from common.messaging.outbox import Outbox, OutboxRelay, unpublished_count
from common.messaging.tables import idempotency_keys, install_messaging_tables, outbox
from common.testing.fixtures import eventually, service_settings
from common.testing.infrastructure import Infrastructure

pytestmark = pytest.mark.integration

T = TypeVar("T")


@dataclass
class Bus:
    """A throw-away service: its own event type and topic, database, outbox and settings."""

    settings: ServiceSettings
    uow: UnitOfWork
    outbox: Outbox
    topic: str
    probed: type[EventData]
    # Set once the bug that made probes with `fail` fail is "fixed", before dead letters are replayed.
    healthy: bool = False

    def event(self, n: int, *, fail: bool = False) -> CloudEvent:
        return CloudEvent(
            source=f"urn:neacoop:{self.settings.service_name}",
            type=CATALOG.for_data_type(self.probed).type,
            subject=f"probe-{n}",
            data={"n": n, "fail": fail},
        )

    async def effects(self) -> list[int]:
        async with self.uow.transaction() as session:
            return list(
                (await session.execute(text("SELECT n FROM effects ORDER BY applied_at, n"))).scalars()
            )

    def relay(self) -> OutboxRelay:
        return OutboxRelay(settings=self.settings, engine=self.uow.engine)

    def runner(self, *, group: str = "probe-consumer") -> ConsumerRunner:
        async def apply(session: AsyncSession, event: CloudEvent, data: EventData) -> None:
            if getattr(data, "fail", False) and not self.healthy:
                raise RuntimeError(f"probe {getattr(data, 'n', '?')} refuses to be applied")
            await session.execute(text("INSERT INTO effects (n) VALUES (:n)"), {"n": getattr(data, "n", -1)})

        subscription = Subscription(
            service=self.settings.service_name,
            group=group,
            events=(self.probed,),
            purpose="a probe of this test",
        )
        return ConsumerRunner(
            settings=self.settings,
            uow=self.uow,
            subscription=subscription,
            handlers=[Handler(self.probed, apply)],
        )


def new_probe_contract() -> tuple[str, str, type[EventData]]:
    service = f"probe{uuid.uuid4().hex[:10]}"
    topic = f"{service}.probe.v1"

    class ProbeHappened(EventData):
        n: int
        fail: bool = False

    CATALOG.event(type=f"org.neacoop.{service}.probe.happened.v1", topic=topic)(ProbeHappened)
    return service, topic, ProbeHappened


@pytest.fixture
async def bus(infrastructure: Infrastructure) -> AsyncIterator[Bus]:
    service, topic, probed = new_probe_contract()
    url = await asyncio.to_thread(infrastructure.fresh_database, "bus")
    settings = service_settings(ServiceSettings, infrastructure, url, service_name=service)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(install_messaging_tables)
        await connection.execute(
            text("CREATE TABLE effects (n int NOT NULL, applied_at timestamptz DEFAULT clock_timestamp())")
        )
    yield Bus(
        settings=settings, uow=UnitOfWork(engine), outbox=Outbox(service=service), topic=topic, probed=probed
    )
    await engine.dispose()


@contextlib.asynccontextmanager
async def running(*workers: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    """Runs relays and consumers in the background for the duration of a block, as a service would."""
    tasks = [asyncio.create_task(worker()) for worker in workers]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def record(bus: Bus, *datas: EventData) -> list[CloudEvent]:
    async with bus.uow.transaction() as session:
        return [await bus.outbox.record(session, data, subject=f"probe-{i}") for i, data in enumerate(datas)]


async def events_on(bus: Bus, topic: str | None = None) -> list[CloudEvent]:
    records = await read_topic(bus.settings, topic or bus.topic)
    return [CloudEvent.from_kafka(r.value, r.headers) for r in records]


async def publish_raw(bus: Bus, *records: tuple[bytes | None, list[tuple[str, bytes]]]) -> None:
    await ensure_topics(bus.settings, [bus.topic])
    producer = build_producer(bus.settings, client_id="test-raw")
    async with started(producer):
        for value, headers in records:
            await producer.send_and_wait(bus.topic, value=value, key=b"probe", headers=headers)


async def publish_events(bus: Bus, *events: CloudEvent) -> None:
    await publish_raw(bus, *[(value, headers) for _key, value, headers in (e.to_kafka() for e in events)])


async def test_an_event_recorded_while_kafka_is_down_is_published_once_kafka_is_back(
    bus: Bus, infrastructure: Infrastructure
) -> None:
    relay = bus.relay()
    async with running(relay.run):
        await asyncio.to_thread(infrastructure.stop_kafka)
        try:
            [event] = await record(bus, bus.probed(n=1))
            # A publish attempt is bounded (outbox.PUBLISH_TIMEOUT_SECONDS); then the relay reports it.
            await eventually(
                lambda: _async(relay.last_error), timeout=90, what="the relay noticing Kafka is down"
            )
            assert await unpublished_count(bus.uow.engine) == 1
        finally:
            await asyncio.to_thread(infrastructure.start_kafka)

        await eventually(
            lambda: _is_zero(unpublished_count(bus.uow.engine)), timeout=90, what="the row marked published"
        )
        published = await eventually(lambda: events_on(bus), what="the event on the topic")
    # At least once: the attempt that timed out may still have reached the broker, and the retry sends the
    # event again with the same id, which consumers' inboxes skip.
    assert {e.id for e in published} == {event.id}


async def test_an_event_committed_but_left_unpublished_by_a_crash_is_published_by_the_sweep(bus: Bus) -> None:
    # No relay runs while the change commits: the process died between commit and publish, and the
    # notification went nowhere. The next relay to start must find the row.
    [event] = await record(bus, bus.probed(n=1))
    assert await unpublished_count(bus.uow.engine) == 1

    async with running(bus.relay().run):
        published = await eventually(lambda: events_on(bus), what="the swept event on the topic")
        await eventually(lambda: _is_zero(unpublished_count(bus.uow.engine)), what="the row marked published")
    assert [e.id for e in published] == [event.id]


async def test_every_event_on_the_wire_is_a_cloudevent_with_a_unique_source_and_id(bus: Bus) -> None:
    recorded = await record(bus, *(bus.probed(n=n) for n in range(5)))
    async with running(bus.relay().run):
        records = await eventually(
            lambda: _at_least(read_topic(bus.settings, bus.topic), 5), what="five records on the topic"
        )
    for r in records:
        headers = dict(r.headers)
        for attribute in ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time"):
            assert headers.get(attribute), f"{attribute} missing"
        assert headers["ce_specversion"] == b"1.0"
        assert headers["content-type"] == b"application/json"
        assert headers["traceparent"].startswith(b"00-")
        assert r.key == headers["ce_subject"], "the key is the aggregate id, which keeps its events in order"
    identities = {(dict(r.headers)["ce_source"], dict(r.headers)["ce_id"]) for r in records}
    assert len(identities) == len(records) == 5
    assert {e.id for e in recorded} == {i.decode() for _, i in identities}


async def test_a_record_delivered_twice_has_its_effect_once(bus: Bus) -> None:
    twice, after = bus.event(1), bus.event(2)
    await publish_events(bus, twice, twice, after)

    runner = bus.runner()
    async with running(runner.run):
        effects = await eventually(lambda: _contains(bus.effects(), 2), what="the record after the duplicate")
    assert sorted(effects) == [1, 2]


async def test_a_handler_that_keeps_failing_sends_the_record_to_the_dead_letters_and_the_consumer_goes_on(
    bus: Bus,
) -> None:
    await publish_events(bus, bus.event(1, fail=True), bus.event(2))

    async with running(bus.runner().run):
        effects = await eventually(
            lambda: _contains(bus.effects(), 2), what="the record after the failing one"
        )
        [letter] = await eventually(
            lambda: read_dead_letters(bus.settings, bus.topic), what="the dead letter"
        )
    assert effects == [2]
    assert letter.reason == DeadLetterReason.handler_failed
    assert "probe 1 refuses to be applied" in letter.error
    assert letter.attempts == bus.settings.consumer_max_attempts
    assert letter.consumer == "probe-consumer"
    assert (letter.original_topic, letter.original_offset) == (bus.topic, 0)
    assert CloudEvent.from_kafka(letter.value, letter.original_headers).data == {"n": 1, "fail": True}


async def test_records_that_cannot_be_read_go_straight_to_the_dead_letters_with_the_reason(bus: Bus) -> None:
    good = bus.event(3)
    _, valid_value, valid_headers = good.to_kafka()
    unknown_type = [(k, b"org.neacoop.nobody.thing.v9" if k == "ce_type" else v) for k, v in valid_headers]
    await publish_raw(
        bus,
        (b"\x00\xff not json", []),
        (b"{not json", valid_headers),
        (valid_value, unknown_type),
        (b'{"n": "three"}', valid_headers),
    )
    await publish_events(bus, good)

    async with running(bus.runner().run):
        await eventually(lambda: _contains(bus.effects(), 3), what="the good record after the bad ones")
        letters = await eventually(
            lambda: _at_least(read_dead_letters(bus.settings, bus.topic), 4), what="four dead letters"
        )
    reasons = sorted(letter.reason for letter in letters)
    assert reasons == sorted(["malformed", "malformed", "unknown_type", "invalid_data"])
    assert all(letter.attempts == 0 and letter.error for letter in letters)


async def test_the_consumer_commits_its_offset_only_past_records_it_has_applied(bus: Bus) -> None:
    await publish_events(bus, bus.event(1), bus.event(2))
    async with running(bus.runner(group="first").run):
        await eventually(lambda: _contains(bus.effects(), 2), what="both records applied")

    # The same group starting again resumes after what it committed: nothing is applied twice.
    await publish_events(bus, bus.event(3))
    async with running(bus.runner(group="first").run):
        effects = await eventually(lambda: _contains(bus.effects(), 3), what="the third record")
    assert sorted(effects) == [1, 2, 3]


async def _async(value: object) -> object:
    return value


async def _is_zero(count: Awaitable[int]) -> bool:
    return await count == 0


async def _contains(effects: Awaitable[list[int]], n: int) -> list[int] | None:
    got = await effects
    return got if n in got else None


async def _at_least(items: Awaitable[list[T]], n: int) -> list[T] | None:
    got = await items
    return got if len(got) >= n else None


async def test_a_dead_letter_replayed_after_the_fix_is_applied_once_however_often_it_is_replayed(
    bus: Bus,
    infrastructure: Infrastructure,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await publish_events(bus, bus.event(1, fail=True))
    async with running(bus.runner().run):
        await eventually(lambda: read_dead_letters(bus.settings, bus.topic), what="the dead letter")
        monkeypatch.setenv("NEACOOP_KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrap_servers)
        await asyncio.to_thread(dlq_tool, ["list", "--topic", bus.topic])
        # Only the tool's lines: the logs of the consumer running in this process share the output.
        printed = capsys.readouterr().out.splitlines()
        [listed] = [json.loads(line) for line in printed if line.startswith('{"dead_letter"')]
        assert (listed["reason"], listed["consumer"], listed["original"]) == (
            "handler_failed",
            "probe-consumer",
            f"{bus.topic}/{listed['original'].split('/')[1]}/0",
        )

        bus.healthy = True
        for _ in range(2):
            await asyncio.to_thread(
                dlq_tool, ["replay", "--topic", bus.topic, "--consumer", "probe-consumer"]
            )
        await publish_events(bus, bus.event(2))
        effects = await eventually(lambda: _contains(bus.effects(), 2), what="the record after the replays")
    assert sorted(effects) == [1, 2], "replayed twice, applied once"


async def test_topics_keep_their_events_for_good_so_read_models_can_be_rebuilt_from_offset_zero(
    bus: Bus,
) -> None:
    await ensure_topics(bus.settings, [bus.topic])
    admin = AIOKafkaAdminClient(bootstrap_servers=bus.settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        [response] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, bus.topic)])
    finally:
        await admin.close()
    [resource] = response.to_object()["resources"]
    configs = {c["config_names"]: c["config_value"] for c in resource["config_entries"]}
    assert configs["retention.ms"] == "-1"
    assert configs["retention.bytes"] == "-1"


async def test_housekeeping_forgets_old_published_rows_and_idempotency_answers_but_never_unpublished_ones(
    bus: Bus,
) -> None:
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=8), now - timedelta(days=1)
    events = await record(bus, *(bus.probed(n=n) for n in range(4)))
    async with bus.uow.transaction() as session:
        for event, published_at in zip(events, (old, recent, None, None), strict=True):
            await session.execute(
                update(outbox).where(outbox.c.event_id == event.id).values(published_at=published_at)
            )
        await session.execute(
            outbox.update().where(outbox.c.event_id == events[3].id).values(recorded_at=old)
        )
        for key, created_at in (("old", old), ("recent", recent)):
            await session.execute(
                insert(idempotency_keys).values(scope="c", key=key, fingerprint="f", created_at=created_at)
            )

    assert await housekeeping.sweep(bus.uow.engine, now=now) == (1, 1)
    async with bus.uow.transaction() as session:
        left = set((await session.execute(select(outbox.c.event_id))).scalars())
        keys = set((await session.execute(select(idempotency_keys.c.key))).scalars())
    assert left == {e.id for e in events[1:]}, "the old unpublished row stays until it is published"
    assert keys == {"recent"}
