"""The transactional outbox: an event is a row written in the transaction of the change it announces,
and a relay publishes the rows to Kafka afterwards (DESIGN rule 2).

The relay drains the outbox when PostgreSQL notifies it of a commit and, as a fallback, on a fixed poll;
that poll is also the sweeper: rows left unpublished by a crash between commit and publish, by a lost
notification or by Kafka being down are published on the next pass. Publication is at least once, so
consumers deduplicate by event id (the inbox).

Nothing one write records can stall the others (issue #12): an event larger than Kafka accepts is refused
by `Outbox.record`, before the write commits; and a row that still can never be published (recorded
before that check, or not a CloudEvent) is quarantined by the relay with its reason, holding back only
the later events of its own aggregate (common.messaging.quarantine).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from opentelemetry.trace import Span, StatusCode
from pydantic import ValidationError
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from common import logging as log
from common import metrics, tracing
from common.config import ServiceSettings
from common.contracts import CATALOG, EventData, make_event
from common.errors import RuleViolated
from common.messaging.envelope import CloudEvent, KafkaHeaders
from common.messaging.kafka import build_producer, ensure_topics, started
from common.messaging.quarantine import TOO_LARGE, QuarantineReason, publishable, set_aside
from common.messaging.tables import OUTBOX_CHANNEL, audit_log, outbox
from common.wakeup import listen

logger = log.get_logger(__name__)

# One relay per database publishes at a time, so replicas of a service cannot reorder an aggregate's events.
RELAY_LOCK = 0x6E6561_0B0C
PUBLISH_TIMEOUT_SECONDS = 20.0
# common.config.ServiceSettings.outbox_max_event_bytes, for the tools that record events outside a service.
DEFAULT_MAX_EVENT_BYTES = 1_000_000


class EventTooLarge(RuleViolated):
    """The write would announce an event larger than Kafka accepts; nothing is recorded."""

    slug, title = "event-too-large", "The change is too large to be announced"


class Outbox:
    """What services use to record the events their changes raise, inside the caller's transaction."""

    def __init__(self, *, service: str, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> None:
        self.service = service
        self.max_event_bytes = max_event_bytes

    async def record(self, session: AsyncSession, data: EventData, *, subject: str) -> CloudEvent:
        """Records the event in the outbox and in the audit log, in the caller's transaction.

        The actor is the one bound for this request or consumed record (common.logging); where none is
        (the notifications dispatcher's own work, a rebuild) the service itself derived the event.
        """
        actor = log.actor.get() or self.service
        contract, event = make_event(
            data,
            service=self.service,
            subject=subject,
            correlation_id=log.correlation_id.get(),
            # The span of the write (or of the consumed record) that raised it: the relay's publish span
            # becomes its child, so one trace follows the change across services.
            traceparent=tracing.current_traceparent(),
            actor=actor,
        )
        self._refuse_if_too_large(event)
        # Both rows in one statement (a data-modifying WITH), so announcing a change costs one round trip.
        recorded = insert(outbox).values(
            event_id=event.id,
            topic=contract.topic,
            event_type=event.type,
            subject=event.subject,
            envelope=event.model_dump(mode="json"),
        )
        audited = insert(audit_log).values(
            event_id=event.id,
            event_type=event.type,
            subject=event.subject,
            actor=actor,
            occurred_at=event.time,
            correlation_id=event.correlationid,
            data=event.data,
        )
        await session.execute(audited.add_cte(recorded.cte("recorded")))
        return event

    def _refuse_if_too_large(self, event: CloudEvent) -> None:
        # Measured as the producer measures a record (key, value, headers and the batch's overhead), so that
        # an event recorded here is one the relay can send. Refused here, the write rolls back with a 422
        # naming the field; published, it would be quarantined by the relay and never reach anyone.
        size = record_size(*event.to_kafka())
        if size > self.max_event_bytes:
            where = largest_field(event.data)
            raise EventTooLarge(
                f"this change would be announced in an event of {size} bytes, more than the "
                f"{self.max_event_bytes} Kafka is allowed to carry"
                + (f"; `{where}` is the largest part of it" if where else ""),
                field=where,
                event_bytes=size,
                max_event_bytes=self.max_event_bytes,
            )


def record_size(key: bytes, value: bytes, headers: KafkaHeaders) -> int:
    """The bytes a record takes in a Kafka batch of its own, as aiokafka's producer estimates it before
    refusing one over its max_request_size."""
    size: int = DefaultRecordBatchBuilder.estimate_size_in_bytes(key, value, list(headers))
    return size


def largest_field(data: Any, path: str = "") -> str | None:
    """The dotted path of the largest leaf of `data` (`title.en`), following the largest member at each level;
    events carry the aggregate's whole state, so the field at fault is the one that makes it large."""
    children: list[tuple[str, Any]] = []
    if isinstance(data, dict):
        children = [(str(key), value) for key, value in data.items()]
    elif isinstance(data, list):
        children = [(str(index), value) for index, value in enumerate(data)]
    if not children:
        return path or None
    name, value = max(children, key=lambda child: len(repr(child[1])))
    return largest_field(value, f"{path}.{name}" if path else name)


class UnpublishedBatch(Exception):
    """Kafka did not acknowledge a batch for a reason time can mend; its rows are sent again later."""


@dataclass
class _Pass:
    """What one attempt at a batch came to."""

    published: list[int] = field(default_factory=list)
    quarantined: list[tuple[Row[Any], QuarantineReason, BaseException]] = field(default_factory=list)
    failure: BaseException | None = None


class OutboxRelay:
    def __init__(self, *, settings: ServiceSettings, engine: AsyncEngine) -> None:
        self.settings = settings
        self.engine = engine
        self._wake = asyncio.Event()
        self.last_error: str | None = None
        # Set when the broker refused a batch as too large: it fails every record of the batch, so the next
        # pass sends one record at a time to find the one at fault.
        self._one_at_a_time = False
        self._next_measure = 0.0

    async def run(self) -> None:
        """Publishes until cancelled; survives Kafka and PostgreSQL being away for a while."""
        listener = asyncio.create_task(
            listen(self.settings.sqlalchemy_url, OUTBOX_CHANNEL, self._wake), name="outbox-listener"
        )
        backoff = 0.5
        try:
            while True:
                try:
                    await ensure_topics(self.settings, self._topics())
                    producer = build_producer(self.settings, client_id="outbox-relay")
                    async with started(producer):
                        backoff = 0.5
                        await self._publish_forever(producer)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    self.last_error = repr(exc)
                    metrics.relay_connected.set(0)
                    logger.warning("outbox relay paused", error=repr(exc), retry_in=backoff)
                    await asyncio.sleep(backoff * random.uniform(0.8, 1.2))
                    backoff = min(backoff * 2, 5.0)
        finally:
            listener.cancel()
            await asyncio.gather(listener, return_exceptions=True)

    def _topics(self) -> set[str]:
        return CATALOG.topics_of(self.settings.service_name)

    async def _publish_forever(self, producer: AIOKafkaProducer) -> None:
        while True:
            self._wake.clear()
            await self.publish_pending(producer)
            self.last_error = None
            metrics.relay_connected.set(1)
            await self._measure_backlog()
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation that arrives
            # as the wait ends (https://github.com/python/cpython/issues/86296), and the relay outlives
            # its service's shutdown.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.settings.outbox_poll_interval_seconds):
                    await self._wake.wait()

    async def publish_pending(self, producer: AIOKafkaProducer) -> int:
        """Publishes every row it may, in order; returns how many were published."""
        total = 0
        while True:
            published, taken = await self._publish_batch(producer)
            total += published
            if taken < self.settings.outbox_batch_size:
                return total

    async def _publish_batch(self, producer: AIOKafkaProducer) -> tuple[int, int]:
        """Publishes one batch; returns how many rows were published and how many the batch took up."""
        async with self.engine.begin() as connection:
            if not await connection.scalar(select(func.pg_try_advisory_xact_lock(RELAY_LOCK))):
                return 0, 0
            rows = (await connection.execute(publishable(self.settings.outbox_batch_size))).all()
            if not rows:
                return 0, 0
            send = self._send_one_at_a_time if self._one_at_a_time else self._send
            sent = await send(producer, rows)
            for row, reason, error in sent.quarantined:
                await set_aside(connection, row, reason, error)
            await connection.execute(
                update(outbox)
                .where(outbox.c.position.in_(sent.published))
                .values(published_at=func.now(), publish_attempts=outbox.c.publish_attempts + 1)
            )
            if sent.failure is not None:
                # The rows neither published nor set aside are sent again on the next attempt, on a new
                # producer (the run loop makes one).
                metrics.publish_failures.inc()
                await self._note_failure(connection, rows, sent)
        topics = {row.position: row.topic for row in rows}
        for position in sent.published:
            metrics.events_published.labels(topics[position]).inc()
        if sent.failure is not None:
            raise UnpublishedBatch(repr(sent.failure)) from sent.failure
        self._one_at_a_time = False
        return len(sent.published), len(rows)

    async def _send(self, producer: AIOKafkaProducer, rows: Sequence[Row[Any]]) -> _Pass:
        # send() only enqueues; the idempotent producer keeps each partition's order, and gathering the
        # acknowledgements means nothing is marked published before the broker has it.
        # Bounded: with the broker gone aiokafka retries its connection for ever, and the batch's transaction
        # (with its advisory lock) must not stay open for the length of an outage. The rows stay unpublished
        # and the next attempt, on a new producer, sends them again.
        outcome = _Pass()
        held: set[tuple[str, str]] = set()
        acks: list[tuple[Row[Any], asyncio.Future[Any]]] = []
        spans: list[Span] = []
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
                for row in rows:
                    if (row.topic, row.subject) in held:
                        continue  # behind a row of its own aggregate set aside in this batch
                    record = _record_or_set_aside(row, outcome)
                    try:
                        if record is not None:
                            span, (key, value, headers) = _publish_span(row, record)
                            spans.append(span)
                            ack = await producer.send(row.topic, value=value, key=key, headers=headers)
                            acks.append((row, ack))
                            continue
                    except TOO_LARGE as exc:  # refused by the producer before sending anything
                        _end(spans.pop(), exc)
                        outcome.quarantined.append((row, QuarantineReason.too_large, exc))
                    held.add((row.topic, row.subject))
                results = await asyncio.gather(*(ack for _, ack in acks), return_exceptions=True)
        except Exception as exc:
            for span in spans:
                _end(span, exc)
            outcome.failure = exc
            return outcome
        for span, result in zip(spans, results, strict=True):
            _end(span, result if isinstance(result, BaseException) else None)
        failures = [result for result in results if isinstance(result, BaseException)]
        refusals = [failure for failure in failures if isinstance(failure, TOO_LARGE)]
        if failures:
            # Nothing of the batch is marked published: what was acknowledged is sent again on the next
            # attempt, and consumers skip what they applied. When the broker refused records as too large,
            # which one is at fault is not known (it fails every record of the refused batch, and the
            # partition's later batches then fail out of sequence), so the next attempt, on a new
            # producer, sends one record at a time.
            self._one_at_a_time = bool(refusals)
            outcome.failure = (refusals or failures)[0]
        else:
            outcome.published = [row.position for row, _ in acks]
        return outcome

    async def _send_one_at_a_time(self, producer: AIOKafkaProducer, rows: Sequence[Row[Any]]) -> _Pass:
        """Sends each row and waits for its acknowledgement before the next: slow, and only after the broker
        refused a batch, so that the record it refuses is the one set aside."""
        outcome = _Pass()
        held: set[tuple[str, str]] = set()
        for row in rows:
            if (row.topic, row.subject) in held:
                continue
            record = _record_or_set_aside(row, outcome)
            if record is None:
                held.add((row.topic, row.subject))
                continue
            span, (key, value, headers) = _publish_span(row, record)
            try:
                async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
                    ack = await producer.send(row.topic, value=value, key=key, headers=headers)
            except TOO_LARGE as exc:  # refused by the producer before sending anything
                _end(span, exc)
                outcome.quarantined.append((row, QuarantineReason.too_large, exc))
                held.add((row.topic, row.subject))
                continue
            except Exception as exc:
                _end(span, exc)
                outcome.failure = exc
                return outcome
            try:
                async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
                    await ack
            except TOO_LARGE as exc:
                # Refused by the broker. The producer's sequence for that partition may now be behind the
                # broker's, so the rest waits for a new producer rather than risk it.
                _end(span, exc)
                outcome.quarantined.append((row, QuarantineReason.too_large, exc))
                outcome.failure = exc
                return outcome
            except Exception as exc:
                _end(span, exc)
                outcome.failure = exc
                return outcome
            _end(span, None)
            outcome.published.append(row.position)
        return outcome

    @staticmethod
    async def _note_failure(connection: AsyncConnection, rows: Sequence[Row[Any]], sent: _Pass) -> None:
        settled = set(sent.published) | {row.position for row, _, _ in sent.quarantined}
        await connection.execute(
            update(outbox)
            .where(outbox.c.position.in_([row.position for row in rows if row.position not in settled]))
            .values(publish_attempts=outbox.c.publish_attempts + 1, last_error=repr(sent.failure)[:2000])
        )

    async def _measure_backlog(self) -> None:
        """Updates the backlog gauges, at most once per poll interval: the relay passes after every commit."""
        now = asyncio.get_running_loop().time()
        if now < self._next_measure:
            return
        self._next_measure = now + self.settings.outbox_poll_interval_seconds
        waiting, oldest, quarantined = await backlog(self.engine)
        metrics.outbox_backlog.set(waiting)
        metrics.outbox_oldest_age.set(oldest)
        metrics.outbox_quarantined.set(quarantined)


def _publish_span(
    row: Row[Any], record: tuple[bytes, bytes, KafkaHeaders]
) -> tuple[Span, tuple[bytes, bytes, KafkaHeaders]]:
    """Starts the row's publish span, a child of the span that recorded the event, and puts the span's own
    traceparent on the record, so that the consumer's process span is the publish span's child."""
    key, value, headers = record
    recorded = dict(headers).get("traceparent")
    span = tracing.start_producer_span(
        topic=row.topic,
        parent=recorded.decode() if recorded else None,
        attributes=tracing.kafka_attributes(
            operation="publish",
            topic=row.topic,
            event_id=str(row.event_id),
            **{"messaging.kafka.message.key": row.subject, "cloudevents.event_id": str(row.event_id)},
        ),
    )
    if not span.get_span_context().is_valid:
        # No span of its own (OTEL_SDK_DISABLED=true and an event without a valid traceparent): the
        # record keeps the event's, rather than a traceparent of zeros.
        return span, record
    traced = [(name, raw) for name, raw in headers if name != "traceparent"]
    traced.append(("traceparent", tracing.traceparent_of(span).encode()))
    return span, (key, value, traced)


def _end(span: Span, error: BaseException | None) -> None:
    if error is not None:
        span.record_exception(error)
        span.set_status(StatusCode.ERROR, repr(error))
    span.end()


def _record_or_set_aside(row: Row[Any], outcome: _Pass) -> tuple[bytes, bytes, KafkaHeaders] | None:
    """The Kafka record of a row, or None after setting aside a row that is not a CloudEvent."""
    try:
        return CloudEvent.model_validate(row.envelope).to_kafka()
    except (ValidationError, ValueError, TypeError) as exc:  # UnicodeEncodeError is a ValueError
        outcome.quarantined.append((row, QuarantineReason.invalid_envelope, exc))
        return None


async def unpublished_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(
            await connection.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.published_at.is_(None), outbox.c.discarded_at.is_(None))
            )
            or 0
        )


async def backlog(engine: AsyncEngine) -> tuple[int, float, int]:
    """Events waiting to be published, the age in seconds of the oldest of them, and the events quarantined
    (neither released nor discarded), in one query."""
    waiting = outbox.c.published_at.is_(None) & outbox.c.discarded_at.is_(None)
    pending = waiting & outbox.c.quarantined_at.is_(None)
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(
                    func.count().filter(pending),
                    func.coalesce(
                        func.extract("epoch", func.now() - func.min(outbox.c.recorded_at).filter(pending)), 0
                    ),
                    func.count().filter(waiting & outbox.c.quarantined_at.is_not(None)),
                ).where(waiting)
            )
        ).one()
    return int(row[0]), float(row[1]), int(row[2])
