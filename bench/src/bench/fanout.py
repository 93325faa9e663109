"""Fan-out: N webhook subscriptions to one issue area (created through the API, concurrently, as fast as it
takes them), then one meeting held on it, and the time until every subscription's webhook has arrived.
Each subscription has a path of its own on the receiver, so an arrival names its subscription."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.harness import BenchStack, Sizes, until
from bench.receiver import TimingReceiver
from bench.traffic import AREA_FANOUT, Api

CREATE_CONCURRENCY = 16


async def run(stack: BenchStack, api: Api, receiver: TimingReceiver, sizes: Sizes) -> dict[str, Any]:
    wanted = sizes.fanout_subscriptions
    await api.first_subscription(receiver.url("/fanout/0"), AREA_FANOUT)
    created = 1
    began = time.monotonic()
    stop_at = began + sizes.fanout_create_seconds
    numbers = iter(range(1, wanted))

    async def subscriber() -> None:
        nonlocal created
        for number in numbers:
            if time.monotonic() >= stop_at:
                return
            if await api.subscribe(receiver.url(f"/fanout/{number}"), AREA_FANOUT, give_up_at=stop_at + 30):
                created += 1

    await asyncio.gather(*(subscriber() for _ in range(CREATE_CONCURRENCY)))
    create_seconds = time.monotonic() - began
    meeting_id = await api.confirmed_meeting(AREA_FANOUT, 1, "fanout", time.monotonic() + 120)
    if meeting_id is None:
        raise RuntimeError("fan-out: the meeting could not be scheduled")
    held_at = time.monotonic()
    if not await api.hold(meeting_id, "fanout", held_at + 120):
        raise RuntimeError("fan-out: the meeting could not be held")

    def subscriptions_reached() -> set[str]:
        return {a.path for a in receiver.arrivals("/fanout/") if a.meeting_id == meeting_id}

    async def everyone() -> bool:
        return len(subscriptions_reached()) >= created

    await until(everyone, deadline=held_at + sizes.fanout_deliver_seconds, interval=0.25)
    arrivals = [a for a in receiver.arrivals("/fanout/") if a.meeting_id == meeting_id]
    reached = {a.path for a in arrivals}
    last = max((a.at for a in arrivals), default=held_at)
    ordered = sorted(a.at - held_at for a in arrivals)
    return {
        "subscriptions_wanted": wanted,
        "subscriptions_created": created,
        "create_seconds": round(create_seconds, 1),
        "subscriptions_per_second": round(created / create_seconds, 1) if create_seconds else None,
        "subscriptions_reached": len(reached),
        "webhooks_received": len(arrivals),
        "distinct_webhook_ids": len({a.webhook_id for a in arrivals}),
        "all_delivered": len(reached) >= created,
        "seconds_to_last": round(last - held_at, 2) if arrivals else None,
        "seconds_to_first": round(ordered[0], 2) if ordered else None,
        "deliveries_per_second": round(len(reached) / (last - held_at), 1)
        if arrivals and last > held_at
        else None,
        "deliver_deadline_seconds": sizes.fanout_deliver_seconds,
    }
