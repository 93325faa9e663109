"""`python -m bench` (`make bench`; `make bench BENCH=quick` for a short run): starts a stack of its own,
runs every benchmark against it in a bounded time, stops it, and writes bench/results/<date>.json, the
plots and the markdown summary. A benchmark that fails is recorded as such and the others still run."""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx

from bench import fanout, history, http_paths, latency, report, sustained, tracing
from bench.harness import (
    BenchStack,
    MemorySampler,
    Sizes,
    bench_stack,
    children_of,
    cpu_seconds,
    environment,
    results_dir,
    sizes_from_environment,
    until,
)
from bench.receiver import TimingReceiver
from bench.traffic import MEETINGS_TOPIC, Api, Lag, held_in_meetings, held_template, known_to_roadmap
from devstack.paths import find_project_root

T = TypeVar("T")


def say(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    memory = f"{memory_kb / 1024 / 1024:.0f} GB"
    return f"{os.cpu_count()} cores ({model}), {memory}, Python {platform.python_version()}"


def cpu_by_process(stack: BenchStack) -> dict[str, float]:
    found: dict[str, float] = {}
    for name, pid in stack.processes().items():
        try:
            pids = [pid, *children_of(pid)] if name == "postgres" else [pid]
            found[name] = sum(cpu_seconds(one) for one in pids if Path(f"/proc/{one}").exists())
        except OSError:
            continue
    return found


async def measured(
    name: str, stack: BenchStack, results: dict[str, Any], work: Callable[[], Awaitable[T]]
) -> T | None:
    """Runs one benchmark, noting its duration and the CPU seconds each process spent on it; a failure is
    recorded (with its traceback) rather than ending the run."""
    say(f"{name}: starting")
    pids_before = stack.processes()
    cpu_before = cpu_by_process(stack)
    began = time.monotonic()
    try:
        found = await work()
    except Exception as error:
        say(f"{name}: failed: {error!r}")
        results.setdefault("failures", {})[name] = traceback.format_exc()
        found = None
    seconds = time.monotonic() - began
    cpu_after = cpu_by_process(stack)
    # A process restarted by the benchmark (tracing's rounds) is counted from its last start only.
    restarted = sorted(n for n, pid in stack.processes().items() if pids_before.get(n) not in (None, pid))
    results.setdefault("cpu_seconds", {})[name] = {
        "wall_seconds": round(seconds, 1),
        **{
            process: round(
                cpu_after[process] - (0.0 if process in restarted else cpu_before.get(process, 0.0)), 2
            )
            for process in cpu_after
        },
    }
    if restarted:
        results.setdefault("restarted_by", {})[name] = restarted
        if "postgres" in cpu_after:
            # The restarted services' connections closed, and their backends' CPU left the server's tree:
            # the difference would be short by it, even below zero.
            results["cpu_seconds"][name]["postgres"] = None
    say(f"{name}: done in {seconds:.0f} s")
    return found


async def run(sizes: Sizes) -> dict[str, Any]:
    run_dir = find_project_root() / ".run" / "bench"
    work_dir = run_dir / "work"
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results: dict[str, Any] = {
        "run": {
            "date": datetime.now(UTC).date().isoformat(),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "mode": sizes.mode,
            "machine": machine(),
            "sizes": sizes.__dict__,
        }
    }
    say(f"{sizes.mode} run: starting a stack of its own in {run_dir / 'stack'}")
    with bench_stack(run_dir / "stack", environment()) as stack, TimingReceiver() as receiver:
        extra: dict[str, int] = {"bench": os.getpid()}
        sampler = MemorySampler(lambda: stack.processes() | extra).start()
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(timeout=60, limits=limits) as client:
            api = Api(stack, client)
            warm_up = await api.warm_up()
            say("stack ready; a meeting was held through it")

            baseline = http_paths.Baseline(stack, work_dir)

            async def http() -> dict[str, Any]:
                await baseline.start()
                extra["bare baseline"] = baseline.pid
                try:
                    return await http_paths.run(stack, sizes, work_dir, baseline)
                finally:
                    baseline.stop()
                    extra.pop("bare baseline", None)

            results["http"] = await measured("write and read paths", stack, results, http)
            template = await held_template(stack.kafka_bootstrap, warm_up)
            results["roadmap"] = {
                "cost": await measured(
                    "roadmap cost against history",
                    stack,
                    results,
                    lambda: history.per_event_cost(stack, template, sizes),
                )
            }

            async def end_to_end() -> dict[str, Any]:
                found = await latency.run(stack, api, receiver, sizes)
                held = found["held_to_webhook"].pop("held_ids")

                async def roadmap_knows_them() -> bool:
                    return await known_to_roadmap(stack, held) >= len(held)

                # The roadmap may still be applying them when the last webhook arrives: bounded wait.
                await until(roadmap_knows_them, deadline=time.monotonic() + sizes.drain_seconds)
                found["held_to_webhook"] |= {
                    "meetings_rows_held": await held_in_meetings(stack, held),
                    "roadmap_known": await known_to_roadmap(stack, held),
                }
                return found

            # The history fed to the roadmap above went through notifications too (it consumes the same
            # topic); measured before both have drained, the latency would be the queue left by that phase.
            results["settled_before_latency"] = await history_drained(stack, sizes)
            results["latency"] = await measured("held -> webhook latency", stack, results, end_to_end)
            # Not last: the services it restarts go on to carry the benchmarks after it, so that "RSS after
            # the runs" is still that of services that have worked.
            results["tracing"] = await measured(
                "tracing: disabled, off, on, disabled, off, disabled",
                stack,
                results,
                lambda: tracing.run(stack, api, receiver, sizes, work_dir),
            )
            results["sustained"] = await measured(
                "sustained throughput", stack, results, lambda: sustained.run(stack, api, receiver, sizes)
            )
            results["fanout"] = await measured(
                "fan-out", stack, results, lambda: fanout.run(stack, api, receiver, sizes)
            )
            results["roadmap"]["rebuild"] = await measured(
                "roadmap rebuild",
                stack,
                results,
                lambda: history.rebuild_rate(stack, sizes, work_dir / "rebuild.log"),
            )
            results["api_answers"] = {"server_errors": api.server_errors, "refused": api.refused}
        sampler.stop()
        final = sampler.sample()
        results["memory"] = {
            "final_rss_bytes": final,
            "peak_rss_bytes": sampler.peaks() | {k: v for k, v in final.items() if k not in sampler.peaks()},
        }
        say("stopping the stack")
    results["run"]["seconds"] = round(time.monotonic() - started, 1)
    results["explanations"] = explanations(results)
    return results


def explanations(results: dict[str, Any]) -> list[str]:
    """Why each missed target is missed, in figures this run measured (CPU per request or event, shares of
    a core): where the time goes, not a guess."""
    lines: list[str] = []
    cpu = results.get("cpu_seconds") or {}
    http = results.get("http") or {}
    for name, label in (("write", "POST /v1/meetings"), ("read", "GET /v1/meetings/{id}")):
        if name in http:
            bare, service = http[name]["bare"], http[name]["meetings"]
            share = service["server_cpu_share_of_one_core"]
            lines.append(
                f"{label}: the meetings process spent {service['server_cpu_ms_per_request']} ms of CPU per "
                f"answer against the bare app's {bare['server_cpu_ms_per_request']} ms, and ran at "
                f"{share:.0%} of one core: the service is CPU-bound in its own process (a single uvicorn "
                "worker), so its "
                "rate is about 1 / CPU per answer."
            )
    held = (results.get("latency") or {}).get("held_to_webhook") or {}
    if held:
        answer, total = held["held_answer_ms"]["p50"], held["latency_ms"]["p50"]
        lines.append(
            f"held -> webhook: the POST .../held answer took {answer:.0f} ms at p50, of {total:.0f} ms "
            "end to end; the rest is the way through the outbox relay, Kafka, notifications' consumer and "
            "its dispatcher, queueing on two cores shared with the other services and the load."
            if answer is not None and total is not None
            else "held -> webhook: no latency was measured."
        )
    load = results.get("sustained") or {}
    spent = cpu.get("sustained throughput") or {}
    if load and spent:
        seconds = spent["wall_seconds"]
        names = ("meetings", "roadmap", "notifications", "postgres", "kafka")
        shares = ", ".join(f"{name} {spent.get(name, 0) / seconds:.0%}" for name in names)
        caught_up = load.get("caught_up_after_stop_seconds") or {}
        kafka = load.get("kafka_lag_zero_after_stop_seconds") or {}
        last = (load.get("samples") or [{}])[-1]
        waiting = last.get("behind", {}).get("webhooks")
        roadmap_lag = last.get("lag", {}).get("roadmap")
        if not waiting and not roadmap_lag:
            lines.append(
                "sustained: every consumer caught up within "
                f"{max((v for v in caught_up.values() if v is not None), default=None)} s of the load "
                "stopping (the meetings outbox, the roadmap, the webhooks): the rate is that of the holding "
                "itself, bound by the shares of the cores below."
            )
        else:
            lines.append(
                f"sustained: after the load stopped the meetings outbox was published within "
                f"{caught_up.get('outbox')} s and notifications' Kafka lag was back to zero within "
                f"{kafka.get('notifications')} s, while {waiting} webhooks were still waiting to be "
                "delivered at the bound: the webhook deliveries, not the transport, are the queue. The "
                f"roadmap's Kafka lag was {roadmap_lag} records at the bound: it applies every meetings "
                "event at the per-event cost below."
            )
        lines.append(
            f"sustained: {load['mean_held_per_second']} held/s on average; over the benchmark's "
            f"{seconds:.0f} s (preparing the meetings included) the processes used, as shares of one "
            f"core: {shares} (two cores in all, shared with the load generator)."
        )
    fan = results.get("fanout") or {}
    spent = cpu.get("fan-out") or {}
    if fan and spent and fan.get("subscriptions_reached"):
        per_delivery = spent.get("notifications", 0) * 1000 / fan["subscriptions_reached"]
        lines.append(
            f"fan-out: notifications spent {per_delivery:.1f} ms of CPU per delivery made (creating the "
            f"subscriptions included); subscriptions were created at {fan['subscriptions_per_second']}/s "
            "through the API, which bounds how many exist within the run."
        )
    cost = (results.get("roadmap") or {}).get("cost") or {}
    points = [point for point in cost.get("points", []) if point.get("cpu_ms_per_event")]
    if len(points) >= 2:
        first, last = points[0], points[-1]
        growth = last["cpu_ms_per_event"] / first["cpu_ms_per_event"]
        history_growth = last["known"] / max(1, first["known"])
        lines.append(
            f"roadmap: one held meeting cost {first['cpu_ms_per_event']} ms of CPU at {first['known']:,} "
            f"known and {last['cpu_ms_per_event']} ms at {last['known']:,} ({growth:.1f}x for "
            f"{history_growth:.0f}x the history): a held meeting is judged on from where its tracks' stages "
            "began, over their facts within the criteria's windows (a late one, held before its track "
            "reached a stage no criterion leads on from, over the track's meetings up to there), each fact "
            "decoded once, so the cost follows the meetings inside those windows, not the history; the "
            "largest size shown is what the run's budget reached."
        )
    rebuild = (results.get("roadmap") or {}).get("rebuild") or {}
    if rebuild and rebuild.get("events_per_second") is not None:
        lines.append(
            f"rebuild: {rebuild['events_per_second']} events/s; the rebuild applies held meetings in batches "
            "of up to 500, keeping each batch in two statements and settling each track it touches once; "
            "the rest is reading the topics and validating each event."
        )
    traced = (results.get("tracing") or {}).get("rounds") or []
    cpu_per_post = {
        r["setting"]: r["write"].get("server_cpu_ms_per_request") for r in traced if r.get("write")
    }
    if cpu_per_post.get("off") and cpu_per_post.get("disabled"):
        lines.append(
            f"tracing: the meetings process spent {cpu_per_post['off']} ms of CPU per POST with tracing off "
            f"(spans made and dropped) and {cpu_per_post.get('on')} ms with it on, against "
            f"{cpu_per_post['disabled']} ms disabled (the last disabled round): the write path is CPU-bound, "
            "so its rate follows that CPU."
        )
    rss = (results.get("memory") or {}).get("final_rss_bytes") or {}
    over = {name: size for name, size in rss.items() if name in report.SERVICES and size > 150 * report.MB}
    if over:
        lines.append(
            "memory: "
            + ", ".join(f"{n} {s / report.MB:.0f} MB" for n, s in over.items())
            + " after the runs."
        )
    return lines


async def history_drained(stack: BenchStack, sizes: Sizes) -> dict[str, Any]:
    """Waits, within the drain bound, until no consumer group (notifications, the roadmap) has lag on the
    meetings topic: a roadmap still applying the history would take the CPU the latency is measured on."""
    started = time.monotonic()
    async with Lag(stack.kafka_bootstrap, MEETINGS_TOPIC) as lag:

        async def drained() -> bool:
            return all(behind == 0 for behind in (await lag.by_group()).values())

        done = await until(drained, deadline=started + sizes.drain_seconds)
    return {"drained": bool(done), "seconds": round(time.monotonic() - started, 2)}


def main() -> int:
    sizes = sizes_from_environment()
    results = asyncio.run(run(sizes))
    stem = results["run"]["date"] + ("" if sizes.mode == "full" else f"-{sizes.mode}")
    document, markdown, images = report.write(results, results_dir(), stem)
    say(f"wrote {document}, {markdown} and {len(images)} plots")
    print(markdown.read_text())
    return 1 if results.get("failures") else 0


if __name__ == "__main__":
    sys.exit(main())
