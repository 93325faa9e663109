"""End-to-end latency: meetings held at a fixed rate (open loop), each received by a local webhook receiver
through meetings -> Kafka -> notifications -> HTTP; against raw aiokafka doing two hops (produce -> consume
-> produce -> consume, acks=all) at the same rate, the floor of any two-service path on this broker."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.harness import BenchStack, Sizes, until
from bench.receiver import TimingReceiver
from bench.stats import percentiles
from bench.traffic import AREA_LATENCY, Api

PARTITIONS = 6
WARM = b"warm"


async def two_hop(bootstrap: str, count: int, rate: float, deadline_seconds: float) -> dict[str, Any]:
    """Raw aiokafka: a relay consumes the first topic and produces to the second; the sink's arrival time
    minus the send time is the figure. Partitions are assigned, not joined as a group, so no rebalance sits
    in the way; offsets are not committed (the floor of the transport, not of a consumer's bookkeeping).
    The topics are the run's own, so every record on them is this run's."""
    run = uuid.uuid4().hex[:8]
    first, second = f"bench.hop.first.{run}", f"bench.hop.second.{run}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name, num_partitions=PARTITIONS, replication_factor=1) for name in (first, second)]
        )
    finally:
        await admin.close()
    sent: dict[int, float] = {}
    received: dict[int, float] = {}
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    relay_out = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    relay_in = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    sink = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    for client in (producer, relay_out, relay_in, sink):
        await client.start()
    try:
        # A record to every partition of both topics first: a new topic's partitions have no leader for a
        # moment, and the measured records must not wait for that.
        for topic in (first, second):
            for partition in range(PARTITIONS):
                await producer.send_and_wait(topic, value=WARM, partition=partition)
        relay_in.assign([TopicPartition(first, partition) for partition in range(PARTITIONS)])
        sink.assign([TopicPartition(second, partition) for partition in range(PARTITIONS)])

        async def relay() -> None:
            while True:
                batches = await relay_in.getmany(timeout_ms=100)
                for records in batches.values():
                    for record in records:
                        if record.value != WARM:
                            await relay_out.send_and_wait(second, value=record.value, key=record.key)

        async def drain() -> None:
            while len(received) < count:
                batches = await sink.getmany(timeout_ms=100)
                for records in batches.values():
                    for record in records:
                        if record.value != WARM:
                            received.setdefault(int(record.value), time.monotonic())

        tasks = [asyncio.create_task(relay()), asyncio.create_task(drain())]
        sends: list[asyncio.Future[Any]] = []
        began = time.monotonic()
        for number in range(count):
            await asyncio.sleep(max(0.0, began + number / rate - time.monotonic()))
            sent[number] = time.monotonic()
            # Not awaited one by one: the rate is open loop, as the meetings are.
            sends.append(
                asyncio.ensure_future(
                    producer.send(first, value=str(number).encode(), key=str(number).encode())
                )
            )
        await until(
            lambda: _true(len(received) >= count), deadline=time.monotonic() + deadline_seconds, interval=0.1
        )
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for client in (producer, relay_out, relay_in, sink):
            await client.stop()
    latencies = [(received[n] - sent[n]) * 1000 for n in sent if n in received]
    return {
        "sent": len(sent),
        "received": len(received),
        "rate_per_second": rate,
        "latency_ms": percentiles(latencies),
    }


async def _true(value: bool) -> bool:
    return value


async def held_to_webhook(
    stack: BenchStack, api: Api, receiver: TimingReceiver, sizes: Sizes
) -> dict[str, Any]:
    count = sizes.latency_meetings
    await api.first_subscription(receiver.url("/latency"), AREA_LATENCY)
    prepared_at = time.monotonic()
    ready = await api.confirmed_meetings(
        AREA_LATENCY, count, "latency", concurrency=8, give_up_at=prepared_at + 600
    )
    preparation_seconds = time.monotonic() - prepared_at
    timed = await timed_holds(api, receiver, sizes, ready=ready, path="/latency", label="latency")
    return {
        "meetings": count,
        "prepared": len(ready),
        "preparation_seconds": round(preparation_seconds, 1),
    } | timed


async def timed_holds(
    api: Api, receiver: TimingReceiver, sizes: Sizes, *, ready: list[str], path: str, label: str
) -> dict[str, Any]:
    """The confirmed meetings `ready` held at the run's rate (open loop), each timed until the first webhook
    for it reaches the receiver's `path` (a subscription of their issue area the caller made)."""
    rate = sizes.latency_rate
    sent: dict[str, float] = {}
    acknowledged: dict[str, float] = {}

    async def hold(meeting_id: str) -> None:
        started = time.monotonic()
        sent[meeting_id] = started
        if await api.hold(meeting_id, label, started + 120):
            acknowledged[meeting_id] = time.monotonic() - started

    began = time.monotonic()
    holds = []
    for number, meeting_id in enumerate(ready):
        await asyncio.sleep(max(0.0, began + number / rate - time.monotonic()))
        holds.append(asyncio.create_task(hold(meeting_id)))
    await asyncio.gather(*holds)
    load_seconds = time.monotonic() - began

    def first_arrivals() -> dict[str, float]:
        found: dict[str, float] = {}
        for arrival in receiver.arrivals(path):
            if arrival.meeting_id in sent and arrival.meeting_id not in found:
                found[arrival.meeting_id] = arrival.at
        return found

    async def all_received() -> bool:
        return len(first_arrivals()) >= len(acknowledged)

    await until(all_received, deadline=time.monotonic() + sizes.drain_seconds, interval=0.2)
    arrived = first_arrivals()
    # This call's meetings only: a path may serve several calls (the tracing benchmark's rounds).
    arrivals = [arrival for arrival in receiver.arrivals(path) if arrival.meeting_id in sent]
    latencies = [(arrived[m] - sent[m]) * 1000 for m in arrived]
    return {
        "rate_per_second": rate,
        "load_seconds": round(load_seconds, 1),
        "held_acknowledged": len(acknowledged),
        "held_answer_ms": percentiles([seconds * 1000 for seconds in acknowledged.values()]),
        "webhooks_received": len(arrivals),
        "distinct_webhook_ids": len({a.webhook_id for a in arrivals}),
        "meetings_received": len(arrived),
        "latency_ms": percentiles(latencies),
        "held_ids": sorted(acknowledged),
    }


async def run(stack: BenchStack, api: Api, receiver: TimingReceiver, sizes: Sizes) -> dict[str, Any]:
    raw = await two_hop(
        stack.kafka_bootstrap, sizes.latency_meetings, sizes.latency_rate, sizes.drain_seconds
    )
    service = await held_to_webhook(stack, api, receiver, sizes)
    return {"raw_two_hop": raw, "held_to_webhook": service}
