"""Kafka clients with explicit, safe configuration.

aiokafka's defaults lose data for our purposes (acks=1, no idempotence, consumers auto-commit before the
handler's transaction has committed), so every client the services use is built here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import ConsumerRecord

from common import logging as log
from common.config import KafkaSettings
from common.messaging.kafka_access import connection_options

logger = log.get_logger(__name__)

DLQ_SUFFIX = ".dlq"

# Events are kept for good: every read model, and every new consumer, can be rebuilt from offset 0, and
# dead letters wait until someone replays them. (Kafka's default would delete them after 7 days.)
TOPIC_CONFIG = {"retention.ms": "-1", "retention.bytes": "-1"}


def topic_config(settings: KafkaSettings) -> dict[str, str]:
    """TOPIC_CONFIG, with the settings' min.insync.replicas when they give one."""
    if settings.topic_min_insync_replicas is None:
        return dict(TOPIC_CONFIG)
    return TOPIC_CONFIG | {"min.insync.replicas": str(settings.topic_min_insync_replicas)}


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


def build_producer(settings: KafkaSettings, *, client_id: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        **connection_options(settings),
        client_id=f"{settings.service_name}-{client_id}",
        # Idempotence (which implies acks=all) keeps retried sends from writing duplicates and keeps the
        # order of one partition, which is the order of one aggregate's events.
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        request_timeout_ms=15_000,
        retry_backoff_ms=200,
        metadata_max_age_ms=60_000,
    )


def build_consumer(settings: KafkaSettings, *, group_id: str, topics: Iterable[str]) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *sorted(topics),
        **connection_options(settings),
        client_id=f"{settings.service_name}-{group_id}",
        group_id=group_id,
        # Offsets are committed by the runner after the handler's transaction has committed.
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=100,
        session_timeout_ms=15_000,
        heartbeat_interval_ms=3_000,
        # Retries with backoff happen inside one poll, so leave them room before the group evicts us.
        max_poll_interval_ms=300_000,
        metadata_max_age_ms=30_000,
    )


@asynccontextmanager
async def started(client: AIOKafkaProducer | AIOKafkaConsumer) -> AsyncIterator[None]:
    try:
        async with asyncio.timeout(START_TIMEOUT_SECONDS):
            await client.start()
    except BaseException:
        await _stop(client)  # a failed start leaves connections and tasks behind
        raise
    try:
        yield
    finally:
        await _stop(client)


STOP_TIMEOUT_SECONDS = 10.0
# aiokafka's admin and client calls can wait for ever on a broker that went away mid-call; every caller
# here retries, so a bounded wait turns a hang into a retry.
START_TIMEOUT_SECONDS = 30.0
ADMIN_TIMEOUT_SECONDS = 30.0


async def _stop(client: AIOKafkaProducer | AIOKafkaConsumer) -> None:
    # aiokafka's stop() can wait forever when it is cancelled during a group rebalance; shutting down must
    # not. Nothing is lost by giving up: offsets are committed only after a batch's transaction and outbox
    # rows are marked published only after the broker acknowledged them.
    try:
        async with asyncio.timeout(STOP_TIMEOUT_SECONDS):
            await client.stop()
    except TimeoutError:
        logger.warning("kafka client did not stop in time", client=type(client).__name__)


async def ensure_topics(settings: KafkaSettings, topics: Iterable[str]) -> None:
    """Creates the topics that do not exist yet; the broker does not auto-create them."""
    async with asyncio.timeout(ADMIN_TIMEOUT_SECONDS):
        await _create_missing_topics(settings, set(topics))


async def _create_missing_topics(settings: KafkaSettings, topics: set[str]) -> None:
    admin = AIOKafkaAdminClient(
        **connection_options(settings),
        client_id=f"{settings.service_name}-admin",
        request_timeout_ms=10_000,
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = sorted(set(topics) - existing)
        if not missing:
            return
        await admin.create_topics(
            [
                NewTopic(
                    name=topic,
                    num_partitions=settings.topic_partitions,
                    replication_factor=settings.topic_replication_factor,
                    topic_configs=topic_config(settings),
                )
                for topic in missing
            ]
        )
        # Creation is asynchronous on the controller; wait until the topics can be seen.
        for _ in range(100):
            if set(missing) <= set(await admin.list_topics()):
                return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"topics {missing} were not created")
    finally:
        await admin.close()


async def partitions_of(settings: KafkaSettings, topic: str) -> list[int]:
    """The partition numbers of `topic`; none when it does not exist."""
    admin = AIOKafkaAdminClient(**connection_options(settings), client_id=f"{settings.service_name}-admin")
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if described["error_code"] != 0:
        return []
    return sorted(p["partition"] for p in described["partitions"])


async def read_topic(settings: KafkaSettings, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of `topic` now on the broker, in order per partition, read without a consumer group."""
    consumer = AIOKafkaConsumer(
        **connection_options(settings),
        client_id=f"{settings.service_name}-reader",
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    records: list[ConsumerRecord[bytes, bytes]] = []
    async with started(consumer):
        partitions = [TopicPartition(topic, p) for p in await partitions_of(settings, topic)]
        if not partitions:
            return records
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, got in batch.items():
                records.extend(got)
                if got and got[-1].offset + 1 >= ends[tp]:
                    remaining.discard(tp)
    return records
