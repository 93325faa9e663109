"""The engagement sweep: engagement lapses with time alone, with no meeting to trigger a judgement, so the
service judges every member again at an interval (`NEACOOP_ENGAGEMENT_SWEEP_INTERVAL_SECONDS`). Each pass
is one transaction; what did not change is neither written nor announced, so a pass repeated, or run by
two replicas one after the other, announces a change once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from common import logging as log
from common.db import UnitOfWork
from common.messaging.outbox import Outbox
from common.outages import outage_of
from meetings.analytics import domain, service

logger = log.get_logger(__name__)


class EngagementSweep:
    def __init__(
        self, *, uow: UnitOfWork, outbox: Outbox, interval_seconds: float, today: Callable[[], date]
    ) -> None:
        self.uow = uow
        self.outbox = outbox
        self.interval_seconds = interval_seconds
        self.today = today

    async def sweep(self) -> list[domain.Judgement]:
        """One pass, as of the clock's today; returns the changes it announced."""
        async with self.uow.transaction() as session:
            changes = await service.rejudge(session, self.outbox, as_of=self.today())
        if changes:
            logger.info("engagement changed", members=[c.member_code for c in changes])
        return changes

    async def run(self) -> None:
        """Until cancelled: a pass at start-up, then one per interval. An outage waits for the next pass;
        a bug is logged with its traceback and the next pass tries again."""
        while True:
            try:
                await self.sweep()
            except Exception as error:
                outage = outage_of(error)
                if outage is None:
                    logger.exception("engagement sweep failed")
                else:
                    logger.warning("engagement sweep waits", unavailable=outage, error=str(error))
            await asyncio.sleep(self.interval_seconds)
