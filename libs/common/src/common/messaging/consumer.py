"""The consumer runner: every service consumes the others' events through it.

Records are taken in batches (`NEACOOP_CONSUMER_BATCH_SIZE`) and applied in partition order. The records
of one partition are applied in one unit of work: one statement claims all their event ids in the inbox,
each new event's handler runs in a savepoint of its own, the transaction commits once, and then the Kafka
offset is committed once, past the last of them (DESIGN rule 3). A record that cannot be read, or whose
handler fails, ends the batch before it: what came before commits; it is then settled alone, as if no
batch existed. A handler that fails is retried with backoff (its attempt in the batch counting as the
first); after the last attempt, or at once for a record that cannot be read, the record goes to
`<topic>.dlq` with the reason, and the consumer moves on (DESIGN rule 4) to the records after it. Nothing
is dropped: the offset passes a record only once its effects are committed or its dead letter is
acknowledged. An outage rolls the whole batch back and pauses the consumer (common.outages).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord
from opentelemetry import trace
from opentelemetry.trace import StatusCode
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common import metrics, tracing
from common.config import ServiceSettings
from common.contracts import CATALOG, EventData, UnknownEventType
from common.contracts.subscriptions import Subscription
from common.db import UnitOfWork
from common.messaging import inbox
from common.messaging.dlq import DeadLetterReason, send_to_dead_letters
from common.messaging.envelope import CloudEvent, MalformedEvent
from common.messaging.kafka import build_consumer, build_producer, dead_letter_topic, ensure_topics, started
from common.outages import is_outage

logger = log.get_logger(__name__)

COMMIT_TIMEOUT_SECONDS = 30.0

D = TypeVar("D", bound=EventData)


class Unprocessable(Exception):
    """Raised by a handler for a record no retry can help (say, an event it cannot render): the record
    goes to the dead letters at once, with this message as the reason, and the consumer goes on."""


@dataclass(frozen=True)
class Handler(Generic[D]):
    """Applies one event type. It gets the session of the consumer's unit of work and must not commit."""

    data: type[D]
    apply: Callable[[AsyncSession, CloudEvent, D], Awaitable[None]]


class ConsumerRunner:
    """Consumes the topics of `subscription` in its group; `handlers` apply exactly its events.

    The subscription is what the AsyncAPI document says the service receives, so handlers for any other
    set of events are refused here, when the service starts, rather than left to drift from the document.
    """

    def __init__(
        self,
        *,
        settings: ServiceSettings,
        uow: UnitOfWork,
        subscription: Subscription,
        handlers: Sequence[Handler[Any]],
    ) -> None:
        self.settings = settings
        self.uow = uow
        self.subscription = subscription
        self.group_id = subscription.group
        self.handlers: dict[str, Handler[Any]] = {CATALOG.for_data_type(h.data).type: h for h in handlers}
        if len(self.handlers) != len(handlers) or set(self.handlers) != subscription.event_types:
            undeclared = sorted(set(self.handlers) - subscription.event_types)
            unhandled = sorted(subscription.event_types - set(self.handlers))
            raise ValueError(
                f"the handlers of consumer group {subscription.group} are not its subscription: "
                f"handled but not declared {undeclared}, declared but not handled {unhandled}, "
                f"{len(handlers) - len(self.handlers)} handled twice"
            )
        self.topics = set(subscription.topics)
        self.last_error: str | None = None

    async def run(self) -> None:
        """Consumes until cancelled; reconnects with backoff while Kafka is away."""
        backoff = 0.5
        while True:
            try:
                await ensure_topics(self.settings, self.topics | {dead_letter_topic(t) for t in self.topics})
                # Each client is made just before it starts, so a cancellation never leaves one unclosed.
                producer = build_producer(self.settings, client_id=f"{self.group_id}-dlq")
                async with started(producer):
                    consumer = build_consumer(self.settings, group_id=self.group_id, topics=self.topics)
                    async with started(consumer):
                        backoff = 0.5
                        self.last_error = None
                        metrics.consumer_connected.labels(self.group_id).set(1)
                        await self._consume(consumer, producer)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.last_error = repr(exc)
                metrics.consumer_connected.labels(self.group_id).set(0)
                logger.warning("consumer paused", group=self.group_id, error=repr(exc), retry_in=backoff)
                await asyncio.sleep(backoff * random.uniform(0.8, 1.2))
                backoff = min(backoff * 2, 5.0)

    async def _consume(self, consumer: AIOKafkaConsumer, producer: AIOKafkaProducer) -> None:
        measured: set[TopicPartition] = set()
        while True:
            measured = await self._measure_lag(consumer, measured)
            batches = await consumer.getmany(timeout_ms=1000, max_records=self.settings.consumer_batch_size)
            for records in batches.values():
                await self._consume_partition(consumer, producer, records)

    async def _consume_partition(
        self,
        consumer: AIOKafkaConsumer,
        producer: AIOKafkaProducer,
        records: Sequence[ConsumerRecord[bytes, bytes]],
    ) -> None:
        """Applies the records of one partition, in order: as many as can be in one transaction, then the
        first one that could not (unreadable, or its handler failed) alone, then the rest the same way."""
        pending = list(records)
        while pending:
            try:
                applied, failure = await self._apply_batch(pending)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if is_outage(exc):
                    raise
                # The transaction failed outside every record's savepoint (say, a deferred constraint at
                # commit), so which record is at fault is unknown: each is applied alone, as each was before
                # batches, where its own retries and dead letter settle it.
                logger.warning(
                    "batch failed, applying its records one by one",
                    group=self.group_id,
                    records=len(pending),
                    error=repr(exc),
                )
                for record in pending:
                    await self.process(record, producer)
                    await self._commit(consumer, record)
                return
            if applied:
                await self._commit(consumer, pending[applied - 1])
            if applied == len(pending):
                return
            alone = pending[applied]
            await self.process(alone, producer, failed=failure)
            await self._commit(consumer, alone)
            pending = pending[applied + 1 :]

    async def _commit(self, consumer: AIOKafkaConsumer, last: ConsumerRecord[bytes, bytes]) -> None:
        """Moves the group's offset past `last`: only after the transaction that applied it committed, or
        its dead letter was acknowledged. Bounded like every Kafka call: on a timeout the runner reconnects,
        and the records come again, which the inbox makes harmless."""
        async with asyncio.timeout(COMMIT_TIMEOUT_SECONDS):
            await consumer.commit({TopicPartition(last.topic, last.partition): last.offset + 1})

    async def _apply_batch(
        self, records: Sequence[ConsumerRecord[bytes, bytes]]
    ) -> tuple[int, Exception | None]:
        """Applies the leading records of `records` in one transaction: one statement claims all their
        events in the inbox, each new one is applied in a savepoint of its own, and the transaction commits
        once. Stops before the first record that cannot be read, or whose handler fails (its savepoint is
        rolled back and the claims of it and of the records after it are withdrawn), so that nothing after
        it is applied before it is settled.

        Returns how many records were applied (or found applied, or are of no interest here), all committed,
        and the failure of the next one's handler, if that is why it stopped. An outage raises: the whole
        transaction rolls back and nothing is committed, offsets included.
        """
        readable: list[tuple[ConsumerRecord[bytes, bytes], Readable]] = []
        for record in records:
            read = self._read(record)
            if isinstance(read, Refused):
                break
            readable.append((record, read))
        if not readable:
            return 0, None

        applied = 0
        failure: Exception | None = None
        async with self.uow.transaction() as session:
            new = await inbox.claim_all(
                session,
                consumer=self.group_id,
                events=[read.event for _, read in readable if read.handler is not None],
            )
            for record, read in readable:
                key, handler, data = inbox.key_of(read.event), read.handler, read.data
                if handler is not None and data is not None and key in new:
                    new.discard(key)  # of a pair of duplicates, the first is applied
                    with self._span(record):
                        failure = await self._apply_in_savepoint(session, read.event, handler, data)
                    if failure is not None:
                        await inbox.release(session, consumer=self.group_id, keys={key, *new})
                        break
                else:
                    with self._span(record):
                        pass  # applied before, or of no interest here: traced as every record is
                applied += 1
        for record, read in readable[:applied]:
            if read.handler is not None:
                metrics.records_applied.labels(self.group_id, record.topic).inc()
        return applied, failure

    async def _apply_in_savepoint(
        self, session: AsyncSession, event: CloudEvent, handler: Handler[Any], data: EventData
    ) -> Exception | None:
        """Applies one record of a batch; its failure, unless the database or Kafka is unavailable."""
        self._bind(event)
        try:
            async with session.begin_nested():
                await handler.apply(session, event, data)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_outage(exc):
                raise
            trace.get_current_span().record_exception(exc)
            return exc
        finally:
            # Each record sees the database as a transaction of its own would, not the objects an earlier
            # record left in the session (Core statements do not refresh them).
            session.expunge_all()
        return None

    async def _measure_lag(
        self, consumer: AIOKafkaConsumer, measured: set[TopicPartition]
    ) -> set[TopicPartition]:
        """Sets the lag of each assigned partition: its high watermark (from the last fetch) minus the
        group's position, which is where processing stands, since every record fetched so far has been
        processed. Partitions no longer assigned lose their series: another replica reports them now."""
        assigned = set(consumer.assignment())
        for gone in measured - assigned:
            with contextlib.suppress(KeyError):
                metrics.consumer_lag.remove(self.group_id, gone.topic, str(gone.partition))
        for tp in assigned:
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue  # not fetched from yet
            position = await consumer.position(tp)
            lag = max(highwater - position, 0)
            metrics.consumer_lag.labels(self.group_id, tp.topic, str(tp.partition)).set(lag)
        return assigned

    def _span(self, record: ConsumerRecord[bytes, bytes]) -> AbstractContextManager[trace.Span]:
        """The record's process span, a child of the publish span whose traceparent the record carries;
        what the handler records carries this span's traceparent in turn."""
        headers = list(record.headers or ())
        attributes = tracing.kafka_attributes(
            operation="process",
            topic=record.topic,
            event_id=(dict(headers).get("ce_id") or b"").decode(errors="replace") or None,
            **{
                "messaging.consumer.group.name": self.group_id,
                "messaging.destination.partition.id": str(record.partition),
                "messaging.kafka.offset": record.offset,
            },
        )
        return tracing.consumer_span(topic=record.topic, headers=headers, attributes=attributes)

    def _read(self, record: ConsumerRecord[bytes, bytes]) -> Readable | Refused:
        try:
            event = CloudEvent.from_kafka(record.value, record.headers or ())
        except MalformedEvent as exc:
            return Refused(DeadLetterReason.malformed, str(exc))
        try:
            CATALOG.by_type(event.type)
        except UnknownEventType as exc:
            return Refused(DeadLetterReason.unknown_type, str(exc))
        handler = self.handlers.get(event.type)
        if handler is None:
            return Readable(event, None, None)  # a known event this consumer has no interest in
        try:
            data = handler.data.model_validate(event.data)
        except ValidationError as exc:
            return Refused(DeadLetterReason.invalid_data, str(exc))
        return Readable(event, handler, data)

    def _bind(self, event: CloudEvent) -> None:
        log.bind_correlation(event.correlationid or event.id)
        # What this service records while applying another's event is its own derivation (roadmap's
        # stage_advanced from meeting.held), so it is the actor; who caused the event goes on the logs.
        log.bind_actor(self.settings.service_name, event_actor=event.actor)

    async def process(
        self,
        record: ConsumerRecord[bytes, bytes],
        producer: AIOKafkaProducer,
        *,
        failed: Exception | None = None,
    ) -> None:
        """Applies one record alone, in a transaction of its own, inside its process span; `failed` is
        how its first attempt, made in a batch, failed."""
        with self._span(record):
            await self._process(record, producer, failed)

    async def _process(
        self, record: ConsumerRecord[bytes, bytes], producer: AIOKafkaProducer, failed: Exception | None
    ) -> None:
        async def dead(reason: DeadLetterReason, error: str, attempts: int) -> None:
            metrics.records_dead_lettered.labels(self.group_id, record.topic, reason.value).inc()
            trace.get_current_span().set_status(StatusCode.ERROR, f"dead-lettered ({reason.value}): {error}")
            logger.error(
                "record sent to dead letters",
                group=self.group_id,
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                reason=reason.value,
                error=error,
            )
            await send_to_dead_letters(
                producer, record, consumer=self.group_id, reason=reason, error=error, attempts=attempts
            )

        read = self._read(record)
        if isinstance(read, Refused):
            return await dead(read.reason, read.error, 0)
        if read.handler is None or read.data is None:
            return None
        event, handler, data = read.event, read.handler, read.data
        self._bind(event)
        attempts = self.settings.consumer_max_attempts

        async def settled_by(exc: Exception, attempt: int) -> bool:
            """Whether the failure of `attempt` settles the record (it is dead-lettered); if not, waits
            for the next attempt."""
            if isinstance(exc, Unprocessable):
                await dead(DeadLetterReason.unprocessable, str(exc), attempt)
                return True
            if attempt == attempts:
                await dead(DeadLetterReason.handler_failed, f"{type(exc).__name__}: {exc}", attempt)
                return True
            metrics.handler_retries.labels(self.group_id).inc()
            delay = self.settings.consumer_retry_backoff_seconds * 2 ** (attempt - 1)
            logger.warning(
                "handler failed, retrying",
                group=self.group_id,
                event_id=event.id,
                event_type=event.type,
                attempt=attempt,
                error=repr(exc),
            )
            await asyncio.sleep(min(delay, 30.0) * random.uniform(0.8, 1.2))
            return False

        # An attempt made in a batch counts as the first.
        if failed is not None and await settled_by(failed, 1):
            return None
        for attempt in range(2 if failed is not None else 1, attempts + 1):
            try:
                async with self.uow.transaction() as session:
                    if await inbox.claim(session, consumer=self.group_id, event=event):
                        await handler.apply(session, event, data)
                metrics.records_applied.labels(self.group_id, record.topic).inc()
                return None
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if is_outage(exc):
                    # Not the record's fault: pause (the offset stays) until the database is back, without
                    # spending an attempt, however long the restart takes (common.outages).
                    raise
                if await settled_by(exc, attempt):
                    return None
        return None


@dataclass(frozen=True)
class Readable:
    """A record read as an event of the catalog; without a handler when this consumer does not apply it."""

    event: CloudEvent
    handler: Handler[Any] | None
    data: EventData | None


@dataclass(frozen=True)
class Refused:
    """A record that cannot be read: it goes to the dead letters at once, with this reason."""

    reason: DeadLetterReason
    error: str
