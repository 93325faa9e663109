"""The transactional outbox: an event is a row written in the transaction of the change it announces,
and a relay publishes the rows to Kafka afterwards (DESIGN rule 2).

The relay drains the outbox when PostgreSQL notifies it of a commit and, as a fallback, on a fixed poll;
that poll is also the sweeper: rows left unpublished by a crash between commit and publish, by a lost
notification or by Kafka being down are published on the next pass. Publication is at least once, so
consumers deduplicate by event id (the inbox).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Sequence

import asyncpg
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from common import logging as log
from common import metrics
from common.config import ServiceSettings
from common.contracts import CATALOG, EventData, make_event
from common.db import asyncpg_dsn
from common.messaging.envelope import CloudEvent, new_traceparent
from common.messaging.kafka import build_producer, ensure_topics, started
from common.messaging.tables import OUTBOX_CHANNEL, audit_log, outbox

logger = log.get_logger(__name__)

# One relay per database publishes at a time, so replicas of a service cannot reorder an aggregate's events.
RELAY_LOCK = 0x6E6561_0B0C
PUBLISH_TIMEOUT_SECONDS = 20.0


class Outbox:
    """What services use to record the events their changes raise, inside the caller's transaction."""

    def __init__(self, *, service: str) -> None:
        self.service = service

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
            traceparent=_child_trace(log.traceparent.get()),
            actor=actor,
        )
        await session.execute(
            insert(outbox).values(
                event_id=event.id,
                topic=contract.topic,
                event_type=event.type,
                subject=event.subject,
                envelope=event.model_dump(mode="json"),
            )
        )
        await session.execute(
            insert(audit_log).values(
                event_id=event.id,
                event_type=event.type,
                subject=event.subject,
                actor=actor,
                occurred_at=event.time,
                correlation_id=event.correlationid,
                data=event.data,
            )
        )
        return event


def _child_trace(parent: str | None) -> str | None:
    return new_traceparent(parent) if parent else None


class OutboxRelay:
    def __init__(self, *, settings: ServiceSettings, engine: AsyncEngine) -> None:
        self.settings = settings
        self.engine = engine
        self._wake = asyncio.Event()
        self.last_error: str | None = None

    async def run(self) -> None:
        """Publishes until cancelled; survives Kafka and PostgreSQL being away for a while."""
        listener = asyncio.create_task(self._listen(), name="outbox-listener")
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
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation that arrives
            # as the wait ends (https://github.com/python/cpython/issues/86296), and the relay outlives
            # its service's shutdown.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.settings.outbox_poll_interval_seconds):
                    await self._wake.wait()

    async def publish_pending(self, producer: AIOKafkaProducer) -> int:
        """Publishes every unpublished row, in order; returns how many were published."""
        total = 0
        while True:
            published = await self._publish_batch(producer)
            total += published
            if published < self.settings.outbox_batch_size:
                return total

    async def _publish_batch(self, producer: AIOKafkaProducer) -> int:
        async with self.engine.begin() as connection:
            if not await connection.scalar(select(func.pg_try_advisory_xact_lock(RELAY_LOCK))):
                return 0
            rows = (
                await connection.execute(
                    select(outbox.c.position, outbox.c.topic, outbox.c.envelope)
                    .where(outbox.c.published_at.is_(None))
                    .order_by(outbox.c.position)
                    .limit(self.settings.outbox_batch_size)
                )
            ).all()
            if not rows:
                return 0
            try:
                await self._send(
                    producer, [(row.topic, CloudEvent.model_validate(row.envelope)) for row in rows]
                )
            except Exception as exc:
                metrics.publish_failures.inc()
                await self._note_failure([row.position for row in rows], exc)
                raise
            await connection.execute(
                update(outbox)
                .where(outbox.c.position.in_([row.position for row in rows]))
                .values(published_at=func.now(), publish_attempts=outbox.c.publish_attempts + 1)
            )
        for row in rows:
            metrics.events_published.labels(row.topic).inc()
        return len(rows)

    @staticmethod
    async def _send(producer: AIOKafkaProducer, events: Sequence[tuple[str, CloudEvent]]) -> None:
        # send() only enqueues; the idempotent producer keeps each partition's order, and gathering the
        # acknowledgements means nothing is marked published before the broker has it.
        # Bounded: with the broker gone aiokafka retries its connection for ever, and the batch's transaction
        # (with its advisory lock) must not stay open for the length of an outage. The rows stay unpublished
        # and the next attempt, on a new producer, sends them again.
        async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
            acks = []
            for topic, event in events:
                key, value, headers = event.to_kafka()
                acks.append(await producer.send(topic, value=value, key=key, headers=headers))
            await asyncio.gather(*acks)

    async def _note_failure(self, positions: list[int], exc: Exception) -> None:
        # In a transaction of its own: the batch's transaction is about to roll back.
        async with self.engine.begin() as other:
            await other.execute(
                update(outbox)
                .where(outbox.c.position.in_(positions))
                .values(publish_attempts=outbox.c.publish_attempts + 1, last_error=repr(exc)[:2000])
            )

    async def _listen(self) -> None:
        backoff = 0.5
        while True:
            try:
                connection = await asyncpg.connect(asyncpg_dsn(self.settings.sqlalchemy_url))
                try:
                    await connection.add_listener(OUTBOX_CHANNEL, lambda *_: self._wake.set())
                    backoff = 0.5
                    self._wake.set()  # rows may have been recorded while we were not listening
                    while not connection.is_closed():
                        await asyncio.sleep(5)
                        await connection.execute("SELECT 1")
                finally:
                    await connection.close()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning("outbox listener reconnecting", error=repr(exc))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)


async def unpublished_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(
            await connection.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            )
            or 0
        )
