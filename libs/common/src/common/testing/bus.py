"""Standing in for another service on the bus: publish an event as its outbox relay would, then wait until
a consumer group has applied it.

"Applied" means what the consumer runner promises (`common.messaging.consumer`): a group's committed
offset passes a record only once the transaction that applied it, inbox claim included, has committed, or
once its dead letter is acknowledged. Waiting for the committed offset therefore covers an event applied,
an event sent to the dead letters, and a second copy the inbox skipped, where "the inbox holds the id"
would hold already for the copy and never for the dead letter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from common.config import KafkaSettings
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, started
from common.testing.fixtures import eventually


@dataclass(frozen=True)
class Sent:
    """Where one published record landed."""

    partition: TopicPartition
    offset: int


async def send(settings: KafkaSettings, event: CloudEvent, topic: str, *, client_id: str) -> Sent:
    """Publishes `event` as it is (the same id when sent twice), keyed as a relay keys it."""
    key, value, headers = event.to_kafka()
    await ensure_topics(settings, [topic])
    producer = build_producer(settings, client_id=client_id)
    async with started(producer):
        metadata = await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    return Sent(TopicPartition(topic, metadata.partition), metadata.offset)


async def applied(
    settings: KafkaSettings, group: str, records: Iterable[Sent], *, timeout: float = 30.0
) -> None:
    """Until `group` has committed past every one of `records`."""
    wanted: dict[TopicPartition, int] = {}
    for record in records:
        wanted[record.partition] = max(wanted.get(record.partition, -1), record.offset)
    if not wanted:
        return
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:

        async def committed() -> bool:
            offsets = await admin.list_consumer_group_offsets(group, partitions=list(wanted))
            return all(
                (found := offsets.get(partition)) is not None and found.offset > offset
                for partition, offset in wanted.items()
            )

        where = ", ".join(f"{p.topic}[{p.partition}]@{offset}" for p, offset in sorted(wanted.items()))
        await eventually(committed, timeout=timeout, what=f"consumer group {group} applying {where}")
    finally:
        await admin.close()
