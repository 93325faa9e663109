"""Recording what the dispatcher's attempts did, durably and in batches (issue 15, item 3).

An attempt that has its answer hands its outcome to the recorder and waits until it is recorded. The
recorder records the outcomes of attempts that end together in one transaction: those that arrive within
`RECORD_WINDOW_SECONDS` of the first, at most `RECORD_BATCH_SIZE`, and whatever arrives while a batch is
being recorded joins the next. A commit per outcome was most of what a delivery cost the database.

What held when each outcome had a transaction of its own still holds for each outcome of a batch:

- A lease lost is not overwritten. An outcome changes its delivery only while the delivery is still
  leased to the attempt that made it: its `next_attempt_at` is still the end of that attempt's lease,
  read under the row's lock. Once the lease ran out and another worker leased the delivery again, or the
  delivery was redelivered or cancelled meanwhile, the attempt is kept in its log, as history, and the
  delivery is left as the other worker or the redelivery made it.
- An outcome is recorded once. A try whose commit went through unacknowledged is recognised by its
  attempt (recorded already) when the batch is tried again.
- While the database is unavailable (a restart, a failover) the batch is tried again, each outcome until
  `RECORD_SAFETY_SECONDS` before its lease ends (issue 12: an answered webhook was sent again when its one
  recording failed). An outcome that runs out of lease gives up with `OutcomeNotRecorded`: the lease runs
  out and the delivery is attempted again with the same id, as Standard Webhooks allows.
- One outcome that cannot be recorded (a bug, a broken row) does not hold back the others: a batch that
  fails for any reason other than the database being away is recorded again one outcome at a time.
- What is recorded with an outcome (`delivery.succeeded`, `.failed`, `.dead`, a dead delivery's notices
  to the subscriber's other channels) continues the trace of the attempt's span: each outcome of a batch
  is recorded in its attempt's context. Metrics count it once its batch commits (`telemetry`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg
from opentelemetry import context as otel_context
from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.notifications import DeliveryDead, DeliveryFailed, DeliverySucceeded
from common.db import UnitOfWork, is_database_outage
from common.messaging.outbox import Outbox
from notifications.config import NotificationsSettings
from notifications.deliveries import repository, service, telemetry
from notifications.deliveries.domain import Outcome, after_attempt, check_move, is_open, tells_other_channels
from notifications.models import Delivery, DeliveryAttempt, Subscription
from notifications.state import delivery_state
from notifications.subscriptions import repository as subscriptions_repository

logger = log.get_logger(__name__)

# A batch is recorded once this many outcomes wait, or this long after the first of them arrived: short
# next to an attempt, so that a delivery's slot (its endpoint's share of the concurrency) is not held
# much longer than its answer took.
RECORD_BATCH_SIZE = 32
RECORD_WINDOW_SECONDS = 0.02
# Recording is not tried again later than this before the lease runs out, when another worker may take
# the delivery (and send it again).
RECORD_SAFETY_SECONDS = 2.0
RECORD_FIRST_PAUSE_SECONDS = 0.1
RECORD_MAX_PAUSE_SECONDS = 2.0


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    status_code: int | None = None
    error: str | None = None
    retry_after: float | None = None
    # For a deferral: when to try again (the attempt is not counted).
    not_before: datetime | None = None
    duration_ms: int | None = None
    # The attempt already recorded as under way (an email's place in its address's rate limit).
    attempt_id: int | None = None


class OutcomeNotRecorded(RuntimeError):
    """The database stayed unavailable until the lease ran out: the delivery will be attempted again."""


def database_unavailable(error: BaseException) -> bool:
    """The database cannot be reached or is not accepting work now (restarting, shutting down, failing
    over), as opposed to a failure of the statement or of our code.

    Wider than `common.db.is_database_outage`, which misses PostgreSQL's own refusals while it starts or
    stops: SQLSTATE class 08 (connection exception) and 57P01-57P05 (operator intervention: admin or
    crash shutdown, cannot connect now, idle session timeout; https://www.postgresql.org/docs/current/errcodes-appendix.html).
    """
    if is_database_outage(error):
        return True
    cause: BaseException | None = error
    for _ in range(8):  # the chain: SQLAlchemy's error, the driver adapter's, asyncpg's
        if cause is None:
            break
        if isinstance(cause, asyncpg.exceptions.InterfaceError):
            return True  # a connection closed under us
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str) and (sqlstate.startswith("08") or sqlstate.startswith("57P")):
            return True
        cause = cause.__cause__ or getattr(cause, "orig", None)
    return False


def _pending_future() -> asyncio.Future[None]:
    return asyncio.get_running_loop().create_future()


@dataclass(eq=False)
class Finished:
    """An attempt that has its outcome, waiting for it to be recorded."""

    delivery_id: str
    result: Result
    attempted_at: datetime
    # The end of the attempt's lease: the delivery's `next_attempt_at` for as long as it is still leased
    # to this attempt.
    leased_until: datetime
    # The attempt's span, current when it finished: what is recorded with the outcome continues its trace.
    context: otel_context.Context = field(default_factory=otel_context.get_current)
    recorded: asyncio.Future[None] = field(default_factory=_pending_future)

    def time_left(self, now: datetime) -> float:
        """How much longer recording may be tried: until shortly before the lease ends."""
        return (self.leased_until - now).total_seconds() - RECORD_SAFETY_SECONDS

    def settle(self, error: BaseException | None = None) -> None:
        if self.recorded.done():
            return  # the attempt stopped waiting (the process is stopping)
        if error is None:
            self.recorded.set_result(None)
        else:
            self.recorded.set_exception(error)

    @property
    def settled(self) -> bool:
        return self.recorded.done()


class OutcomeRecorder:
    def __init__(
        self,
        settings: NotificationsSettings,
        uow: UnitOfWork,
        outbox: Outbox,
        *,
        batch_size: int = RECORD_BATCH_SIZE,
        window_seconds: float = RECORD_WINDOW_SECONDS,
    ) -> None:
        self.settings = settings
        self.uow = uow
        self.outbox = outbox
        self.batch_size = batch_size
        self.window_seconds = window_seconds
        self._waiting: asyncio.Queue[Finished] = asyncio.Queue()

    async def record(self, finished: Finished) -> None:
        """Returns once `finished`'s outcome is recorded (its batch committed); raises what kept it from
        being recorded (`OutcomeNotRecorded` when the database stayed away for the rest of the lease)."""
        self._waiting.put_nowait(finished)
        await finished.recorded

    async def run(self) -> None:
        """Until cancelled: records the outcomes handed over, a batch at a time."""
        while True:
            batch = await self._next_batch()
            try:
                await self.flush(batch)
            except Exception as error:
                # flush settles every outcome itself; this is for a bug in it, which must not leave the
                # attempts waiting for ever.
                logger.exception("recording a batch of outcomes failed", outcomes=len(batch))
                for finished in batch:
                    finished.settle(error)

    async def _next_batch(self) -> list[Finished]:
        batch = [await self._waiting.get()]
        # Queue.get gives up its place when the window closes: no outcome is lost by the timeout
        # (https://docs.python.org/3/library/asyncio-queue.html#asyncio.Queue.get).
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.window_seconds):
                while len(batch) < self.batch_size:
                    batch.append(await self._waiting.get())
        return batch

    async def flush(self, batch: Sequence[Finished]) -> None:
        """Records `batch` in one transaction, or, if that fails for another reason than the database
        being away, each of its outcomes alone; settles every outcome either way."""
        try:
            await self._record_while_leases_last(batch)
        except Exception as error:
            left = [finished for finished in batch if not finished.settled]
            if len(left) <= 1:
                for finished in left:
                    finished.settle(error)
                return
            logger.warning(
                "a batch of outcomes could not be recorded; recording each alone",
                outcomes=len(left),
                error=str(error),
            )
            for finished in left:
                try:
                    await self._record_while_leases_last([finished])
                except Exception as alone:
                    finished.settle(alone)

    async def _record_while_leases_last(self, batch: Sequence[Finished]) -> None:
        """Records `batch` in one transaction, trying again while the database is unavailable, each
        outcome for as long as its lease lasts (less `RECORD_SAFETY_SECONDS`); settles the outcomes it
        recorded or gave up on, and raises any other error with the others unsettled."""
        pending = [finished for finished in batch if not finished.settled]
        pause = RECORD_FIRST_PAUSE_SECONDS
        tries = 0
        while pending:
            tries += 1
            shortest = min(finished.time_left(datetime.now(UTC)) for finished in pending)
            try:
                # A database that does not answer at all (a network partition) holds a try no longer than
                # the shortest lease left; the first try is made however little is left (recording late is
                # still true, and the lease check keeps it from overwriting another worker's attempt).
                async with (
                    asyncio.timeout(max(shortest, RECORD_SAFETY_SECONDS)),
                    self.uow.transaction() as session,
                ):
                    await self.record_all(session, pending)
            except Exception as error:
                if not (isinstance(error, TimeoutError) or database_unavailable(error)):
                    raise
                now = datetime.now(UTC)
                for finished in pending:
                    if finished.time_left(now) <= 0:
                        given_up = OutcomeNotRecorded(
                            f"the database stayed unavailable for the rest of the lease ({tries} tries); "
                            f"the {finished.result.outcome} attempt will be made again"
                        )
                        given_up.__cause__ = error
                        finished.settle(given_up)
                pending = [finished for finished in pending if not finished.settled]
                if not pending:
                    return
                logger.warning(
                    "database unavailable; recording the outcomes again shortly",
                    outcomes=len(pending),
                    error=str(error),
                )
                await asyncio.sleep(min(pause, *(finished.time_left(now) for finished in pending)))
                pause = min(pause * 2, RECORD_MAX_PAUSE_SECONDS)
                continue
            if tries > 1:
                logger.info("outcomes recorded once the database was back", outcomes=len(pending))
            for finished in pending:
                finished.settle()
            return

    async def record_all(self, session: AsyncSession, batch: Sequence[Finished]) -> None:
        """Records each outcome of `batch` in the session's transaction. What they need is read for all of
        them at once: their deliveries, locked (in the order of their ids, as every worker locks them),
        their subscriptions, their attempts and their events' times."""
        deliveries = {
            delivery.id: delivery
            for delivery in await repository.deliveries_locked(session, [f.delivery_id for f in batch])
        }
        subscriptions = {
            subscription.id: subscription
            for subscription in await subscriptions_repository.subscriptions_of(
                session, {delivery.subscription_id for delivery in deliveries.values()}
            )
        }
        places = {
            attempt.id: attempt
            for attempt in await repository.attempts_by_id(
                session, [f.result.attempt_id for f in batch if f.result.attempt_id is not None]
            )
        }
        made = await repository.attempts_made_at(session, [(f.delivery_id, f.attempted_at) for f in batch])
        occurred = await repository.occurrences(session, {d.event_id for d in deliveries.values()})
        for finished in batch:
            delivery = deliveries.get(finished.delivery_id)
            if delivery is None:
                continue  # deleted with its subscription meanwhile: nothing to record it on
            place = places.get(finished.result.attempt_id) if finished.result.attempt_id else None
            if place is not None and place.outcome != "sending":
                continue  # recorded by an earlier try whose commit was not acknowledged
            if place is None and (delivery.id, finished.attempted_at) in made:
                continue  # the same
            token = otel_context.attach(finished.context)
            try:
                await self.record_outcome(
                    session,
                    finished,
                    delivery,
                    subscriptions[delivery.subscription_id],
                    place,
                    occurred_at=occurred[delivery.event_id],
                )
            finally:
                otel_context.detach(token)

    async def record_outcome(
        self,
        session: AsyncSession,
        finished: Finished,
        delivery: Delivery,
        subscription: Subscription,
        place: DeliveryAttempt | None,
        *,
        occurred_at: datetime,
    ) -> None:
        """Records one attempt in its log and, while the delivery is still the attempt's, what it makes
        of the delivery (the state machine's verdict) with the event that announces it."""
        result = finished.result
        attempt = place
        if attempt is None:
            attempt = DeliveryAttempt(delivery_id=delivery.id, attempted_at=finished.attempted_at)
            repository.add_attempt(session, attempt)
        attempt.outcome = result.outcome
        attempt.status_code = result.status_code
        attempt.error = result.error
        attempt.duration_ms = result.duration_ms
        if not is_open(delivery.status) or delivery.next_attempt_at != finished.leased_until:
            # Cancelled (its subscription went) or redelivered meanwhile, or leased again by another worker
            # once this attempt's lease ran out: the attempt is history, the delivery is theirs.
            return
        now = datetime.now(UTC)
        verdict = after_attempt(
            delivery.status,
            result.outcome,
            attempts_made=delivery.attempts,
            now=now,
            schedule=self.settings.delivery_retry_schedule,
            jitter=self.settings.delivery_retry_jitter,
            error=result.error,
            retry_after=result.retry_after,
            not_before=result.not_before,
        )
        check_move(delivery.status, verdict.status)
        if not verdict.counted:
            delivery.next_attempt_at = verdict.next_attempt_at
            return
        delivery.attempts += 1
        delivery.last_status_code = result.status_code
        delivery.last_error = result.error
        delivery.version += 1
        if verdict.disables_subscription is not None:
            subscription.active = False
            subscription.disabled_reason = verdict.disables_subscription
            subscription.version += 1
            # Also cancels, in the session, the subscription's other deliveries of this batch: their
            # outcomes find them cancelled and are kept as history only.
            await repository.cancel_open_deliveries(session, subscription.id)
        if verdict.dead_reason is not None:
            await self.die(session, delivery, subscription, verdict.dead_reason)
            telemetry.count_after_commit(session, delivery, announced_at=None, now=now)
            return
        delivery.status, delivery.next_attempt_at = verdict.status, verdict.next_attempt_at
        announced_at = None
        if verdict.status == "delivered":
            delivery.delivered_at = now
            announced_at = telemetry.latency_origin(occurred_at, delivery)
        telemetry.count_after_commit(session, delivery, announced_at=announced_at, now=now)
        state = delivery_state(delivery, subscription)
        if verdict.status == "delivered":
            await self.outbox.record(
                session, DeliverySucceeded(delivery=state, delivered_at=now), subject=delivery.id
            )
            return
        assert verdict.next_attempt_at is not None
        await self.outbox.record(
            session,
            DeliveryFailed(delivery=state, next_attempt_at=verdict.next_attempt_at),
            subject=delivery.id,
        )

    async def die(
        self, session: AsyncSession, delivery: Delivery, subscription: Subscription, reason: str
    ) -> None:
        # The move was checked before the attempt changed anything (a 410 cancels the subscription's
        # open deliveries, this one among them, in the same statement).
        delivery.status, delivery.next_attempt_at = "dead", None
        await session.flush()
        dead = DeliveryDead(delivery=delivery_state(delivery, subscription), reason=reason)
        notice = await self.outbox.record(session, dead, subject=delivery.id)
        logger.warning("delivery dead", delivery_id=delivery.id, reason=reason)
        if tells_other_channels(delivery.event_type):
            await service.tell_other_channels(session, self.outbox, subscription, notice, dead)
