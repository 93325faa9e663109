"""The digest scheduler: a background task of every notifications replica that wakes on a short interval
and sends the digests that are due, each in a transaction of its own (`digests.service` states the
guarantee). Its clock is given to it, so that a test decides what time it is."""

from __future__ import annotations

import asyncio

from common import logging as log
from common.db import UnitOfWork
from common.messaging.outbox import Outbox
from notifications.config import NotificationsSettings
from notifications.digests import repository, service
from notifications.digests.clock import Clock

logger = log.get_logger(__name__)


class DigestScheduler:
    def __init__(
        self, settings: NotificationsSettings, uow: UnitOfWork, outbox: Outbox, clock: Clock
    ) -> None:
        self.interval = settings.digest_poll_interval_seconds
        self.batch_size = settings.digest_batch_size
        self.uow = uow
        self.outbox = outbox
        self.clock = clock

    async def run(self) -> None:
        while True:
            try:
                await self.send_due()
            except Exception:
                # The database away, say: the next round tries again; nothing was taken half-way.
                logger.exception("digest round failed")
            await asyncio.sleep(self.interval)

    async def send_due(self) -> int:
        """Sends every digest due now; returns how many were sent (an empty one is not)."""
        now = self.clock.now()
        sent = 0
        # Each is tried once a round: one another replica holds, or one that fails, is not taken again
        # until the next.
        tried: set[str] = set()
        while True:
            async with self.uow.transaction() as session:
                due = await repository.due_subscription_ids(session, now, self.batch_size, excluding=tried)
            for subscription_id in due:
                tried.add(subscription_id)
                sent += await self.send_one(subscription_id)
            if len(due) < self.batch_size:
                return sent

    async def send_one(self, subscription_id: str) -> int:
        try:
            async with self.uow.transaction() as session:
                now = self.clock.now()
                subscription = await repository.due_subscription_locked(session, subscription_id, now)
                if subscription is None:  # another replica has it, or sent it meanwhile
                    return 0
                listed = await service.send_digest(session, self.outbox, subscription, now=now)
                return 1 if listed else 0
        except Exception:
            # One subscription's failure (an event that no longer renders, say) must not hold back the
            # others' digests; it is tried again at the next round, its events still waiting.
            logger.exception("digest failed", subscription_id=subscription_id)
            return 0
