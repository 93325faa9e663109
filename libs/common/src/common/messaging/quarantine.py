"""The outbox's quarantine: rows Kafka can never take, set aside so that they stall nothing else.

The relay publishes in order, and an event of an aggregate must never overtake an earlier one of the same
aggregate (DESIGN rule 2: the Kafka key is the aggregate's id, the subject). A row that no retry can
publish (larger than Kafka accepts, or not a CloudEvent at all) used to be retried for ever, and every later
row of the service waited behind it (issue #12). Now the relay quarantines such a row with its reason: the
later events of the same aggregate on the same topic (the same Kafka key, so the same partition) wait
behind it, and everything else flows. Failures that time can mend (the broker away, a timeout) are not
quarantined: the relay retries them in order as before.

An operator sees quarantined rows (`make dead-letters`, or `python -m common.messaging.quarantine list`;
the metric `neacoop_outbox_events_quarantined_total`; a WARNING log line) and either releases one, which
the relay then tries again (after the broker's limit was raised, say), or discards it, which it never
publishes; either way the aggregate's later events follow. docs/runbook.md says when to do which.
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiokafka.errors import MessageSizeTooLargeError, RecordListTooLargeError, RecordTooLargeError
from sqlalchemy import Select, Text, and_, cast, exists, func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from common import logging as log
from common import metrics
from common.db import create_engine
from common.messaging.tables import outbox

logger = log.get_logger(__name__)


class QuarantineReason(enum.StrEnum):
    too_large = "too_large"  # larger than the producer or the broker accepts
    invalid_envelope = "invalid_envelope"  # the row is not a CloudEvent that can be serialised


# What no retry of the same record can cure: aiokafka refuses a record over its max_request_size before
# sending it, and the broker one over its message.max.bytes (error code 10, MESSAGE_TOO_LARGE) or a batch
# it cannot take (18, RECORD_LIST_TOO_LARGE): https://kafka.apache.org/protocol#protocol_error_codes
TOO_LARGE: tuple[type[Exception], ...] = (
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)

_held = outbox.alias("held")


def in_quarantine() -> Any:
    """Rows set aside and neither published nor discarded: those that hold their aggregate back."""
    return and_(
        outbox.c.quarantined_at.is_not(None), outbox.c.published_at.is_(None), outbox.c.discarded_at.is_(None)
    )


def publishable(limit: int) -> Select[Any]:
    """The next rows the relay may publish, in order: unpublished, not set aside, and not behind a
    quarantined row of the same aggregate on the same topic."""
    behind_quarantine = exists().where(
        _held.c.topic == outbox.c.topic,
        _held.c.subject == outbox.c.subject,
        _held.c.position < outbox.c.position,
        _held.c.quarantined_at.is_not(None),
        _held.c.published_at.is_(None),
        _held.c.discarded_at.is_(None),
    )
    return (
        select(outbox.c.position, outbox.c.event_id, outbox.c.topic, outbox.c.subject, outbox.c.envelope)
        .where(
            outbox.c.published_at.is_(None),
            outbox.c.quarantined_at.is_(None),
            outbox.c.discarded_at.is_(None),
            ~behind_quarantine,
        )
        .order_by(outbox.c.position)
        .limit(limit)
    )


async def set_aside(
    connection: AsyncConnection, row: Row[Any], reason: QuarantineReason, error: BaseException
) -> None:
    """Quarantines one row, in the relay's transaction, and tells the operator."""
    await connection.execute(
        update(outbox)
        .where(outbox.c.position == row.position)
        .values(
            quarantined_at=func.now(),
            quarantine_reason=reason.value,
            publish_attempts=outbox.c.publish_attempts + 1,
            last_error=repr(error)[:2000],
        )
    )
    metrics.events_quarantined.labels(row.topic, reason.value).inc()
    logger.warning(
        "outbox event quarantined: its aggregate's later events wait until it is released or discarded",
        event_id=row.event_id,
        topic=row.topic,
        subject=row.subject,
        reason=reason.value,
        error=repr(error)[:500],
        see="docs/runbook.md, 'Quarantined outbox events'",
    )


# --- What operators do ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarantinedEvent:
    event_id: str
    topic: str
    event_type: str
    subject: str
    reason: str
    error: str | None
    recorded_at: datetime
    quarantined_at: datetime
    envelope_bytes: int
    held_back: int  # later events of the same aggregate waiting behind it

    def describe(self) -> dict[str, object]:
        return {
            "quarantined": self.event_id,
            "topic": self.topic,
            "event_type": self.event_type,
            "subject": self.subject,
            "reason": self.reason,
            "held_back": self.held_back,
            "recorded_at": self.recorded_at.isoformat(),
            "quarantined_at": self.quarantined_at.isoformat(),
            "envelope_bytes": self.envelope_bytes,
            "error": self.error,
        }


async def quarantined(engine: AsyncEngine) -> list[QuarantinedEvent]:
    """Every row in quarantine, oldest first, with how many later events of its aggregate wait behind it."""
    waiting = (
        select(func.count())
        .select_from(_held)
        .where(
            _held.c.topic == outbox.c.topic,
            _held.c.subject == outbox.c.subject,
            _held.c.position > outbox.c.position,
            _held.c.published_at.is_(None),
            _held.c.discarded_at.is_(None),
        )
        .scalar_subquery()
    )
    query = (
        select(
            outbox.c.event_id,
            outbox.c.topic,
            outbox.c.event_type,
            outbox.c.subject,
            outbox.c.quarantine_reason,
            outbox.c.last_error,
            outbox.c.recorded_at,
            outbox.c.quarantined_at,
            func.octet_length(cast(outbox.c.envelope, Text)).label("envelope_bytes"),
            waiting.label("held_back"),
        )
        .where(in_quarantine())
        .order_by(outbox.c.position)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    return [
        QuarantinedEvent(
            event_id=row.event_id,
            topic=row.topic,
            event_type=row.event_type,
            subject=row.subject,
            reason=row.quarantine_reason or "",
            error=row.last_error,
            recorded_at=row.recorded_at,
            quarantined_at=row.quarantined_at,
            envelope_bytes=int(row.envelope_bytes or 0),
            held_back=int(row.held_back or 0),
        )
        for row in rows
    ]


async def release(engine: AsyncEngine, event_ids: Sequence[str]) -> list[str]:
    """Takes rows out of quarantine: the relay tries them again, in order, on its next pass. Returns the ids
    released (an id not in quarantine is left alone)."""
    async with engine.begin() as connection:
        released = await connection.scalars(
            update(outbox)
            .where(in_quarantine(), outbox.c.event_id.in_(list(event_ids)))
            .values(quarantined_at=None, quarantine_reason=None)
            .returning(outbox.c.event_id)
        )
        return list(released)


async def discard(engine: AsyncEngine, event_ids: Sequence[str]) -> list[str]:
    """Gives up on rows in quarantine: they are never published, and kept (with `discarded_at`) as the record
    of an event that was not announced. Returns the ids discarded."""
    async with engine.begin() as connection:
        discarded = await connection.scalars(
            update(outbox)
            .where(in_quarantine(), outbox.c.event_id.in_(list(event_ids)))
            .values(discarded_at=func.now())
            .returning(outbox.c.event_id)
        )
        return list(discarded)


async def _run(urls: Sequence[str], command: str, event_ids: Sequence[str]) -> int:
    """Runs `command` on every database; returns how many events it listed or changed."""
    count = 0
    for url in urls:
        engine = create_engine(url)
        try:
            if command == "list":
                for event in await quarantined(engine):
                    print(json.dumps(event.describe(), ensure_ascii=False))
                    count += 1
            else:
                changed = await (release if command == "release" else discard)(engine, event_ids)
                for event_id in changed:
                    print(f"{command}d {event_id}")
                count += len(changed)
        finally:
            await engine.dispose()
    return count


def main(argv: list[str] | None = None) -> None:
    """`python -m common.messaging.quarantine list|release|discard`: the operator's view of outbox rows the
    relay set aside (docs/runbook.md), in NEACOOP_DATABASE_URL's database or in each --database-url."""
    parser = argparse.ArgumentParser(prog="python -m common.messaging.quarantine", description=main.__doc__)
    parser.add_argument(
        "--database-url", action="append", default=[], help="a service's database (repeatable)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print every quarantined event as a JSON line")
    for name, what in (
        ("release", "let the relay try these events again, in order"),
        ("discard", "never publish these events; their aggregate's later events follow"),
    ):
        command = commands.add_parser(name, help=what)
        command.add_argument("event_ids", nargs="+", metavar="EVENT_ID", help="as `list` shows them")
    arguments = parser.parse_args(argv)
    urls = arguments.database_url or [os.environ.get("NEACOOP_DATABASE_URL", "")]
    if not all(urls):
        parser.error("give --database-url, or set NEACOOP_DATABASE_URL to the service's database")
    event_ids = getattr(arguments, "event_ids", [])
    count = asyncio.run(_run(urls, arguments.command, event_ids))
    if arguments.command != "list" and count < len(set(event_ids)):
        sys.exit(f"{arguments.command}d {count} of {len(set(event_ids))}: the others are not in quarantine")


if __name__ == "__main__":
    main()
