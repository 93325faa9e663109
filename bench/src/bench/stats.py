"""Percentiles, ratios and the targets' verdicts: pure functions, tested fast (bench/tests)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile (`fraction` in [0, 1]) of `values`; None when there are none.

    Nearest rank, not interpolation: every figure reported is a latency that was observed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def percentiles(values: Sequence[float]) -> dict[str, float | None]:
    return {
        "p50": percentile(values, 0.50),
        "p90": percentile(values, 0.90),
        "p99": percentile(values, 0.99),
        "max": max(values) if values else None,
        "count": float(len(values)),
    }


def ratio(measured: float | None, reference: float | None) -> float | None:
    if measured is None or reference is None or reference == 0:
        return None
    return measured / reference


@dataclass(frozen=True)
class Verdict:
    """One target of the issue: what was measured against what was asked, and by how much it missed."""

    target: str
    measured: float | None
    goal: float
    # "at_least": measured >= goal (rates, ratios of rates); "at_most": measured <= goal (times, memory).
    direction: str
    unit: str = ""
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        return self.measured >= self.goal if self.direction == "at_least" else self.measured <= self.goal

    @property
    def shortfall(self) -> float | None:
        """How far off the goal, as a factor (2.0: twice too slow, or half the rate asked); None if met."""
        if self.measured is None or self.met:
            return None
        if self.direction == "at_least":
            return math.inf if self.measured <= 0 else self.goal / self.measured
        return math.inf if self.goal <= 0 else self.measured / self.goal

    def as_json(self) -> dict[str, object]:
        return {
            "target": self.target,
            "measured": self.measured,
            "goal": self.goal,
            "direction": self.direction,
            "unit": self.unit,
            "met": self.met,
            "shortfall_factor": self.shortfall,
            "note": self.note,
        }


def describe(verdict: Verdict) -> str:
    """The verdict in words for the summary table: "met", "missed by 12.3x" or "not measured"."""
    if verdict.met is None:
        return "not measured"
    if verdict.met:
        return "met"
    shortfall = verdict.shortfall
    return "missed" if shortfall is None or math.isinf(shortfall) else f"missed by {shortfall:.1f}x"


def rate_per_second(moments: Sequence[float], *, bin_seconds: float = 1.0) -> list[tuple[float, int]]:
    """Counts of `moments` (seconds since a start) per bin: (bin start, count), no bin skipped."""
    if not moments:
        return []
    last = max(moments)
    bins = [0] * (int(last // bin_seconds) + 1)
    for moment in moments:
        bins[int(max(0.0, moment) // bin_seconds)] += 1
    return [(index * bin_seconds, count) for index, count in enumerate(bins)]
