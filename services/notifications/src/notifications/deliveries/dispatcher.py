"""The dispatcher: sends the deliveries that are due, and records what happened, durably.

Every delivery lives in the database (fan-out recorded it, and its commit woke the worker through
`DELIVERIES_CHANNEL`; a poll finds what falls due with time): a worker leases the due ones (`next_attempt_at`
moves to the end of the lease, `FOR UPDATE SKIP LOCKED` keeps replicas apart), round-robin across
endpoints with a cap per endpoint, sends each in its own task so that a slow endpoint holds up nothing
else, and hands the answer to the outcome recorder (`deliveries.outcomes`), which records the answers of
attempts that end together in one transaction, tried again while the database is unavailable until
shortly before each lease ends. A process killed mid-attempt loses nothing: the lease runs out and the
delivery is tried again, with the same `webhook-id` (at least once; receivers deduplicate on it, as
Standard Webhooks asks).

Failures are retried on the configured schedule (Standard Webhooks' by default) with jitter, honouring a
longer `Retry-After`; after the last attempt the delivery is dead, announced, and the subscriber's other
channels are told. A 410 disables the endpoint. A circuit breaker per endpoint (the subscription's URL)
defers deliveries to an endpoint that keeps failing, without spending their attempts, until it is tried
again.

Each attempt, sent and recorded, is a span in the trace of the event that caused the delivery, and is
counted in the delivery metrics once recorded (`deliveries.telemetry`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx

from common import logging as log
from common import metrics
from common.db import UnitOfWork
from common.messaging.outbox import Outbox
from common.wakeup import listen
from notifications.config import NotificationsSettings
from notifications.deliveries import repository, telemetry
from notifications.deliveries.domain import CircuitBreaker, Outcome
from notifications.deliveries.outcomes import Finished, OutcomeRecorder, Result, database_unavailable
from notifications.deliveries.repository import Claimed
from notifications.email import EmailRefused, send_email
from notifications.models import Delivery, DeliveryAttempt, NotifiedEvent, Subscription
from notifications.outbound import OutboundPolicy
from notifications.rendering import Rendered
from notifications.signing import webhook_headers
from notifications.subscriptions.domain import active_secrets
from notifications.webhooks import new_webhook_client, post_webhook

logger = log.get_logger(__name__)

# How long a lease outlasts the attempt's timeout: the time there is to record the outcome, trying again
# while the database is unavailable, before another worker may send the delivery again.
LEASE_MARGIN_SECONDS = 30.0
PROBE_MARGIN_SECONDS = 1.0
# The window of the per-address email rate limit (`email_rate_limit_per_hour`).
EMAIL_RATE_WINDOW = timedelta(hours=1)


class Dispatcher:
    def __init__(self, settings: NotificationsSettings, uow: UnitOfWork, outbox: Outbox) -> None:
        self.settings = settings
        self.uow = uow
        self.outbox = outbox
        self.policy = OutboundPolicy.from_settings(settings)
        self.breaker = CircuitBreaker(
            failures=settings.webhook_circuit_failures,
            open_for=settings.webhook_circuit_open_seconds,
            # An attempt's answer comes within the timeout (post_webhook bounds the whole attempt).
            probe_for=settings.webhook_timeout_seconds + PROBE_MARGIN_SECONDS,
        )
        self.lease = timedelta(seconds=settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
        self.outcomes = OutcomeRecorder(settings, uow, outbox)
        # Each attempt under way, with the delivery and endpoint it holds until its outcome is recorded.
        self.in_flight: dict[asyncio.Task[None], Claimed] = {}
        self._wake = asyncio.Event()
        self._more_due = False

    async def run(self) -> None:
        """Until cancelled: lease what is due, send each in its own task, and wait until woken: by a
        delivery recorded or made due again (its transaction's commit notifies `DELIVERIES_CHANNEL`), by
        room freed while more is due, or by the poll, which finds what falls due with time (a retry, a
        deferral, a lease run out) and what was recorded while the listener was down."""
        # The circuits are this process's (each replica keeps its own breaker), read when scraped.
        metrics.open_circuits.set_function(lambda: self.breaker.open_at(datetime.now(UTC)))
        listener = asyncio.create_task(
            listen(self.settings.sqlalchemy_url, repository.DELIVERIES_CHANNEL, self._wake),
            name="deliveries-listener",
        )
        recorder = asyncio.create_task(self.outcomes.run(), name="delivery-outcomes")
        async with new_webhook_client(self.settings.delivery_batch_size) as client:
            try:
                while True:
                    self._wake.clear()
                    try:
                        await self.dispatch_due(client)
                    except Exception as error:
                        if not database_unavailable(error):
                            logger.exception("dispatch failed")
                        else:
                            logger.warning("database unreachable; deliveries wait", error=str(error))
                    # asyncio.timeout, not wait_for (https://github.com/python/cpython/issues/86296), as
                    # in the outbox relay.
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(self.settings.delivery_poll_interval_seconds):
                            await self._wake.wait()
            finally:
                listener.cancel()
                recorder.cancel()
                for task in self.in_flight:
                    task.cancel()
                await asyncio.gather(listener, recorder, *self.in_flight, return_exceptions=True)

    async def dispatch_due(self, client: httpx.AsyncClient) -> int:
        room = self.settings.delivery_batch_size - len(self.in_flight)
        if room <= 0:
            return 0
        now = datetime.now(UTC)
        async with self.uow.transaction() as session:
            claimed = await repository.claim_due(
                session,
                now=now,
                lease=self.lease,
                limit=room,
                per_endpoint=self.settings.delivery_endpoint_concurrency,
                in_flight=Counter(held.endpoint for held in self.in_flight.values()),
                excluding=[held.delivery_id for held in self.in_flight.values()],
            )
            # Loaded with the lease, in the same transaction: an attempt opens none before it sends.
            leased = await repository.leased_for_sending(session, [held.delivery_id for held in claimed])
            session.expunge_all()
        sendable = {delivery.id: (delivery, subscription, event) for delivery, subscription, event in leased}
        # The `next_attempt_at` claim_due gave them: while a delivery still has it, it is still this
        # attempt's (the outcome recorder's lease check).
        leased_until = now + self.lease
        for held in claimed:
            attempt = self.attempt(client, *sendable[held.delivery_id], leased_until=leased_until)
            task = asyncio.create_task(attempt, name=f"delivery-{held.delivery_id}")
            self.in_flight[task] = held
            task.add_done_callback(self._done)
        # A full batch, or an endpoint at its cap, says more may be due: the batch is topped up as attempts
        # end, not at the next poll.
        per_endpoint = Counter(held.endpoint for held in self.in_flight.values())
        self._more_due = len(claimed) == room or any(
            count >= self.settings.delivery_endpoint_concurrency for count in per_endpoint.values()
        )
        return len(claimed)

    def _done(self, task: asyncio.Task[None]) -> None:
        self.in_flight.pop(task, None)
        # Topped up once half the batch is free: one lease for many attempts, not one per attempt ended.
        if self._more_due and len(self.in_flight) <= self.settings.delivery_batch_size // 2:
            self._wake.set()

    async def attempt(
        self,
        client: httpx.AsyncClient,
        delivery: Delivery,
        subscription: Subscription,
        event: NotifiedEvent,
        *,
        leased_until: datetime,
    ) -> None:
        delivery_id = delivery.id
        try:
            with telemetry.attempt_span(delivery) as span:
                attempted_at = datetime.now(UTC)
                if subscription.channel == "webhook":
                    result = await self.send_webhook(client, delivery, subscription, event)
                else:
                    result = await self.send_email(delivery, subscription)
                telemetry.describe_attempt(span, result.outcome, result.error)
                # In the span too: the events recorded with the outcome continue the trace, and the attempt
                # holds its delivery (and its endpoint's share) until its outcome is recorded.
                finished = Finished(delivery_id, result, attempted_at=attempted_at, leased_until=leased_until)
                await self.outcomes.record(finished)
        except asyncio.CancelledError:
            raise
        except Exception:
            # The lease runs out and the delivery is tried again: nothing is lost.
            logger.exception("delivery attempt not recorded", delivery_id=delivery_id)

    async def send_webhook(
        self, client: httpx.AsyncClient, delivery: Delivery, subscription: Subscription, event: NotifiedEvent
    ) -> Result:
        url = subscription.url or ""
        now = datetime.now(UTC)
        reopens = self.breaker.closed_after(url, now)
        if reopens is not None:
            return Result("deferred", error="circuit open: the endpoint kept failing", not_before=reopens)
        body = json.dumps(event.cloudevent, separators=(",", ":"), ensure_ascii=False).encode()
        secrets = active_secrets(subscription.secrets, now)
        headers = webhook_headers(secrets, delivery.id, int(time.time()), body)
        started = time.monotonic()
        answer = await post_webhook(
            client, self.policy, url, headers, body, timeout=self.settings.webhook_timeout_seconds
        )
        duration = int((time.monotonic() - started) * 1000)
        if self.breaker.record(url, success=answer.delivered or answer.gone, now=datetime.now(UTC)):
            logger.warning("circuit opened", endpoint=self.breaker.endpoint(url))
        outcome: Outcome = "delivered" if answer.delivered else "gone" if answer.gone else "failed"
        return Result(
            outcome,
            status_code=answer.status_code,
            error=answer.error,
            retry_after=answer.retry_after_seconds,
            duration_ms=duration,
        )

    async def send_email(self, delivery: Delivery, subscription: Subscription) -> Result:
        address = subscription.email or ""
        limit = self.settings.email_rate_limit_per_hour
        # Counting the address's emails and taking a place among them happen under one lock, so that
        # emails due together (a burst, or several subscriptions of one address) in any replica stay
        # within the limit; the place is the attempt itself, recorded as `sending` before the email goes.
        async with self.uow.transaction() as session:
            await repository.lock_email_address(session, address)
            for stopped in await repository.attempts_under_way_of(session, delivery.id):
                # A process stopped during an earlier attempt of this delivery (its lease ran out).
                stopped.outcome, stopped.error = "unknown", "no outcome was recorded: the process stopped"
            now = datetime.now(UTC)
            sent = await repository.emails_sent_since(session, address, now - EMAIL_RATE_WINDOW)
            if len(sent) >= limit:
                # The next free place: a window after the oldest of the last `limit` emails.
                slot = sent[-limit] + EMAIL_RATE_WINDOW
                return Result("deferred", error="rate limit of the address", not_before=slot)
            place = DeliveryAttempt(delivery_id=delivery.id, attempted_at=now, outcome="sending")
            repository.add_attempt(session, place)
            await session.flush()
            attempt_id = place.id
        message = Rendered(
            subject=delivery.subject or "",
            text=delivery.text or "",
            html=delivery.html or "",
            language=delivery.language or subscription.language,
        )
        started = time.monotonic()
        try:
            await send_email(self.settings, to=address, rendered=message, message_id=delivery.id)
        except EmailRefused as refused:
            duration = int((time.monotonic() - started) * 1000)
            return Result(
                "refused" if refused.permanent else "failed",
                error=str(refused),
                duration_ms=duration,
                attempt_id=attempt_id,
            )
        duration = int((time.monotonic() - started) * 1000)
        return Result("delivered", duration_ms=duration, attempt_id=attempt_id)
