"""What tracing costs, measured on the stack rather than on one span: the write path (POST /v1/meetings under
wrk, as bench.http_paths drives it) and the held -> webhook path (as bench.latency times it), with every
service under each of three settings in turn:

- `disabled`: `OTEL_SDK_DISABLED=true`, OpenTelemetry's own switch: no SDK and nothing instrumented
  (common.tracing), the baseline of no tracing at all;
- `off`: the default, no exporter: spans are made for the ids on log lines, problems and events, then dropped
  by the sampler;
- `on`: spans exported over OTLP/HTTP to a receiver in the benchmark's process (common.testing.otlp).

The rounds go disabled, off, on, disabled, off, disabled: the three disabled rounds' spread (the largest
minus the smallest, over their mean) is the run's own noise, which the mean of the two off rounds is judged
against (or 5 %, whichever is larger); with one round of each, a 5 to 10 % difference came and went from run
to run. What is judged is what tracing costs: the write path's rate and latency (CPU-bound, within a few
percent from round to round) and the CPU the services spend per POST and per held meeting. The held ->
webhook latency is reported but not judged: it is queueing in one ten-second window, which differed by 50 to
160 % between identical rounds on the 2-core machine, so it cannot tell a cost smaller than that; its CPU is
judged instead. Before each round the four services are stopped and started again with the round's
environment (devstack's `configured_service` and `ServiceProcess`); Kafka, PostgreSQL and the data stay. A
round first holds one meeting through to its webhook (the restarted consumers have then joined their groups),
prepares its meetings (scheduled and confirmed), waits until every consumer of the meetings topic has caught
up, runs wrk, waits again, then holds the meetings and times their webhooks. At the end the services are
restarted once more as `devstack up` started them, and the benchmark waits (within the drain bound) until
nothing is behind, for the benchmarks that follow.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import asyncpg

from bench.harness import ADMIN_KEY, BenchStack, Sizes, cpu_seconds, until
from bench.http_paths import post_script, run_wrk
from bench.latency import timed_holds
from bench.receiver import TimingReceiver
from bench.traffic import AREA_TRACING, MEETINGS_TOPIC, Api, Lag
from common.testing.otlp import TraceReceiver
from devstack.cli import configured_service
from devstack.services import SERVICES

DISABLED, OFF, ON = "disabled", "off", "on"
ROUNDS = (DISABLED, OFF, ON, DISABLED, OFF, DISABLED)
WEBHOOK_PATH = "/tracing"
# The least difference called measurable, however quiet the run: the "nothing measurable" is read
# as within the run's own noise, or within this.
NOISE_FLOOR = 0.05
# Each figure compared: its label, whether more of it is better (a rate) or worse (a latency, a cost), and
# whether the verdict counts it (see the module's docstring).
FIGURES: dict[str, tuple[str, bool, bool]] = {
    "write_requests_per_second": ("POST /v1/meetings req/s", True, True),
    "write_p50_ms": ("POST /v1/meetings p50", False, True),
    "write_p99_ms": ("POST /v1/meetings p99", False, True),
    "write_cpu_ms": ("meetings CPU ms per POST", False, True),
    "held_cpu_ms": ("services' CPU ms per held meeting", False, True),
    "held_p50_ms": ("held -> webhook p50", False, False),
    "held_p99_ms": ("held -> webhook p99", False, False),
}
# The services whose CPU a held meeting costs: the meetings service answers it, the roadmap and
# notifications consume it, notifications sends the webhook.
HELD_PATH = ("meetings", "roadmap", "notifications")
UNPUBLISHED = (
    "SELECT count(*) FROM outbox "
    "WHERE published_at IS NULL AND quarantined_at IS NULL AND discarded_at IS NULL"
)


def environment_of(setting: str, endpoint: str) -> dict[str, str]:
    """What every service gets on top of the launcher's environment in `setting`. Each variable that turns
    tracing or its export on or off is given a value, so that the shell running the benchmark cannot."""
    quiet = {
        "NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT": "",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "",
    }
    if setting == DISABLED:
        return quiet | {"OTEL_SDK_DISABLED": "true"}
    if setting == OFF:
        return quiet | {"OTEL_SDK_DISABLED": "false"}
    if setting == ON:
        return quiet | {"OTEL_SDK_DISABLED": "false", "NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT": endpoint}
    raise ValueError(f"unknown tracing setting {setting!r}")


def restart_services(
    stack: BenchStack, overrides: Mapping[str, str] | None, *, stopped: Callable[[], None] = lambda: None
) -> float:
    """Every service stopped, `stopped` called, then every service started with `overrides` (None: as
    `devstack up` starts it); the seconds it took."""
    began = time.monotonic()
    services = [configured_service(stack.stack, name, ADMIN_KEY, overrides) for name in SERVICES]
    for service in services:
        service.stop()
    stopped()
    for service in services:
        service.start(wait=False)
    for service in services:
        service.wait_ready()
    return round(time.monotonic() - began, 1)


async def caught_up(stack: BenchStack, sizes: Sizes) -> dict[str, Any]:
    """Waits, within the drain bound, until the meetings outbox is published and no consumer group of the
    meetings topic lags: a round is never measured behind the previous phase's queue."""
    started = time.monotonic()
    connection = await asyncpg.connect(stack.database_dsn("meetings"))
    try:
        async with Lag(stack.kafka_bootstrap, MEETINGS_TOPIC) as lag:

            async def nothing_behind() -> bool:
                if await connection.fetchval(UNPUBLISHED):
                    return False
                return not any((await lag.by_group()).values())

            done = await until(nothing_behind, deadline=started + sizes.drain_seconds, interval=0.25)
    finally:
        await connection.close()
    return {"caught_up": bool(done), "seconds": round(time.monotonic() - started, 2)}


async def one_round(
    stack: BenchStack,
    api: Api,
    receiver: TimingReceiver,
    sizes: Sizes,
    work_dir: Path,
    *,
    setting: str,
    number: int,
) -> dict[str, Any]:
    label = f"tracing-{number}-{setting}"

    async def confirmed(count: int, name: str) -> list[str]:
        give_up_at = time.monotonic() + 600
        return await api.confirmed_meetings(
            AREA_TRACING, count, f"{label}-{name}", concurrency=8, give_up_at=give_up_at
        )

    async def holds(ready: list[str], name: str) -> dict[str, Any]:
        return await timed_holds(
            api, receiver, sizes, ready=ready, path=WEBHOOK_PATH, label=f"{label}-{name}"
        )

    warm_up = await holds(await confirmed(1, "warm-up"), "warm-up")
    ready = await confirmed(sizes.tracing_meetings, "held")
    before_write = await caught_up(stack, sizes)
    pid = stack.processes()["meetings"]
    write = await asyncio.to_thread(
        run_wrk, stack.url("meetings"), post_script(label), sizes, work_dir, label, pid
    )
    before_holds = await caught_up(stack, sizes)
    pids = {name: pid for name, pid in stack.processes().items() if name in HELD_PATH}
    cpu_before = sum(cpu_seconds(pid) for pid in pids.values())
    held = await holds(ready, "held")
    held.pop("held_ids")
    spent = sum(cpu_seconds(pid) for pid in pids.values()) - cpu_before
    count = held.get("meetings_received") or 0
    held["services_cpu_ms_per_meeting"] = round(spent * 1000 / count, 2) if count else None
    return {
        "setting": setting,
        "round": number,
        "warm_up_received": warm_up["meetings_received"],
        "caught_up_before_write": before_write,
        "caught_up_before_holds": before_holds,
        "write": write,
        "held_to_webhook": held,
    }


async def run(
    stack: BenchStack, api: Api, receiver: TimingReceiver, sizes: Sizes, work_dir: Path
) -> dict[str, Any]:
    await api.first_subscription(receiver.url(WEBHOOK_PATH), AREA_TRACING)
    rounds: list[dict[str, Any]] = []
    with TraceReceiver() as spans:
        # A round's spans are those exported while its processes ran: from the moment the previous ones had
        # stopped (an exporter sends its last batch as its process stops) to the moment its own had.
        marks: list[int] = []

        def mark() -> None:
            marks.append(spans.exports)

        try:
            for number, setting in enumerate(ROUNDS, start=1):
                overrides = environment_of(setting, spans.url)
                restart_seconds = await asyncio.to_thread(restart_services, stack, overrides, stopped=mark)
                found = await one_round(stack, api, receiver, sizes, work_dir, setting=setting, number=number)
                rounds.append(found | {"restart_seconds": restart_seconds})
        finally:
            await asyncio.to_thread(restart_services, stack, None, stopped=mark)
        # The benchmark after this one starts, as each round does, with nothing left behind: the last
        # round's held meetings may still be on their way to the roadmap, which was just restarted.
        settled = await caught_up(stack, sizes)
        for index, found in enumerate(rounds):
            exported = spans.spans(since=marks[index], until=marks[index + 1])
            found["spans_exported"] = dict(Counter(span.service for span in exported))
    return {
        "rounds": rounds,
        "services_restarted": list(SERVICES),
        "caught_up_after_the_last_restart": settled,
        "comparison": compare(rounds),
    }


# -- the comparison (pure: bench/tests) -------------------------------------------------------------------


def figures_of(found: Mapping[str, Any]) -> dict[str, float | None]:
    write = found.get("write") or {}
    held_to_webhook = found.get("held_to_webhook") or {}
    held = held_to_webhook.get("latency_ms") or {}
    latency = write.get("latency_ms") or {}
    return {
        "write_requests_per_second": write.get("requests_per_second"),
        "write_p50_ms": latency.get("p50"),
        "write_p99_ms": latency.get("p99"),
        "write_cpu_ms": write.get("server_cpu_ms_per_request"),
        "held_cpu_ms": held_to_webhook.get("services_cpu_ms_per_meeting"),
        "held_p50_ms": held.get("p50"),
        "held_p99_ms": held.get("p99"),
    }


def _cost(value: float | None, reference: float | None, more_is_better: bool) -> float | None:
    """How much worse `value` is than `reference`, as a fraction (0.07: 7 % worse; below 0: better)."""
    if value is None or reference is None or value <= 0 or reference <= 0:
        return None
    return (reference / value if more_is_better else value / reference) - 1.0


def compare(rounds: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Off and on against disabled, figure by figure: the ratios of their means, the disabled rounds' own
    spread (the noise: the largest minus the smallest, over their mean), and whether off stays within that
    noise or NOISE_FLOOR.

    The verdict counts the figures FIGURES judges; its figure is the one off misses by most (or, when it
    misses none, comes closest to)."""
    by_setting: dict[str, list[dict[str, float | None]]] = {}
    for found in rounds:
        by_setting.setdefault(str(found["setting"]), []).append(figures_of(found))
    figures: dict[str, dict[str, Any]] = {}
    for name, (label, more_is_better, judged) in FIGURES.items():
        measured = _values(by_setting.get(DISABLED, []), name)
        reference = _mean(measured)
        noise = (max(measured) - min(measured)) / reference if reference and len(measured) >= 2 else None
        allowed = max(noise or 0.0, NOISE_FLOOR)
        off = _mean(_values(by_setting.get(OFF, []), name))
        on = _mean(_values(by_setting.get(ON, []), name))
        off_cost = _cost(off, reference, more_is_better)
        figures[name] = {
            "label": label,
            "disabled": measured,
            "disabled_mean": reference,
            "off_rounds": _values(by_setting.get(OFF, []), name),
            "off": off,
            "on": on,
            "off_ratio": _ratio(off, reference),
            "on_ratio": _ratio(on, reference),
            "noise": noise,
            "allowed": allowed,
            "off_cost": off_cost,
            "on_cost": _cost(on, reference, more_is_better),
            "off_within": None if off_cost is None else off_cost <= allowed,
            "judged": judged,
        }
    judged_figures = {name: f for name, f in figures.items() if f["judged"] and f["off_cost"] is not None}
    worst = max(
        judged_figures,
        key=lambda name: judged_figures[name]["off_cost"] - judged_figures[name]["allowed"],
        default=None,
    )
    return {
        "figures": figures,
        "worst": worst,
        "off_costs_nothing_measurable": (
            all(f["off_within"] for f in judged_figures.values()) if judged_figures else None
        ),
        "noise_floor": NOISE_FLOOR,
    }


def _values(rounds: Sequence[Mapping[str, float | None]], name: str) -> list[float]:
    return [value for found in rounds if (value := found.get(name)) is not None]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _ratio(value: float | None, reference: float | None) -> float | None:
    return round(value / reference, 4) if value is not None and reference else None
