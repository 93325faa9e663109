"""The tracing benchmark's arithmetic and its part of the summary, without a stack: the A/B/A noise, the
ratios to disabled, the verdict, the integrity checks and the settings' environments."""

from __future__ import annotations

from typing import Any

import pytest

from bench.report import integrity, summary, tracing_summary, verdicts
from bench.tracing import DISABLED, OFF, ON, compare, environment_of


def a_round(
    number: int,
    setting: str,
    *,
    rate: float,
    write_p50: float,
    held_p50: float,
    held_cpu: float = 20.0,
    exported: int = 0,
) -> dict[str, Any]:
    return {
        "round": number,
        "setting": setting,
        "write": {
            "requests_per_second": rate,
            "latency_ms": {
                "p50": write_p50,
                "p90": write_p50 * 2,
                "p99": write_p50 * 3,
                "max": write_p50 * 4,
            },
            "server_cpu_ms_per_request": 10.0,
        },
        "held_to_webhook": {
            "held_acknowledged": 60,
            "meetings_received": 60,
            "webhooks_received": 60,
            "distinct_webhook_ids": 60,
            "latency_ms": {"p50": held_p50, "p90": held_p50, "p99": held_p50 * 2, "max": held_p50 * 2},
            "services_cpu_ms_per_meeting": held_cpu,
        },
        "spans_exported": {"meetings": exported, "notifications": exported} if exported else {},
    }


def rounds(*, off_rate: float) -> list[dict[str, Any]]:
    return [
        a_round(1, DISABLED, rate=100.0, write_p50=300.0, held_p50=50.0),
        a_round(2, OFF, rate=off_rate, write_p50=300.0, held_p50=50.0),
        a_round(3, ON, rate=80.0, write_p50=400.0, held_p50=60.0, exported=900),
        a_round(4, DISABLED, rate=98.0, write_p50=300.0, held_p50=50.0),
    ]


def test_off_within_five_percent_of_disabled_costs_nothing_measurable() -> None:
    comparison = compare(rounds(off_rate=96.0))
    rate = comparison["figures"]["write_requests_per_second"]
    assert rate["disabled_mean"] == 99.0
    assert rate["noise"] == pytest.approx(2.0 / 99.0)
    assert rate["allowed"] == 0.05
    assert rate["off_ratio"] == pytest.approx(96.0 / 99.0, abs=1e-4)
    assert rate["on_ratio"] == pytest.approx(80.0 / 99.0, abs=1e-4)
    assert comparison["off_costs_nothing_measurable"] is True
    assert tracing_summary(comparison).startswith("Tracing off costs nothing measurable")


def test_off_slower_than_the_runs_noise_misses_and_says_by_how_much() -> None:
    comparison = compare(rounds(off_rate=90.0))
    assert comparison["off_costs_nothing_measurable"] is False
    assert comparison["worst"] == "write_requests_per_second"
    [verdict] = [
        v for v in verdicts({"tracing": {"comparison": comparison}}) if v.target.startswith("tracing")
    ]
    assert verdict.measured == pytest.approx(1.1)  # 99 / 90: 10 % fewer requests per second
    assert verdict.goal == 1.05
    assert verdict.met is False
    assert "POST /v1/meetings req/s +10.0% against an allowance of 5.0% (missed by 5.0 points)" in (
        tracing_summary(comparison)
    )


def test_a_noisy_run_allows_as_much_as_its_disabled_rounds_differ() -> None:
    noisy = rounds(off_rate=90.0)
    noisy[-1]["write"]["requests_per_second"] = 80.0  # the disabled rounds 100 and 80: 22 % apart
    comparison = compare(noisy)
    assert comparison["figures"]["write_requests_per_second"]["off_within"] is True


def test_off_is_judged_by_the_mean_of_its_rounds_against_the_spread_of_every_disabled_round() -> None:
    six = [
        a_round(1, DISABLED, rate=100.0, write_p50=300.0, held_p50=50.0),
        a_round(2, OFF, rate=90.0, write_p50=300.0, held_p50=50.0),
        a_round(3, ON, rate=80.0, write_p50=400.0, held_p50=60.0, exported=900),
        a_round(4, DISABLED, rate=104.0, write_p50=300.0, held_p50=50.0),
        a_round(5, OFF, rate=100.0, write_p50=300.0, held_p50=50.0),
        a_round(6, DISABLED, rate=96.0, write_p50=300.0, held_p50=50.0),
    ]
    rate = compare(six)["figures"]["write_requests_per_second"]
    assert rate["disabled_mean"] == 100.0
    assert rate["noise"] == pytest.approx(0.08)  # 104 - 96 over 100, not the first against the last
    assert rate["off"] == 95.0
    assert rate["off_cost"] == pytest.approx(100.0 / 95.0 - 1.0)
    assert rate["off_within"] is True


def test_the_held_latency_is_reported_and_its_cpu_judged() -> None:
    """Queueing in one window is not a cost: a slow held -> webhook round alone leaves the verdict as it is;
    the services' CPU per held meeting decides it."""
    slow_queue = rounds(off_rate=99.0)
    slow_queue[1]["held_to_webhook"]["latency_ms"]["p50"] = 500.0
    comparison = compare(slow_queue)
    assert comparison["figures"]["held_p50_ms"]["off_within"] is False
    assert comparison["off_costs_nothing_measurable"] is True
    assert "held -> webhook p50 and held -> webhook p99 are reported, not judged" in tracing_summary(
        comparison
    )

    costly = rounds(off_rate=99.0)
    costly[1]["held_to_webhook"]["services_cpu_ms_per_meeting"] = 24.0
    comparison = compare(costly)
    assert comparison["off_costs_nothing_measurable"] is False
    assert comparison["worst"] == "held_cpu_ms"


def test_the_summary_lists_every_round_the_ratios_and_the_verdict() -> None:
    document: dict[str, Any] = {
        "run": {"date": "2026-11-29", "mode": "quick", "machine": "2 cores", "seconds": 120.0},
        "tracing": {"rounds": rounds(off_rate=96.0)},
    }
    document["tracing"]["comparison"] = compare(document["tracing"]["rounds"])
    text = summary(document, verdicts(document), integrity(document), [])
    assert "| 3. on | 80.0 | 400 / 1,200 | 10.00 | 20.00 | 60.00 / 120 | 1,800 |" in text
    assert "| held -> webhook p50 | 1.00x | 1.20x | 0.0% | yes (reported, not judged) |" in text
    assert "| POST /v1/meetings req/s | 0.97x | 0.81x | 2.0% | yes |" in text
    assert "| tracing off (no exporter) vs disabled (OTEL_SDK_DISABLED), worst figure (" in text
    assert "Tracing off costs nothing measurable" in text


def test_spans_exported_outside_the_on_round_fail_the_integrity_check() -> None:
    traced = rounds(off_rate=96.0)
    traced[1]["spans_exported"] = {"meetings": 3}
    checks = {check["check"]: check["status"] for check in integrity({"tracing": {"rounds": traced}})}
    assert checks["tracing round 2 (off): no span exported"] == "NOT OK"
    assert checks["tracing round 1 (disabled): no span exported"] == "ok"
    assert checks["tracing round 3 (on): spans exported by the services on the paths measured"] == "ok"
    assert checks["tracing round 4 (disabled): a webhook for every held meeting, none twice"] == "ok"


def test_each_setting_decides_every_variable_that_could_change_it() -> None:
    disabled, off, on = (environment_of(setting, "http://127.0.0.1:4318") for setting in (DISABLED, OFF, ON))
    assert disabled["OTEL_SDK_DISABLED"] == "true"
    assert off["OTEL_SDK_DISABLED"] == on["OTEL_SDK_DISABLED"] == "false"
    assert off["NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT"] == disabled["NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT"] == ""
    assert on["NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://127.0.0.1:4318"
    assert set(disabled) == set(off) == set(on)
    assert on["OTEL_EXPORTER_OTLP_ENDPOINT"] == on["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] == ""
