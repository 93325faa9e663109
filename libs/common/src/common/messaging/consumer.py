"""The consumer runner: every service consumes the others' events through it.

For each record, in partition order: read the CloudEvent, find its contract, and apply the handler in a
unit of work that also claims the event id in the inbox; commit the Kafka offset only after that
transaction has committed (DESIGN rule 3). A handler that fails is retried with backoff; after the last
attempt, or at once for a record that cannot be read, the record goes to `<topic>.dlq` with the reason,
and the consumer moves on (DESIGN rule 4). Nothing is dropped: the offset passes a record only once its
effects are committed or its dead letter is acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Sequence
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
            batches = await consumer.getmany(timeout_ms=1000)
            for tp, records in batches.items():
                for record in records:
                    await self.process(record, producer)
                    # Only after the record's transaction committed, or its dead letter was acknowledged.
                    # Bounded like every Kafka call: on a timeout the runner reconnects, and the record
                    # comes again, which the inbox makes harmless.
                    async with asyncio.timeout(COMMIT_TIMEOUT_SECONDS):
                        await consumer.commit({TopicPartition(tp.topic, tp.partition): record.offset + 1})

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

    async def process(self, record: ConsumerRecord[bytes, bytes], producer: AIOKafkaProducer) -> None:
        """Applies one record inside its process span, a child of the publish span whose traceparent the
        record carries; what the handler records carries this span's traceparent in turn."""
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
        with tracing.consumer_span(topic=record.topic, headers=headers, attributes=attributes):
            await self._process(record, producer)

    async def _process(self, record: ConsumerRecord[bytes, bytes], producer: AIOKafkaProducer) -> None:
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

        try:
            event = CloudEvent.from_kafka(record.value, record.headers or ())
        except MalformedEvent as exc:
            return await dead(DeadLetterReason.malformed, str(exc), 0)
        try:
            CATALOG.by_type(event.type)
        except UnknownEventType as exc:
            return await dead(DeadLetterReason.unknown_type, str(exc), 0)
        handler = self.handlers.get(event.type)
        if handler is None:
            return None  # a known event this consumer has no interest in
        try:
            data = handler.data.model_validate(event.data)
        except ValidationError as exc:
            return await dead(DeadLetterReason.invalid_data, str(exc), 0)

        log.bind_correlation(event.correlationid or event.id)
        # What this service records while applying another's event is its own derivation (roadmap's
        # stage_advanced from meeting.held), so it is the actor; who caused the event goes on the logs.
        log.bind_actor(self.settings.service_name, event_actor=event.actor)
        attempts = self.settings.consumer_max_attempts
        for attempt in range(1, attempts + 1):
            try:
                async with self.uow.transaction() as session:
                    if await inbox.claim(session, consumer=self.group_id, event=event):
                        await handler.apply(session, event, data)
                metrics.records_applied.labels(self.group_id, record.topic).inc()
                return None
            except asyncio.CancelledError:
                raise
            except Unprocessable as exc:
                return await dead(DeadLetterReason.unprocessable, str(exc), attempt)
            except Exception as exc:
                if is_outage(exc):
                    # Not the record's fault: pause (the offset stays) until the database is back, without
                    # spending an attempt, however long the restart takes (common.outages).
                    raise
                if attempt == attempts:
                    return await dead(
                        DeadLetterReason.handler_failed, f"{type(exc).__name__}: {exc}", attempt
                    )
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
        return None
