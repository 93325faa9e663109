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
from aiokafka.errors import KafkaError

from common.config import KafkaSettings
from common.contracts.subscriptions import subscriptions_of
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, started
from common.messaging.kafka_access import connection_options
from common.testing.fixtures import eventually


@dataclass(frozen=True)
class Sent:
    """Where one published record landed, and what it was."""

    partition: TopicPartition
    offset: int
    event_type: str


def receiving_group(service: str, sent: Sent) -> str:
    """The consumer group of `service` that applies the record: the one declared for its event type, or,
    for a type no group declares (a record meant for the dead letters), the one that reads its topic."""
    declared = list(subscriptions_of(service))
    for groups in (
        [s.group for s in declared if sent.event_type in s.event_types],
        [s.group for s in declared if sent.partition.topic in s.topics],
    ):
        if len(groups) == 1:
            return groups[0]
    raise LookupError(
        f"no one consumer group of {service} receives {sent.event_type} on {sent.partition.topic}"
    )


async def send(settings: KafkaSettings, event: CloudEvent, topic: str, *, client_id: str) -> Sent:
    """Publishes `event` as it is (the same id when sent twice), keyed as a relay keys it."""
    key, value, headers = event.to_kafka()
    await ensure_topics(settings, [topic])
    producer = build_producer(settings, client_id=client_id)
    async with started(producer):
        metadata = await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    return Sent(TopicPartition(topic, metadata.partition), metadata.offset, event.type)


async def applied_by(
    settings: KafkaSettings, service: str, records: Iterable[Sent], *, timeout: float = 30.0
) -> None:
    """Until each of `records` is applied by the consumer group of `service` that receives it."""
    by_group: dict[str, list[Sent]] = {}
    for record in records:
        by_group.setdefault(receiving_group(service, record), []).append(record)
    for group, sent in by_group.items():
        await applied(settings, group, sent, timeout=timeout)


async def applied(
    settings: KafkaSettings, group: str, records: Iterable[Sent], *, timeout: float = 30.0
) -> None:
    """Until `group` has committed past every one of `records`."""
    wanted: dict[TopicPartition, int] = {}
    for record in records:
        wanted[record.partition] = max(wanted.get(record.partition, -1), record.offset)
    if not wanted:
        return
    admin = AIOKafkaAdminClient(**connection_options(settings))
    await admin.start()
    try:

        async def committed() -> bool:
            try:
                offsets = await admin.list_consumer_group_offsets(group, partitions=list(wanted))
            except KafkaError as error:
                # A broker that has not yet created __consumer_offsets answers "no coordinator yet".
                if not error.retriable:
                    raise
                return False
            return all(
                (found := offsets.get(partition)) is not None and found.offset > offset
                for partition, offset in wanted.items()
            )

        where = ", ".join(f"{p.topic}[{p.partition}]@{offset}" for p, offset in sorted(wanted.items()))
        await eventually(committed, timeout=timeout, what=f"consumer group {group} applying {where}")
    finally:
        await admin.close()
