"""Hourly clean-up of what a service keeps only for a while: published outbox rows (Kafka holds the events
from then on) and the answers to idempotent writes (clients retry within minutes, not weeks).

Inbox rows are kept: they are what makes a replay from offset 0 harmless.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from common import logging as log
from common.messaging.tables import idempotency_keys, outbox

logger = log.get_logger(__name__)

PUBLISHED_OUTBOX_RETENTION = timedelta(days=7)
IDEMPOTENCY_KEY_RETENTION = timedelta(days=7)
INTERVAL_SECONDS = 3600.0


async def sweep(engine: AsyncEngine, *, now: datetime | None = None) -> tuple[int, int]:
    """Deletes published outbox rows and idempotency answers past their retention; returns the counts."""
    moment = now or datetime.now(UTC)
    async with engine.begin() as connection:
        published = await connection.execute(
            delete(outbox).where(
                outbox.c.published_at.is_not(None),
                outbox.c.published_at < moment - PUBLISHED_OUTBOX_RETENTION,
            )
        )
        answers = await connection.execute(
            delete(idempotency_keys).where(idempotency_keys.c.created_at < moment - IDEMPOTENCY_KEY_RETENTION)
        )
    return int(published.rowcount or 0), int(answers.rowcount or 0)


async def run(engine: AsyncEngine) -> None:
    while True:
        try:
            published, answers = await sweep(engine)
            if published or answers:
                logger.info(
                    "housekeeping", outbox_rows_deleted=published, idempotency_answers_deleted=answers
                )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.warning("housekeeping failed; retrying at the next interval", error=repr(exc))
        await asyncio.sleep(INTERVAL_SECONDS)
