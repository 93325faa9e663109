"""The benchmark's arithmetic and its summary, without a stack: percentiles, verdicts, integrity checks."""

from __future__ import annotations

import math
from typing import Any

from bench.report import integrity, summary, verdicts
from bench.stats import Verdict, describe, percentile, percentiles, rate_per_second, ratio


def test_percentile_is_the_nearest_observed_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) is None


def test_percentiles_count_what_they_summarise() -> None:
    figures = percentiles([3.0, 1.0, 2.0])
    assert figures == {"p50": 2.0, "p90": 3.0, "p99": 3.0, "max": 3.0, "count": 3.0}


def test_ratio_of_nothing_is_not_a_number_we_report() -> None:
    assert ratio(30.0, 60.0) == 0.5
    assert ratio(None, 60.0) is None
    assert ratio(30.0, 0.0) is None


def test_a_rate_below_its_goal_is_missed_by_the_factor_it_falls_short() -> None:
    verdict = Verdict("POST vs bare", 0.05, 0.60, "at_least", "x")
    assert verdict.met is False
    assert verdict.shortfall == 0.60 / 0.05
    assert describe(verdict) == "missed by 12.0x"


def test_a_time_within_its_bound_is_met_and_an_unmeasured_one_says_so() -> None:
    assert describe(Verdict("fan-out", 8.0, 10.0, "at_most", "s")) == "met"
    assert describe(Verdict("fan-out", None, 10.0, "at_most", "s")) == "not measured"
    assert Verdict("lag", math.inf, 2.0, "at_most", "s").shortfall == math.inf


def test_rate_per_second_keeps_the_empty_seconds() -> None:
    assert rate_per_second([0.1, 0.5, 2.2]) == [(0.0, 2), (1.0, 0), (2.0, 1)]
    assert rate_per_second([]) == []


def results() -> dict[str, Any]:
    def wrk(rate: float, p50: float, ok: int) -> dict[str, Any]:
        latency = {"p50": p50, "p90": p50 * 2, "p99": p50 * 3, "max": p50 * 4}
        return {"requests_per_second": rate, "ok": ok, "connections": 32, "latency_ms": latency}

    held = {
        "rate_per_second": 20.0,
        "held_acknowledged": 10,
        "meetings_rows_held": 10,
        "roadmap_known": 10,
        "meetings_received": 10,
        "webhooks_received": 11,
        "distinct_webhook_ids": 10,
        "held_answer_ms": {"p50": 100.0},
        "latency_ms": {"p50": 600.0, "p90": 800.0, "p99": 1000.0, "max": 1100.0, "count": 10.0},
    }
    return {
        "run": {"date": "2026-11-29", "mode": "quick", "machine": "2 cores", "seconds": 120.0},
        "http": {
            "write": {
                "bare": wrk(1000.0, 30.0, 5000) | {"state_rows": 5010, "outbox_rows": 5010},
                "meetings": wrk(50.0, 600.0, 250) | {"rows": 250},
                "ratio": 0.05,
            },
            "read": {"bare": wrk(4000.0, 8.0, 20000), "meetings": wrk(2400.0, 12.0, 12000), "ratio": 0.6},
        },
        "latency": {
            "raw_two_hop": {
                "sent": 10,
                "received": 10,
                "latency_ms": {"p50": 20.0, "p90": 25.0, "p99": 40.0, "max": 41.0, "count": 10.0},
            },
            "held_to_webhook": held,
        },
        "memory": {"final_rss_bytes": {"meetings": 200 * 1024 * 1024}, "peak_rss_bytes": {}},
    }


def test_verdicts_compare_each_service_with_its_baseline_of_the_same_run() -> None:
    found = {verdict.target: verdict for verdict in verdicts(results())}
    assert found["POST /v1/meetings vs bare write"].met is False
    assert found["GET /v1/meetings/{id} vs bare GET"].met is True
    assert found["held -> webhook p50 vs raw two-hop p50, at 20.0/s"].measured == 30.0
    assert found["held -> webhook p99 vs raw two-hop p99, at 20.0/s"].measured == 25.0
    assert found["meetings RSS after the runs"].measured == 200.0


def test_a_webhook_delivered_twice_fails_the_integrity_check() -> None:
    checks = {check["check"]: check["status"] for check in integrity(results())}
    assert checks["latency: no webhook twice"] == "NOT OK"
    assert checks["latency: a webhook for every held meeting"] == "ok"
    assert checks["latency: the roadmap records every held meeting once"] == "ok"
    assert checks["bare writes: a state and an outbox row per answered POST"] == "ok"


def test_a_consumer_still_behind_at_the_deadline_is_reported_as_behind_not_as_lost() -> None:
    document = results()
    document["latency"]["held_to_webhook"]["roadmap_known"] = 4
    checks = {check["check"]: check["status"] for check in integrity(document)}
    assert checks["latency: the roadmap records every held meeting once"] == "behind at the bound"


def test_the_summary_states_each_target_and_its_verdict() -> None:
    document = results()
    text = summary(document, verdicts(document), integrity(document), [])
    assert "| POST /v1/meetings vs bare write | 0.05x | ≥ 0.60x | missed by 12.0x |" in text
    assert "- NOT OK: latency: no webhook twice: 11 webhooks, 10 distinct webhook-ids, 10 meetings" in text
