"""What a run leaves behind: the targets' verdicts, the integrity checks, bench/results/<date>.json, the
plots (latency percentiles, lag over time, cost against history) and the markdown summary with the ratios."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from bench.stats import Verdict, describe, ratio
from bench.tracing import NOISE_FLOOR, ON

MB = 1024 * 1024
SERVICES = ("registry", "meetings", "roadmap", "notifications")
OK, BEHIND, NOT_OK = "ok", "behind at the bound", "NOT OK"


def _get(document: dict[str, Any], *path: str) -> Any:
    found: Any = document
    for key in path:
        if not isinstance(found, dict) or key not in found:
            return None
        found = found[key]
    return found


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    """The issue's targets, each measured in this run (None where its benchmark did not run)."""
    found: list[Verdict] = [
        Verdict(
            "POST /v1/meetings vs bare write", _get(results, "http", "write", "ratio"), 0.60, "at_least", "x"
        ),
        Verdict(
            "GET /v1/meetings/{id} vs bare GET", _get(results, "http", "read", "ratio"), 0.50, "at_least", "x"
        ),
    ]
    raw = _get(results, "latency", "raw_two_hop", "latency_ms") or {}
    held = _get(results, "latency", "held_to_webhook", "latency_ms") or {}
    rate = _get(results, "latency", "held_to_webhook", "rate_per_second")
    found += [
        Verdict(
            f"held -> webhook p50 vs raw two-hop p50, at {rate}/s",
            ratio(held.get("p50"), raw.get("p50")),
            3.0,
            "at_most",
            "x",
        ),
        Verdict(
            f"held -> webhook p99 vs raw two-hop p99, at {rate}/s",
            ratio(held.get("p99"), raw.get("p99")),
            5.0,
            "at_most",
            "x",
        ),
    ]
    sustained = results.get("sustained") or {}
    drained = list((sustained.get("caught_up_after_stop_seconds") or {}).values())
    found += [
        Verdict(
            "sustained meetings held per second (peak second)",
            sustained.get("peak_held_per_second"),
            200.0,
            "at_least",
            "/s",
        ),
        Verdict(
            "every consumer caught up after the load stops",
            (math.inf if any(v is None for v in drained) else max(drained)) if drained else None,
            2.0,
            "at_most",
            "s",
            note="end to end: the meetings outbox published, the roadmap and the webhooks with nothing "
            "left behind; nothing behind is stricter than a lag under 1 s",
        ),
    ]
    fanout = results.get("fanout") or {}
    if fanout:
        reached = fanout.get("subscriptions_reached") or 0
        wanted = fanout.get("subscriptions_wanted") or 0
        per_second = fanout.get("deliveries_per_second")
        if fanout.get("all_delivered") and fanout.get("subscriptions_created") == wanted:
            seconds, note = fanout.get("seconds_to_last"), f"{reached} subscriptions, all delivered"
        else:
            seconds = wanted / per_second if per_second else math.inf
            note = (
                f"projected from {reached} of {fanout.get('subscriptions_created')} subscriptions reached at "
                f"{per_second}/s ({fanout.get('subscriptions_created')} of {wanted} could be created within "
                f"{fanout.get('create_seconds')} s)"
            )
        found.append(
            Verdict(f"fan-out of one event to {wanted} webhooks", seconds, 10.0, "at_most", "s", note)
        )
    points = [p for p in _get(results, "roadmap", "cost", "points") or [] if p.get("cpu_ms_per_event")]
    if points:
        first, last = points[0], points[-1]
        found.append(
            Verdict(
                "roadmap CPU per event, largest history vs smallest",
                ratio(last["cpu_ms_per_event"], first["cpu_ms_per_event"]),
                2.0,
                "at_most",
                "x",
                note=f"{last['cpu_ms_per_event']} ms at {last['known']} known vs "
                f"{first['cpu_ms_per_event']} ms at {first['known']} (asked: 10,000 vs 100)",
            )
        )
    rebuild = _get(results, "roadmap", "rebuild") or {}
    if rebuild:
        found.append(
            Verdict(
                "roadmap rebuild",
                rebuild.get("events_per_second"),
                2000.0,
                "at_least",
                "events/s",
                note=f"over {rebuild.get('history_held_meetings')} held meetings"
                + ("" if rebuild.get("finished") else f", cut off at {rebuild.get('bound_seconds')} s"),
            )
        )
    traced = _get(results, "tracing", "comparison") or {}
    worst = (traced.get("figures") or {}).get(traced.get("worst") or "")
    if traced:
        found.append(tracing_verdict(worst))
    final_rss = _get(results, "memory", "final_rss_bytes") or {}
    for name in SERVICES:
        if name in final_rss:
            found.append(
                Verdict(f"{name} RSS after the runs", round(final_rss[name] / MB, 1), 150.0, "at_most", "MB")
            )
    return found


def tracing_verdict(worst: dict[str, Any] | None) -> Verdict:
    """ "Off costs nothing measurable": off against disabled on the figure where off fares worst, as a factor
    (1.07x: 7 % worse), within the disabled rounds' own spread or 5 %, whichever is larger."""
    target = "tracing off (no exporter) vs disabled (OTEL_SDK_DISABLED), worst figure"
    if not worst:
        return Verdict(target, None, 1.0 + NOISE_FLOOR, "at_most", "x")
    noise = worst["noise"]
    return Verdict(
        target,
        round(1.0 + worst["off_cost"], 4),
        round(1.0 + worst["allowed"], 4),
        "at_most",
        "x",
        note=f"{worst['label']}; the disabled rounds differ by "
        + ("an unknown amount" if noise is None else f"{noise:.1%}")
        + f", the goal is that or {NOISE_FLOOR:.0%}",
    )


def tracing_summary(comparison: dict[str, Any]) -> str:
    """The verdict in a sentence: holds, or by how much off misses, in points beyond the allowance."""
    figures = comparison.get("figures") or {}
    judged = {
        name: f for name, f in figures.items() if f.get("judged", True) and f.get("off_cost") is not None
    }
    if not judged:
        return "Tracing off against disabled: not measured."
    misses = [f for f in judged.values() if not f["off_within"]]
    reported = [f["label"] for f in figures.values() if not f.get("judged", True)]
    aside = (
        f" The {' and '.join(reported)} are reported, not judged: queueing in one ten-second window, whose "
        "spread between identical rounds is wider than any cost to tell; the services' CPU per held meeting "
        "is judged instead."
        if reported
        else ""
    )
    if not misses:
        return (
            "Tracing off costs nothing measurable: on every figure judged, off is within the run's own noise "
            f"(the disabled rounds' spread) or {NOISE_FLOOR:.0%} of disabled.{aside}"
        )
    described = "; ".join(
        f"{f['label']} {f['off_cost']:+.1%} against an allowance of {f['allowed']:.1%} (missed by "
        f"{(f['off_cost'] - f['allowed']) * 100:.1f} points)"
        for f in sorted(misses, key=lambda f: f["allowed"] - f["off_cost"])
    )
    return f"Tracing off costs something measurable: off is worse than disabled on {described}.{aside}"


def integrity(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Nothing lost or duplicated: what was sent against what arrived, benchmark by benchmark.

    A check is "ok", "NOT OK" (something duplicated, or missing where nothing can still be on its way), or
    "behind at the bound": fewer arrived than were sent by the benchmark's deadline while the rest were still
    on their way (a consumer still working through its backlog): a measured slowness, not a loss."""
    checks: list[dict[str, Any]] = []

    def check(name: str, status: str, detail: str) -> None:
        checks.append({"check": name, "status": status, "ok": status == OK, "detail": detail})

    def counted(arrived: int, sent: int) -> str:
        return OK if arrived == sent else (BEHIND if arrived < sent else NOT_OK)

    write = _get(results, "http", "write") or {}
    if write:
        bare, service = write["bare"], write["meetings"]
        slack = bare["connections"]
        check(
            "bare writes: a state and an outbox row per answered POST",
            OK
            if bare["ok"] <= bare["state_rows"] <= bare["ok"] + slack
            and bare["state_rows"] == bare["outbox_rows"]
            else NOT_OK,
            f"{bare['ok']} answered 201, {bare['state_rows']} state rows, {bare['outbox_rows']} outbox rows "
            f"(up to {slack} more rows than answers: requests in flight when wrk stopped)",
        )
        check(
            "meetings writes: a row per answered POST",
            OK if service["ok"] <= service["rows"] <= service["ok"] + slack else NOT_OK,
            f"{service['ok']} answered 201, {service['rows']} meetings rows",
        )
    sections = (
        ("latency", _get(results, "latency", "held_to_webhook")),
        ("sustained", results.get("sustained")),
    )
    for name, section in sections:
        if not section:
            continue
        acknowledged = section["held_acknowledged"]
        check(
            f"{name}: every held meeting acknowledged is held in the meetings table",
            OK if section.get("meetings_rows_held") == acknowledged else NOT_OK,
            f"{acknowledged} acknowledged, {section.get('meetings_rows_held')} rows held",
        )
        check(
            f"{name}: the roadmap records every held meeting once",
            counted(section.get("roadmap_known") or 0, acknowledged),
            f"{section.get('roadmap_known')} of {acknowledged} in the roadmap's held_meetings by the bound",
        )
        check(
            f"{name}: a webhook for every held meeting",
            counted(section["meetings_received"], acknowledged),
            f"{section['meetings_received']} of {acknowledged} meetings received by the bound",
        )
        check(
            f"{name}: no webhook twice",
            OK
            if section["distinct_webhook_ids"] == section["webhooks_received"] == section["meetings_received"]
            else NOT_OK,
            f"{section['webhooks_received']} webhooks, {section['distinct_webhook_ids']} distinct "
            f"webhook-ids, {section['meetings_received']} meetings",
        )
    fanout = results.get("fanout") or {}
    if fanout:
        check(
            "fan-out: a webhook for every subscription",
            counted(fanout["subscriptions_reached"], fanout["subscriptions_created"]),
            f"{fanout['subscriptions_reached']} of {fanout['subscriptions_created']} subscriptions reached "
            f"within {fanout['deliver_deadline_seconds']} s",
        )
        check(
            "fan-out: no webhook twice",
            OK
            if fanout["distinct_webhook_ids"]
            == fanout["webhooks_received"]
            == fanout["subscriptions_reached"]
            else NOT_OK,
            f"{fanout['webhooks_received']} webhooks, {fanout['distinct_webhook_ids']} distinct webhook-ids",
        )
    cost = _get(results, "roadmap", "cost") or {}
    if cost:
        known = cost["roadmap_known_after"] - cost["roadmap_known_before"]
        check(
            "roadmap history: every held meeting produced is recorded once",
            counted(known, cost["produced"]),
            f"{cost['produced']} produced, {known} recorded",
        )
    for found in _get(results, "tracing", "rounds") or []:
        name = f"tracing round {found['round']} ({found['setting']})"
        held = found["held_to_webhook"]
        acknowledged = held["held_acknowledged"]
        check(
            f"{name}: a webhook for every held meeting, none twice",
            NOT_OK
            if held["distinct_webhook_ids"] != held["webhooks_received"]
            else counted(held["meetings_received"], acknowledged),
            f"{held['meetings_received']} of {acknowledged} meetings received by the bound, "
            f"{held['webhooks_received']} webhooks, {held['distinct_webhook_ids']} distinct webhook-ids",
        )
        exported = found.get("spans_exported") or {}
        if found["setting"] == ON:
            check(
                f"{name}: spans exported by the services on the paths measured",
                OK if exported.get("meetings") and exported.get("notifications") else NOT_OK,
                ", ".join(f"{service} {count}" for service, count in sorted(exported.items())) or "none",
            )
        else:
            check(
                f"{name}: no span exported",
                OK if not exported else NOT_OK,
                ", ".join(f"{service} {count}" for service, count in sorted(exported.items())) or "none",
            )
    raw = _get(results, "latency", "raw_two_hop") or {}
    if raw:
        check(
            "raw two-hop: every record arrived",
            counted(raw["received"], raw["sent"]),
            f"{raw['sent']} sent, {raw['received']} received",
        )
    return checks


# -- plots ------------------------------------------------------------------------------------------------


def plots(results: dict[str, Any], directory: Path, stem: str) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written: list[Path] = []
    latency = results.get("latency") or {}
    http = results.get("http") or {}
    if latency or http:
        figure, axes = plt.subplots(1, 2, figsize=(12, 4.5))
        series = {
            "raw Kafka two-hop": _get(latency, "raw_two_hop", "latency_ms"),
            "held -> webhook": _get(latency, "held_to_webhook", "latency_ms"),
        }
        _percentile_bars(axes[0], {k: v for k, v in series.items() if v}, "held -> webhook vs raw two-hop")
        requests = {
            "POST bare": _get(http, "write", "bare", "latency_ms"),
            "POST meetings": _get(http, "write", "meetings", "latency_ms"),
            "GET bare": _get(http, "read", "bare", "latency_ms"),
            "GET meetings": _get(http, "read", "meetings", "latency_ms"),
        }
        _percentile_bars(axes[1], {k: v for k, v in requests.items() if v}, "HTTP under wrk (-c32)")
        figure.tight_layout()
        written.append(_save(figure, directory / f"{stem}-latency.png"))
        plt.close(figure)
    sustained = results.get("sustained") or {}
    if sustained.get("samples"):
        figure, axis = plt.subplots(figsize=(10, 4.5))
        samples = sustained["samples"]
        times = [s["t"] for s in samples]
        for group in sustained["groups"]:
            axis.plot(times, [s["lag"].get(group, 0) for s in samples], label=f"Kafka lag of {group}")
        axis.plot(times, [s["outbox_unpublished"] for s in samples], label="meetings outbox unpublished")
        for name in ("roadmap", "webhooks"):
            axis.plot(
                times,
                [s["behind"][name] for s in samples],
                linestyle=":",
                label=f"{name}: held, not yet seen",
            )
        axis.axvline(sustained["load_seconds"], color="grey", linestyle="--", label="load stopped")
        axis.set_xlabel("seconds since the load started")
        axis.set_ylabel("behind: Kafka records, or held meetings")
        rates = axis.twinx()
        per_second = sustained.get("held_per_second") or []
        rates.bar(
            [start + 0.5 for start, _ in per_second],
            [count for _, count in per_second],
            width=0.9,
            alpha=0.25,
            color="tab:green",
            label="held per second",
        )
        rates.set_ylabel("meetings held per second")
        axis.legend(loc="upper left")
        axis.set_title("sustained load: held per second, and how far behind each consumer is")
        figure.tight_layout()
        written.append(_save(figure, directory / f"{stem}-lag.png"))
        plt.close(figure)
    points = [p for p in _get(results, "roadmap", "cost", "points") or [] if p.get("cpu_ms_per_event")]
    if points:
        figure, axis = plt.subplots(figsize=(8, 4.5))
        known = [p["known"] for p in points]
        axis.plot(known, [p["cpu_ms_per_event"] for p in points], marker="o", label="roadmap CPU per event")
        axis.plot(known, [p["wall_ms_per_event"] for p in points], marker="s", label="wall time per event")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("held meetings the roadmap knows")
        axis.set_ylabel("ms per meeting.held")
        axis.set_title("roadmap: cost of one held meeting against its history")
        axis.legend()
        axis.grid(True, which="both", alpha=0.3)
        figure.tight_layout()
        written.append(_save(figure, directory / f"{stem}-roadmap-cost.png"))
        plt.close(figure)
    return written


def _percentile_bars(axis: Any, series: dict[str, dict[str, float]], title: str) -> None:
    labels = ("p50", "p90", "p99")
    width = 0.8 / max(1, len(series))
    for index, (name, figures) in enumerate(series.items()):
        positions = [i + index * width for i in range(len(labels))]
        axis.bar(positions, [figures.get(label) or 0 for label in labels], width=width, label=name)
    axis.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(labels))], labels)
    axis.set_yscale("log")
    axis.set_ylabel("ms")
    axis.set_title(title)
    axis.legend(fontsize=8)


def _save(figure: Any, path: Path) -> Path:
    figure.savefig(path, dpi=100)
    return path


# -- summary ----------------------------------------------------------------------------------------------


def _figure(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if math.isinf(value):
            return "never"
        text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip() if unit and unit != "x" else (f"{text}x" if unit == "x" else text)


def summary(
    results: dict[str, Any], found: list[Verdict], checks: list[dict[str, Any]], images: list[Path]
) -> str:
    run = results["run"]
    lines = [
        f"# Benchmarks, {run['date']} ({run['mode']} run)",
        "",
        f"On {run['machine']}; the run took {run['seconds'] / 60:.1f} min. Every figure below was measured "
        "in this one run, the baselines back to back with the services, on a stack the run started itself "
        "on 127.0.0.1.",
        "",
        "## Targets",
        "",
        "| target | measured | goal | verdict |",
        "|---|---|---|---|",
    ]
    for verdict in found:
        goal = ("≥ " if verdict.direction == "at_least" else "≤ ") + _figure(verdict.goal, verdict.unit)
        note = f" ({verdict.note})" if verdict.note else ""
        lines.append(
            f"| {verdict.target}{note} | {_figure(verdict.measured, verdict.unit)} | {goal} | "
            f"{describe(verdict)} |"
        )
    lines += ["", "## Figures", ""]
    http = results.get("http") or {}
    if http:
        lines += [
            "| path | bare req/s | service req/s | ratio | service p50 / p99 ms | bare p50 / p99 ms |",
            "|---|---|---|---|---|---|",
        ]
        for name, label in (("write", "POST /v1/meetings"), ("read", "GET /v1/meetings/{id}")):
            bare, service = http[name]["bare"], http[name]["meetings"]
            ours, theirs = service["latency_ms"], bare["latency_ms"]
            lines.append(
                f"| {label} | {bare['requests_per_second']:,} | {service['requests_per_second']:,} | "
                f"{_figure(http[name]['ratio'], 'x')} | {ours['p50']:.1f} / {ours['p99']:.1f} | "
                f"{theirs['p50']:.1f} / {theirs['p99']:.1f} |"
            )
        lines.append("")
    latency = results.get("latency") or {}
    if latency:
        raw, held = latency["raw_two_hop"]["latency_ms"], latency["held_to_webhook"]["latency_ms"]
        lines += ["| latency (ms) | p50 | p90 | p99 | max | count |", "|---|---|---|---|---|---|"]
        for label, figures in (("raw aiokafka two-hop", raw), ("held -> webhook received", held)):
            lines.append(
                "| "
                + label
                + " | "
                + " | ".join(_figure(figures.get(k)) for k in ("p50", "p90", "p99", "max"))
                + f" | {int(figures.get('count') or 0)} |"
            )
        settled = results.get("settled_before_latency")
        if settled and settled["drained"]:
            lines += [
                "",
                f"First, the roadmap and notifications took {settled['seconds']} s to drain the history "
                "phase's events.",
            ]
        elif settled:
            lines += [
                "",
                "The roadmap or notifications had not drained the history phase's events within the "
                "bound: the held -> webhook figures include that queue.",
            ]
        lines.append("")
    traced = results.get("tracing") or {}
    if traced:
        lines += _tracing_figures(traced)
    sustained = results.get("sustained") or {}
    if sustained:
        drained = ", ".join(
            f"{name} {_figure(seconds, 's') if seconds is not None else 'not within the run'}"
            for name, seconds in sustained["caught_up_after_stop_seconds"].items()
        )
        kafka = ", ".join(
            f"{group} {_figure(seconds, 's') if seconds is not None else 'not within the run'}"
            for group, seconds in sustained["kafka_lag_zero_after_stop_seconds"].items()
        )
        lines.append(
            f"Sustained: {sustained['held_acknowledged']} meetings held by {sustained['concurrency']} "
            f"concurrent partners in {sustained['load_seconds']} s: {sustained['mean_held_per_second']}/s on "
            f"average, {sustained['peak_held_per_second']}/s in the best second. Caught up after the load "
            f"stopped (nothing behind): {drained}; Kafka lag of each group back to zero: {kafka}."
        )
        lines.append("")
    fanout = results.get("fanout") or {}
    if fanout:
        lines.append(
            f"Fan-out: {fanout['subscriptions_created']} subscriptions created in {fanout['create_seconds']} "
            f"s ({fanout['subscriptions_per_second']}/s); one meeting held reached "
            f"{fanout['subscriptions_reached']} of them, the last after {fanout['seconds_to_last']} s "
            f"({fanout['deliveries_per_second']} deliveries/s)."
        )
        lines.append("")
    cost = _get(results, "roadmap", "cost") or {}
    if cost:
        lines += [
            "| held meetings the roadmap knows | CPU ms per event | wall ms per event |",
            "|---|---|---|",
        ]
        for point in cost["points"]:
            reached = (
                ""
                if point["reached_target"]
                else f" (asked {point['target_known']:,}; the deadline came first)"
            )
            lines.append(
                f"| {point['known']:,}{reached} | {_figure(point['cpu_ms_per_event'])} | "
                f"{_figure(point['wall_ms_per_event'])} |"
            )
        lines.append("")
    rebuild = _get(results, "roadmap", "rebuild") or {}
    if rebuild:
        how = (
            f"finished in {rebuild['seconds']} s"
            if rebuild["finished"]
            else f"was cut off at {rebuild['seconds']} s with {rebuild['held_meetings_rebuilt']:,} held "
            "meetings back"
        )
        lines.append(
            f"Rebuild: `python -m roadmap.rebuild --yes` over {rebuild['history_held_meetings']:,} held "
            f"meetings {how}: {rebuild['events_per_second']} events/s."
        )
        lines.append("")
    memory = results.get("memory") or {}
    if memory:
        lines += ["| process | RSS after the runs (MB) | peak RSS (MB) |", "|---|---|---|"]
        for name, size in sorted(memory["final_rss_bytes"].items()):
            peak = memory["peak_rss_bytes"].get(name, size)
            lines.append(f"| {name} | {size / MB:,.1f} | {peak / MB:,.1f} |")
        lines.append("")
    lines += ["## Nothing lost or duplicated", ""]
    lines += [f"- {c['status']}: {c['check']}: {c['detail']}" for c in checks]
    misses = [v for v in found if v.met is False]
    if misses:
        lines += ["", "## Why targets are missed", ""]
        lines += [f"- {line}" for line in results.get("explanations", [])]
    if images:
        lines += ["", "## Plots", ""] + [f"![{path.stem}]({path.name})" for path in images]
    return "\n".join(lines) + "\n"


def _tracing_figures(traced: dict[str, Any]) -> list[str]:
    lines = [
        "| tracing, round | POST req/s | POST p50 / p99 ms | meetings CPU ms per POST | "
        "services' CPU ms per held meeting | held -> webhook p50 / p99 ms | spans exported |",
        "|---|---|---|---|---|---|---|",
    ]
    for found in traced["rounds"]:
        write, held_to_webhook = found["write"], found["held_to_webhook"]
        held = held_to_webhook["latency_ms"]
        exported = sum((found.get("spans_exported") or {}).values())
        lines.append(
            f"| {found['round']}. {found['setting']} | {write['requests_per_second']:,} | "
            f"{_figure(write['latency_ms']['p50'])} / {_figure(write['latency_ms']['p99'])} | "
            f"{_figure(write.get('server_cpu_ms_per_request'))} | "
            f"{_figure(held_to_webhook.get('services_cpu_ms_per_meeting'))} | {_figure(held.get('p50'))} / "
            f"{_figure(held.get('p99'))} | {exported:,} |"
        )
    comparison = traced["comparison"]
    lines += [
        "",
        "| figure | off / disabled (the means of their rounds) | on / disabled | "
        f"the disabled rounds' spread (noise) | off within it (or {NOISE_FLOOR:.0%}) |",
        "|---|---|---|---|---|",
    ]
    for figure in comparison["figures"].values():
        noise = figure["noise"]
        within = {True: "yes", False: "no", None: "-"}[figure["off_within"]]
        if not figure.get("judged", True):
            within += " (reported, not judged)"
        ratios = f"{_figure(figure['off_ratio'], 'x')} | {_figure(figure['on_ratio'], 'x')}"
        spread = "-" if noise is None else f"{noise:.1%}"
        lines.append(f"| {figure['label']} | {ratios} | {spread} | {within} |")
    lines += ["", tracing_summary(comparison), ""]
    return lines


def write(results: dict[str, Any], directory: Path, stem: str) -> tuple[Path, Path, list[Path]]:
    directory.mkdir(parents=True, exist_ok=True)
    found = verdicts(results)
    checks = integrity(results)
    results["targets"] = [verdict.as_json() for verdict in found]
    results["integrity"] = checks
    images = plots(results, directory, stem)
    document = directory / f"{stem}.json"
    document.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown = directory / f"{stem}.md"
    markdown.write_text(summary(results, found, checks, images))
    return document, markdown, images
