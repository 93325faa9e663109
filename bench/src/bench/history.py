"""The roadmap against the size of its history: CPU time of the roadmap process per held meeting it learns,
at increasing numbers of held meetings it knows; and the rate of `python -m roadmap.rebuild --yes` over the
whole history.

The history is given by producing `meeting.held` records to the meetings topic as the meetings service
writes them: a record the service wrote (the warm-up meeting's) with new ids. Held meetings are fed in
chunks no larger than a quarter of what the roadmap knows, so a deadline leaves little backlog behind; at
each size a probe of a few more records is timed on the roadmap's own CPU clock (/proc/<pid>/stat).
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from bench.harness import ADMIN_KEY, BenchStack, Sizes, cpu_seconds, until
from bench.traffic import HeldTemplate, known_to_roadmap, produce_held
from devstack.paths import find_project_root
from devstack.services import service_environment
from devstack.stack import database_password

PROBE_DEADLINE_SECONDS = 120.0


async def _known_at_least(stack: BenchStack, wanted: int, deadline: float) -> int:
    latest = 0

    async def reached() -> bool:
        nonlocal latest
        latest = await known_to_roadmap(stack)
        return latest >= wanted

    await until(reached, deadline=deadline, interval=0.25)
    return latest


async def per_event_cost(stack: BenchStack, template: HeldTemplate, sizes: Sizes) -> dict[str, Any]:
    roadmap_pid = stack.processes()["roadmap"]
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka_bootstrap, acks="all", linger_ms=5)
    await producer.start()
    points: list[dict[str, Any]] = []
    produced = 0
    began = time.monotonic()
    feed_until = began + sizes.roadmap_budget_seconds
    try:
        known = await known_to_roadmap(stack)
        known_before = known
        for target in sizes.roadmap_history:
            wanted = target
            while known < wanted and time.monotonic() < feed_until:
                chunk = min(wanted - known, max(50, known // 4))
                await produce_held(producer, template, produced, chunk)
                produced += chunk
                known = await _known_at_least(stack, known + chunk, feed_until)
            # The probe is timed alone: what was fed and not yet applied (a deadline cut the feed short)
            # is drained first, or its cost would be charged to the probe's few records.
            known = await _known_at_least(
                stack, known_before + produced, time.monotonic() + PROBE_DEADLINE_SECONDS
            )
            if known < known_before + produced:
                break
            cpu_before = cpu_seconds(roadmap_pid)
            probe_began = time.monotonic()
            size_before = await known_to_roadmap(stack)
            await produce_held(producer, template, produced, sizes.roadmap_probe)
            produced += sizes.roadmap_probe
            reached = await _known_at_least(
                stack, size_before + sizes.roadmap_probe, time.monotonic() + PROBE_DEADLINE_SECONDS
            )
            applied = reached - size_before
            cpu = cpu_seconds(roadmap_pid) - cpu_before
            wall = time.monotonic() - probe_began
            known = reached
            points.append(
                {
                    "target_known": target,
                    "known": size_before,
                    "reached_target": size_before >= target,
                    "probe_events": sizes.roadmap_probe,
                    "probe_applied": applied,
                    "cpu_ms_per_event": round(cpu * 1000 / applied, 2) if applied else None,
                    "wall_ms_per_event": round(wall * 1000 / applied, 2) if applied else None,
                }
            )
            if time.monotonic() >= feed_until or size_before < target:
                break
    finally:
        await producer.stop()
    # What was produced and not yet applied when the deadline came, drained (bounded) before the next
    # benchmark so that it does not compete for the CPU.
    final = await _known_at_least(stack, known_before + produced, time.monotonic() + sizes.drain_seconds)
    return {
        "probe_events": sizes.roadmap_probe,
        "budget_seconds": sizes.roadmap_budget_seconds,
        "produced": produced,
        "roadmap_known_before": known_before,
        "roadmap_known_after": final,
        "lost": max(0, known_before + produced - final),
        "seconds": round(time.monotonic() - began, 1),
        "points": points,
    }


REBUILT = re.compile(r"rebuilt the roadmap read model: (.*)")


async def rebuild_rate(stack: BenchStack, sizes: Sizes, log: Path) -> dict[str, Any]:
    """`python -m roadmap.rebuild --yes` with the roadmap's own settings, bounded by `rebuild_seconds`; the
    held meetings it has put back are counted as it goes, so a run cut off still gives its rate."""
    environment = service_environment(
        "roadmap",
        database_url=stack.stack.postgres().database_url("roadmap", database_password("roadmap")),
        kafka_bootstrap_servers=stack.kafka_bootstrap,
        http_port=stack.stack.service_ports["roadmap"],
        admin_key=ADMIN_KEY,
    )
    history = await known_to_roadmap(stack)
    began = time.monotonic()
    # Its log goes to a file: a pipe nobody reads until the end would stall it once full.
    with log.open("wb") as output_file:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "roadmap.rebuild",
            "--yes",
            cwd=find_project_root(),
            env={**os.environ, **environment},
            stdout=output_file,
            stderr=asyncio.subprocess.STDOUT,
        )
    samples: list[dict[str, float]] = []
    finished = False
    deadline = began + sizes.rebuild_seconds
    while time.monotonic() < deadline:
        try:
            await asyncio.wait_for(process.wait(), timeout=1.0)
            finished = True
            break
        except TimeoutError:
            samples.append(
                {"t": round(time.monotonic() - began, 1), "held_meetings": await known_to_roadmap(stack)}
            )
    if not finished:
        process.kill()
        await process.wait()
    seconds = time.monotonic() - began
    output = await asyncio.to_thread(log.read_text, errors="replace")
    counts: dict[str, int] = {}
    matched = REBUILT.search(output)
    if matched:
        for part in matched.group(1).split(", "):
            name, _, value = part.partition(" ")
            counts[name] = int(value)
    rebuilt = await known_to_roadmap(stack)
    events = counts.get("records", rebuilt)
    return {
        "history_held_meetings": history,
        "finished": finished,
        "exit_code": process.returncode,
        "seconds": round(seconds, 1),
        "bound_seconds": sizes.rebuild_seconds,
        "counts": counts,
        "held_meetings_rebuilt": rebuilt,
        "events_per_second": round(events / seconds, 1) if seconds else None,
        "held_meetings_per_second": round(rebuilt / seconds, 1) if seconds else None,
        "samples": samples,
        "output_tail": output[-1500:],
    }
