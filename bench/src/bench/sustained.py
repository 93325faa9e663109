"""Sustained throughput: prepared meetings held as fast as the meetings API takes them (a closed loop of
concurrent partners), the rate reached per second, and how far behind each consumer is, sampled throughout
and until every one has caught up after the load stops.

Behind is measured two ways. On Kafka: each consumer group's lag on the meetings topic (end offsets minus
committed offsets, from the admin API). End to end: the meetings service's outbox rows not yet published,
the held meetings the roadmap has not yet recorded (its held_meetings table) and those whose webhook has
not yet arrived. A group can show no Kafka lag while its events still wait in the producer's outbox, so the
target is judged on the end-to-end figure."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg

from bench.harness import BenchStack, Sizes, until
from bench.receiver import TimingReceiver
from bench.stats import rate_per_second
from bench.traffic import AREA_SUSTAINED, MEETINGS_TOPIC, Api, Lag, held_in_meetings, known_to_roadmap

SAMPLE_INTERVAL_SECONDS = 0.5
UNPUBLISHED = (
    "SELECT count(*) FROM outbox "
    "WHERE published_at IS NULL AND quarantined_at IS NULL AND discarded_at IS NULL"
)


async def run(stack: BenchStack, api: Api, receiver: TimingReceiver, sizes: Sizes) -> dict[str, Any]:
    await api.first_subscription(receiver.url("/sustained"), AREA_SUSTAINED)
    prepared_at = time.monotonic()
    ready = await api.confirmed_meetings(
        AREA_SUSTAINED, sizes.sustained_meetings, "sustained", concurrency=16, give_up_at=prepared_at + 600
    )
    preparation_seconds = time.monotonic() - prepared_at
    held: list[str] = []
    done: list[float] = []
    samples: list[dict[str, Any]] = []
    meetings_db = await asyncpg.connect(stack.database_dsn("meetings"))
    roadmap_db = await asyncpg.connect(stack.database_dsn("roadmap"))
    try:
        async with Lag(stack.kafka_bootstrap, MEETINGS_TOPIC) as lag:
            began = time.monotonic()

            async def sample() -> None:
                while True:
                    acknowledged = list(held)
                    roadmap = await roadmap_db.fetchval(
                        "SELECT count(*) FROM held_meetings WHERE meeting_id = ANY($1::text[])", acknowledged
                    )
                    webhooks = {a.meeting_id for a in receiver.arrivals("/sustained")}
                    samples.append(
                        {
                            "t": round(time.monotonic() - began, 2),
                            "lag": await lag.by_group(),
                            "acknowledged": len(acknowledged),
                            "outbox_unpublished": int(await meetings_db.fetchval(UNPUBLISHED)),
                            "behind": {
                                "roadmap": len(acknowledged) - int(roadmap),
                                "webhooks": len(set(acknowledged) - webhooks),
                            },
                        }
                    )
                    await asyncio.sleep(SAMPLE_INTERVAL_SECONDS)

            sampler = asyncio.create_task(sample())
            queue: asyncio.Queue[str] = asyncio.Queue()
            for meeting_id in ready:
                queue.put_nowait(meeting_id)

            async def partner() -> None:
                while not queue.empty():
                    meeting_id = queue.get_nowait()
                    if await api.hold(meeting_id, "sustained", time.monotonic() + 120):
                        done.append(time.monotonic() - began)
                        held.append(meeting_id)

            await asyncio.gather(*(partner() for _ in range(sizes.sustained_concurrency)))
            stopped = time.monotonic() - began

            async def caught_up() -> bool:
                if not samples or samples[-1]["t"] <= stopped:
                    return False
                last = samples[-1]
                return (
                    last["acknowledged"] == len(held)
                    and not any(last["lag"].values())
                    and not last["outbox_unpublished"]
                    and not any(last["behind"].values())
                )

            settled = await until(caught_up, deadline=time.monotonic() + sizes.drain_seconds, interval=0.25)
            sampler.cancel()
            await asyncio.gather(sampler, return_exceptions=True)
            groups = lag.groups
    finally:
        await meetings_db.close()
        await roadmap_db.close()
    after = [s for s in samples if s["t"] >= stopped]
    kafka_lag = {group: _zero_from(after, ("lag", group), stopped) for group in groups}
    end_to_end = {
        "outbox": _zero_from(after, ("outbox_unpublished",), stopped),
        "roadmap": _zero_from(after, ("behind", "roadmap"), stopped),
        "webhooks": _zero_from(after, ("behind", "webhooks"), stopped),
    }
    per_second = rate_per_second(done)
    # The first and last second are partial: the peak is over whole seconds inside the load.
    whole = [count for start, count in per_second if 0 < start < stopped - 1]
    arrivals = receiver.arrivals("/sustained")
    received = {a.meeting_id for a in arrivals}
    return {
        "meetings": sizes.sustained_meetings,
        "concurrency": sizes.sustained_concurrency,
        "prepared": len(ready),
        "preparation_seconds": round(preparation_seconds, 1),
        "held_acknowledged": len(held),
        "load_seconds": round(stopped, 2),
        "mean_held_per_second": round(len(held) / stopped, 1) if stopped else None,
        "peak_held_per_second": max(whole) if whole else max((c for _, c in per_second), default=0),
        "held_per_second": per_second,
        "samples": samples,
        "groups": groups,
        "settled": bool(settled),
        "drain_bound_seconds": sizes.drain_seconds,
        "kafka_lag_zero_after_stop_seconds": kafka_lag,
        "caught_up_after_stop_seconds": end_to_end,
        "meetings_rows_held": await held_in_meetings(stack, held),
        "roadmap_known": await known_to_roadmap(stack, held),
        "webhooks_received": len(arrivals),
        "distinct_webhook_ids": len({a.webhook_id for a in arrivals}),
        "meetings_received": len(received & set(held)),
    }


def _behind(sample: dict[str, Any], path: tuple[str, ...]) -> int:
    found: Any = sample
    for key in path:
        found = found.get(key, 0) if isinstance(found, dict) else 0
    return int(found)


def _zero_from(after: list[dict[str, Any]], path: tuple[str, ...], stopped: float) -> float | None:
    """Seconds from the load's stop to the first sample from which the figure at `path` stays at zero; None
    if it never did within the run."""
    for index, sample in enumerate(after):
        if all(_behind(later, path) == 0 for later in after[index:]):
            return round(float(sample["t"]) - stopped, 2)
    return None
