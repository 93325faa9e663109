"""Dead letters: records a consumer could not apply, with the reason, kept on `<topic>.dlq`.

A dead letter keeps the original key, value and headers, so replaying it is publishing it again to its
original topic; the consumers' inboxes make a replay of something already applied harmless.

`list` also shows, given the services' databases, the outbox rows the relay quarantined because Kafka can
never take them (common.messaging.quarantine): the other kind of event that is stuck until an operator acts.
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord
from sqlalchemy.engine import make_url

from common.config import KafkaSettings
from common.db import create_engine
from common.messaging.kafka import (
    DLQ_SUFFIX,
    build_producer,
    dead_letter_topic,
    read_topic,
    started,
)
from common.messaging.kafka_access import connection_options, diagnose
from common.messaging.quarantine import quarantined

HEADER_PREFIX = "neacoop_dlq_"


class DeadLetterReason(enum.StrEnum):
    malformed = "malformed"
    unknown_type = "unknown_type"
    invalid_data = "invalid_data"
    handler_failed = "handler_failed"
    unprocessable = "unprocessable"


# What each reason means, for the operator reading `make dead-letters` and the AsyncAPI document.
REASONS: dict[DeadLetterReason, str] = {
    DeadLetterReason.malformed: "not a CloudEvent the consumer can read (a missing attribute, data not JSON)",
    DeadLetterReason.unknown_type: "an event type or version that is not in the catalog",
    DeadLetterReason.invalid_data: "data that does not match the event's contract",
    DeadLetterReason.handler_failed: "the handler kept failing after every retry",
    DeadLetterReason.unprocessable: "the handler says no retry can help (common.messaging.consumer)",
}

# The headers a dead letter adds to the original record's, each prefixed with HEADER_PREFIX.
HEADERS: dict[str, str] = {
    "reason": "Why the record is here: " + "; ".join(f"`{r.value}`, {text}" for r, text in REASONS.items()),
    "error": "The error, for a person (at most 4,000 characters)",
    "consumer": "The consumer group that gave up on the record",
    "topic": "The topic the record was read from, where a replay publishes it again",
    "partition": "The partition it was read from",
    "offset": "Its offset there",
    "attempts": "How many times the handler was tried (0: refused before any attempt)",
    "time": "When it was dead-lettered (RFC 3339)",
}


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    original_headers: list[tuple[str, bytes]]
    reason: str
    error: str
    consumer: str
    original_topic: str
    original_partition: int
    original_offset: int
    attempts: int
    dead_at: str

    @classmethod
    def from_record(cls, record: ConsumerRecord[bytes, bytes]) -> DeadLetter:
        ours = {k[len(HEADER_PREFIX) :]: v.decode() for k, v in record.headers if k.startswith(HEADER_PREFIX)}
        return cls(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            value=record.value,
            original_headers=[(k, v) for k, v in record.headers if not k.startswith(HEADER_PREFIX)],
            reason=ours.get("reason", ""),
            error=ours.get("error", ""),
            consumer=ours.get("consumer", ""),
            original_topic=ours.get("topic", record.topic.removesuffix(".dlq")),
            original_partition=int(ours.get("partition", "-1")),
            original_offset=int(ours.get("offset", "-1")),
            attempts=int(ours.get("attempts", "0")),
            dead_at=ours.get("time", ""),
        )


async def send_to_dead_letters(
    producer: AIOKafkaProducer,
    record: ConsumerRecord[bytes, bytes],
    *,
    consumer: str,
    reason: DeadLetterReason,
    error: str,
    attempts: int,
) -> None:
    """Publishes and waits for the broker's acknowledgement: only then may the offset move on."""
    headers = dead_letter_headers(
        record.headers or (),
        consumer=consumer,
        reason=reason,
        error=error,
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        attempts=attempts,
        dead_at=datetime.now(UTC),
    )
    await producer.send_and_wait(
        dead_letter_topic(record.topic), value=record.value, key=record.key, headers=headers
    )


def dead_letter_headers(
    original: Sequence[tuple[str, bytes]],
    *,
    consumer: str,
    reason: DeadLetterReason,
    error: str,
    topic: str,
    partition: int,
    offset: int,
    attempts: int,
    dead_at: datetime,
) -> list[tuple[str, bytes]]:
    """The original record's headers followed by ours (`HEADERS`), which replace any it carried from an
    earlier death, so that a replayed letter that dies again says why this time."""
    headers = [(k, v) for k, v in original if not k.startswith(HEADER_PREFIX)]
    ours = {
        "reason": reason.value,
        "error": error[:4000],
        "consumer": consumer,
        "topic": topic,
        "partition": str(partition),
        "offset": str(offset),
        "attempts": str(attempts),
        "time": dead_at.isoformat(),
    }
    return headers + [(HEADER_PREFIX + name, value.encode()) for name, value in ours.items()]


async def read_dead_letters(settings: KafkaSettings, topic: str) -> list[DeadLetter]:
    """Every dead letter of `topic` currently on the broker, oldest first per partition."""
    return [DeadLetter.from_record(r) for r in await read_topic(settings, dead_letter_topic(topic))]


async def replay(settings: KafkaSettings, letters: Sequence[DeadLetter]) -> int:
    """Publishes dead letters again on their original topics, with their original key and headers."""
    producer = build_producer(settings, client_id="dlq-replay")
    async with started(producer):
        for letter in letters:
            await producer.send_and_wait(
                letter.original_topic, value=letter.value, key=letter.key, headers=letter.original_headers
            )
    return len(letters)


async def dead_letter_topics(settings: KafkaSettings) -> list[str]:
    admin = AIOKafkaAdminClient(**connection_options(settings), client_id=f"{settings.service_name}-admin")
    await admin.start()
    try:
        return sorted(t for t in await admin.list_topics() if t.endswith(DLQ_SUFFIX))
    finally:
        await admin.close()


def _describe(letter: DeadLetter) -> dict[str, object]:
    headers = dict(letter.original_headers)
    return {
        "dead_letter": f"{letter.topic}/{letter.partition}/{letter.offset}",
        "original": f"{letter.original_topic}/{letter.original_partition}/{letter.original_offset}",
        "consumer": letter.consumer,
        "reason": letter.reason,
        "attempts": letter.attempts,
        "dead_at": letter.dead_at,
        "event_type": headers.get("ce_type", b"").decode(errors="replace") or None,
        "event_id": headers.get("ce_id", b"").decode(errors="replace") or None,
        "error": letter.error,
    }


async def _list(settings: KafkaSettings, topic: str | None, databases: Sequence[str]) -> None:
    topics = [topic] if topic else [t.removesuffix(DLQ_SUFFIX) for t in await dead_letter_topics(settings)]
    for original in topics:
        for letter in await read_dead_letters(settings, original):
            print(json.dumps(_describe(letter), ensure_ascii=False))
    for url in databases:
        engine = create_engine(url)
        try:
            for event in await quarantined(engine):
                if topic is None or event.topic == topic:
                    described = {"database": make_url(url).database, **event.describe()}
                    print(json.dumps(described, ensure_ascii=False))
        finally:
            await engine.dispose()


async def _replay(settings: KafkaSettings, topic: str, consumer: str | None, positions: list[str]) -> None:
    letters = [
        letter
        for letter in await read_dead_letters(settings, topic)
        if (consumer is None or letter.consumer == consumer)
        and (not positions or f"{letter.partition}:{letter.offset}" in positions)
    ]
    print(f"replayed {await replay(settings, letters)} dead letter(s) of {topic} onto their original topic")


def main(argv: list[str] | None = None) -> None:
    """`python -m common.messaging.dlq list|replay`: the operator's view of dead letters (see the README)."""
    parser = argparse.ArgumentParser(prog="python -m common.messaging.dlq", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="print every dead letter as a JSON line")
    listing.add_argument("--topic", help="only the dead letters of this original topic")
    listing.add_argument(
        "--database-url",
        action="append",
        default=[],
        help="a service's database, whose quarantined outbox events are listed too (repeatable)",
    )
    replaying = commands.add_parser("replay", help="publish dead letters again on their original topic")
    replaying.add_argument("--topic", required=True, help="the original topic, e.g. meetings.meeting.v1")
    replaying.add_argument("--consumer", help="only the letters this consumer group gave up on")
    replaying.add_argument(
        "--position", action="append", default=[], help="PARTITION:OFFSET of one letter on the .dlq topic"
    )
    arguments = parser.parse_args(argv)
    settings = KafkaSettings(service_name="dlq-tool")
    try:
        if arguments.command == "list":
            asyncio.run(_list(settings, arguments.topic, arguments.database_url))
        else:
            asyncio.run(_replay(settings, arguments.topic, arguments.consumer, arguments.position))
    except (KafkaError, TimeoutError) as error:
        reason = asyncio.run(diagnose(settings)) or repr(error)
        sys.exit(
            f"cannot use Kafka at {settings.kafka_bootstrap_servers}: {reason}. Is the stack up? "
            "Set NEACOOP_KAFKA_BOOTSTRAP_SERVERS (or, with make, NEACOOP_KAFKA_PORT) to point elsewhere."
        )


if __name__ == "__main__":
    main()
