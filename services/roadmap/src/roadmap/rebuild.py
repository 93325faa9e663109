"""Rebuild of the roadmap's read model from the topics, from offset 0 (issue 5, item 7).

`python -m roadmap.rebuild --yes` reads `RoadmapSettings` from the environment (`NEACOOP_*`), like
`python -m registry.seed`, says what it clears, and prints what it applied; without `--yes` it only says
what it would clear and changes nothing. `rebuild(settings)` is the same for tests.

What is cleared and what is kept:
  - cleared: the held meetings (`held_meetings`), what the roadmap knows of the registry
    (`known_issue_areas`, `known_mechanisms`, `known_members`) and the tracks' current stage (`tracks`,
    except the rows that have an origin, set by a recorded decision or where criteria had taken a track
    that a stricter criteria version would have put lower, and held rows: the replay re-derives those
    tracks from their origin): all of it is derived from the events on the topics, so all of it is
    derived again;
  - kept: the criteria documents (the roadmap's own data, not derived from any topic), the outbox and
    `stage_history`. The service skips an advancement whose stage is already in the track's history
    (`roadmap.tracks.service.settle_track`), so keeping the history means the rebuild announces no
    `stage_advanced` twice: only an advancement never recorded before (a fact the live consumer had
    missed or dead-lettered) is recorded and announced. The inbox is kept too: it belongs to the live
    consumer, which the rebuild does not go through.

How: the topics are cleared first, then read (`read_topic`: every record on the broker at that moment),
so a record a running consumer applies during the rebuild is either read here too or applied after the
clear; the result is the same because every handler is idempotent and the evaluation does not depend on
the order facts arrive in. Running it with the roadmap service stopped is still the simple, quiet way.
Every event is applied through the consumer's own handlers (`roadmap.consumers.handlers`), each in its
own unit of work, registry topics first and then the meetings topic; held meetings in batches, each
batch in one unit of work settling the tracks it concerns once (`Held`). As the consumer runner does, an
event id seen twice is applied once, a record that cannot be read or whose data does not validate is
skipped (the live consumer dead-letters it), and a handler that fails is counted and skipped, the same
record the live consumer would have dead-lettered after its retries.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import ValidationError

from common import logging as log
from common.contracts import CATALOG, UnknownEventType
from common.contracts.meetings import MeetingHeld
from common.db import UnitOfWork, create_engine
from common.messaging.consumer import Handler
from common.messaging.envelope import CloudEvent, MalformedEvent
from common.messaging.kafka import read_topic
from common.messaging.outbox import Outbox
from roadmap.config import RoadmapSettings
from roadmap.consumers import handlers
from roadmap.tracks import intake, repository

logger = log.get_logger(__name__)

MEETINGS_TOPIC_PREFIX = "meetings."

COUNTS = ("records", "applied", "duplicates", "ignored", "invalid", "unreadable", "failed")


WIPES = (
    "held_meetings, known_issue_areas, known_mechanisms and known_members (derived from the topics), "
    "and the tracks' stages, except tracks with an origin or a hold (a decision's, or where criteria "
    "had taken them); kept: criteria versions, decisions, stage_history, outbox, inbox, known_clients"
)


def replay_topics(by_type: dict[str, Handler[Any]]) -> list[str]:
    """The topics the handlers consume: the registry's first, so areas and mechanisms are known early
    (the result does not depend on it; it only spares re-evaluations)."""
    topics = {CATALOG.by_type(event_type).topic for event_type in by_type}
    return sorted(topics, key=lambda topic: (topic.startswith(MEETINGS_TOPIC_PREFIX), topic))


async def rebuild(settings: RoadmapSettings) -> dict[str, int]:
    """Clears the derived tables and applies every event of the consumed topics; returns the counts."""
    outbox = Outbox(service=settings.service_name, max_event_bytes=settings.outbox_max_event_bytes)
    by_type: dict[str, Handler[Any]] = {
        CATALOG.for_data_type(handler.data).type: handler for handler in handlers(outbox)
    }
    counts: Counter[str] = Counter()
    engine = create_engine(settings.sqlalchemy_url, pool_size=1)
    try:
        uow = UnitOfWork(engine)
        async with uow.transaction() as session:
            await repository.clear_derived(session)

        async def apply(handler: Handler[Any], event: CloudEvent, data: Any) -> None:
            try:
                async with uow.transaction() as session:
                    await handler.apply(session, event, data)
            except Exception as error:  # the live consumer dead-letters it: the same state
                logger.error("event not applied", event_id=event.id, type=event.type, error=repr(error))
                counts["failed"] += 1
                return
            counts["applied"] += 1

        held = Held(outbox, uow, apply, counts)
        seen: set[tuple[str, str]] = set()
        for topic in replay_topics(by_type):
            records = await read_topic(settings, topic)
            counts["records"] += len(records)
            for record in records:
                try:
                    event = CloudEvent.from_kafka(record.value, record.headers or ())
                    CATALOG.by_type(event.type)
                except (MalformedEvent, UnknownEventType) as error:
                    logger.warning("record skipped", topic=topic, offset=record.offset, error=str(error))
                    counts["unreadable"] += 1
                    continue
                handler = by_type.get(event.type)
                if handler is None:
                    counts["ignored"] += 1
                    continue
                if (event.source, event.id) in seen:
                    counts["duplicates"] += 1
                    continue
                seen.add((event.source, event.id))
                try:
                    data = handler.data.model_validate(event.data)
                except ValidationError as error:
                    logger.warning("invalid event skipped", event_id=event.id, error=str(error))
                    counts["invalid"] += 1
                    continue
                if isinstance(data, MeetingHeld):
                    await held.add(handler, event, data)
                    continue
                await held.flush()
                await apply(handler, event, data)
            await held.flush()
    finally:
        await engine.dispose()
    return {key: counts[key] for key in COUNTS}


# Held meetings applied in one transaction, settling each track once: replaying them one by one judged
# every track again per meeting, over all the meetings before it.
BATCH = 500


class Held:
    """Held meetings waiting to be applied together (`intake.record_held_meetings`).

    A meeting kept before (a re-announcement, which may count less) starts a new batch, so every track
    is settled just before it, as the live consumer settled it. When a batch fails, each of its events
    is applied alone, so only the one the live consumer would have dead-lettered is counted failed."""

    def __init__(
        self,
        outbox: Outbox,
        uow: UnitOfWork,
        apply: Callable[[Handler[Any], CloudEvent, Any], Awaitable[None]],
        counts: Counter[str],
    ) -> None:
        self.outbox, self.uow, self.apply, self.counts = outbox, uow, apply, counts
        self.pending: list[tuple[Handler[Any], CloudEvent, MeetingHeld]] = []
        self.kept: set[str] = set()

    async def add(self, handler: Handler[Any], event: CloudEvent, data: MeetingHeld) -> None:
        meeting_id = data.meeting.meeting_id
        if meeting_id in self.kept or len(self.pending) >= BATCH:
            await self.flush()
        self.kept.add(meeting_id)
        self.pending.append((handler, event, data))

    async def flush(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            async with self.uow.transaction() as session:
                await intake.record_held_meetings(session, self.outbox, [data for _, _, data in pending])
        except Exception as error:
            logger.warning("held meetings applied one by one", count=len(pending), error=repr(error))
            for handler, event, data in pending:
                await self.apply(handler, event, data)
            return
        self.counts["applied"] += len(pending)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m roadmap.rebuild",
        description="Rebuild the roadmap's read model from offset 0 of the topics it consumes. "
        f"Clears {WIPES}.",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="really clear and rebuild; without it, only say what would be cleared",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """`python -m roadmap.rebuild --yes`: rebuilds the roadmap's read model of `NEACOOP_DATABASE_URL`."""
    arguments = parse_arguments(argv)
    if not arguments.yes:
        print(f"roadmap.rebuild would clear {WIPES}.\nNothing was changed: run it again with --yes.")
        return 2
    try:
        settings = RoadmapSettings()
    except ValidationError as error:
        print(f"roadmap.rebuild: {error}", file=sys.stderr)
        return 1
    print(f"roadmap.rebuild: clearing {WIPES}, then replaying the topics", flush=True)
    counts = asyncio.run(rebuild(settings))
    print("rebuilt the roadmap read model: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
    # Failed records are the ones the live consumer dead-letters: reported above, not an error of the rebuild.
    return 0


if __name__ == "__main__":
    sys.exit(main())
