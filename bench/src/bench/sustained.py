"""Sustained throughput: prepared meetings held as fast as the meetings API takes them (a closed loop of
concurrent partners), the rate reached per second, and each consumer group's lag on the meetings topic
sampled throughout and until it is back to nothing after the load stops."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.harness import BenchStack, Sizes, until
from bench.receiver import TimingReceiver
from bench.stats import rate_per_second
from bench.traffic import AREA_SUSTAINED, MEETINGS_TOPIC, Api, Lag, held_in_meetings, known_to_roadmap

LAG_INTERVAL_SECONDS = 0.5


async def run(stack: BenchStack, api: Api, receiver: TimingReceiver, sizes: Sizes) -> dict[str, Any]:
    await api.first_subscription(receiver.url("/sustained"), AREA_SUSTAINED)
    prepared_at = time.monotonic()
    ready = await api.confirmed_meetings(
        AREA_SUSTAINED, sizes.sustained_meetings, "sustained", concurrency=16, give_up_at=prepared_at + 600
    )
    preparation_seconds = time.monotonic() - prepared_at
    async with Lag(stack.kafka_bootstrap, MEETINGS_TOPIC) as lag:
        samples: list[dict[str, Any]] = []
        began = time.monotonic()

        async def sample_lag() -> None:
            while True:
                lags = await lag.by_group()
                samples.append({"t": round(time.monotonic() - began, 2), "lag": lags})
                await asyncio.sleep(LAG_INTERVAL_SECONDS)

        sampler = asyncio.create_task(sample_lag())
        queue: asyncio.Queue[str] = asyncio.Queue()
        for meeting_id in ready:
            queue.put_nowait(meeting_id)
        done: list[float] = []
        held: list[str] = []

        async def partner() -> None:
            while not queue.empty():
                meeting_id = queue.get_nowait()
                if await api.hold(meeting_id, "sustained", time.monotonic() + 120):
                    done.append(time.monotonic() - began)
                    held.append(meeting_id)

        await asyncio.gather(*(partner() for _ in range(sizes.sustained_concurrency)))
        stopped = time.monotonic() - began

        async def caught_up() -> bool:
            return bool(samples) and samples[-1]["t"] > stopped and not any(samples[-1]["lag"].values())

        settled = await until(caught_up, deadline=time.monotonic() + sizes.drain_seconds, interval=0.25)
        sampler.cancel()
        await asyncio.gather(sampler, return_exceptions=True)
        groups = lag.groups
    drained_after = {
        group: next(
            (
                s["t"] - stopped
                for s in samples
                if s["t"] >= stopped
                and all(later["lag"].get(group, 0) == 0 for later in samples if later["t"] >= s["t"])
            ),
            None,
        )
        for group in groups
    }
    per_second = rate_per_second(done)
    # The first and last second are partial: the peak is over whole seconds inside the load.
    whole = [count for start, count in per_second if 0 < start < stopped - 1]
    received = {a.meeting_id for a in receiver.arrivals("/sustained")}
    arrivals = receiver.arrivals("/sustained")

    async def every_webhook() -> bool:
        return len({a.meeting_id for a in receiver.arrivals("/sustained")}) >= len(held)

    await until(every_webhook, deadline=time.monotonic() + sizes.drain_seconds, interval=0.5)
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
        "peak_held_per_second": max(whole) if whole else (max(c for _, c in per_second) if per_second else 0),
        "held_per_second": per_second,
        "lag_samples": samples,
        "groups": groups,
        "settled": bool(settled),
        "lag_zero_after_stop_seconds": {
            g: (round(v, 2) if v is not None else None) for g, v in drained_after.items()
        },
        "meetings_rows_held": await held_in_meetings(stack, held),
        "roadmap_known": await known_to_roadmap(stack, held),
        "webhooks_received": len(arrivals),
        "distinct_webhook_ids": len({a.webhook_id for a in arrivals}),
        "meetings_received": len(received & set(held)),
    }
