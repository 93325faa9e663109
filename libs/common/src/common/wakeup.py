"""Woken on commit: a worker that waits for rows (the outbox relay, the notifications dispatcher) listens on
a PostgreSQL channel that a trigger notifies when a transaction recording such rows commits
(https://www.postgresql.org/docs/current/sql-notify.html: notifications are delivered only on commit), and
polls as well, for a notification missed while the listening connection was down."""

from __future__ import annotations

import asyncio

import asyncpg

from common import logging as log
from common.db import asyncpg_dsn

logger = log.get_logger(__name__)

# How often the listening connection is checked: a connection that died silently is replaced this soon.
KEEPALIVE_SECONDS = 5.0


async def listen(database_url: str, channel: str, wake: asyncio.Event) -> None:
    """Sets `wake` on every notification of `channel`, until cancelled; reconnects with backoff. `wake` is
    set on each (re)connection too: rows may have been recorded while nothing listened."""
    backoff = 0.5
    while True:
        try:
            connection = await asyncpg.connect(asyncpg_dsn(database_url))
            try:
                await connection.add_listener(channel, lambda *_: wake.set())
                backoff = 0.5
                wake.set()
                while not connection.is_closed():
                    await asyncio.sleep(KEEPALIVE_SECONDS)
                    await connection.execute("SELECT 1")
            finally:
                await connection.close()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.warning("listener reconnecting", channel=channel, error=repr(exc))
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)
