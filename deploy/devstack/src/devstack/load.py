"""Steady load through the meetings API: meetings scheduled, confirmed and held at a fixed rate on
background threads, every write with an Idempotency-Key so that a retry after a lost answer changes
nothing. The chaos suite (devstack.chaos) runs it while it breaks things; what the API acknowledged is
what reconciliation then expects to find everywhere.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from devstack.story import Endpoints

# Non-traditional issue areas are open from the start; spreading the load keeps each roadmap track's
# re-evaluation (over every fact it holds) small.
AREAS = ("environment", "energy_security", "disaster_relief", "cyberspace", "trade_facilitation")
ATTENDING = ("KOR", "JPN", "CHN")
# Retries a write gets before the load gives a meeting up (a fault lasts seconds; this is far beyond).
GIVE_UP_SECONDS = 180.0
RETRY_SECONDS = 0.25
# Answers that mean "not now": the service, its database or the connection is away for a while. A 500 is
# a bug, never an outage (issue 12): the load retries it so the run goes on, and the scenario fails.
TRANSIENT = frozenset({502, 503, 504})
SERVER_ERROR = 500


@dataclass(frozen=True)
class LoadShape:
    meetings: int
    rate: float  # meetings started per second

    @property
    def seconds(self) -> float:
        return self.meetings / self.rate


@dataclass
class LoadResult:
    accepted: list[str] = field(default_factory=list)  # meetings whose `held` the API acknowledged
    given_up: list[str] = field(default_factory=list)
    transient_answers: int = 0  # 502-504 or connection errors retried
    server_errors: int = 0  # 500s: retried too, but each one fails the scenario
    started: int = 0


class Load:
    """Meetings held at a steady rate on background threads; `wait()` until every one is done."""

    def __init__(self, api: Endpoints, shape: LoadShape, *, seed: int) -> None:
        self.api = api
        self.shape = shape
        self.seed = seed
        self.result = LoadResult()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="chaos-load")
        self._pacer = threading.Thread(target=self._pace, name="chaos-pacer", daemon=True)
        self._futures: list[Any] = []

    def start(self) -> Load:
        self._pacer.start()
        return self

    def _pace(self) -> None:
        began = time.monotonic()
        for number in range(self.shape.meetings):
            # Paced against the start, not the previous meeting, so a slow answer does not slow the rate.
            due = began + number / self.shape.rate
            time.sleep(max(0.0, due - time.monotonic()))
            with self._lock:
                self.result.started += 1
            self._futures.append(self._pool.submit(self._hold_one, number))

    def started(self) -> int:
        with self._lock:
            return self.result.started

    def wait(self, timeout: float) -> LoadResult:
        self._pacer.join(timeout)
        deadline = time.monotonic() + timeout
        for future in list(self._futures):
            future.result(timeout=max(0.1, deadline - time.monotonic()))
        self._pool.shutdown(wait=True)
        return self.result

    def _hold_one(self, number: int) -> None:
        key = f"chaos-{self.seed}-{number}"
        area = AREAS[number % len(AREAS)]
        day = date(2016, 1, 4) + timedelta(days=(self.seed * 997 + number) % 3000)
        deadline = time.monotonic() + GIVE_UP_SECONDS
        with httpx.Client(timeout=15, headers=self.api.headers) as client:
            scheduled = self._write(
                client, "POST", "/v1/meetings", _meeting_body(area, day), f"{key}-s", deadline
            )
            if scheduled is None:
                self._give_up(key)
                return
            meeting_id = str(scheduled["id"])
            confirmed = self._write(
                client, "POST", f"/v1/meetings/{meeting_id}/confirm", None, f"{key}-c", deadline
            )
            held = (
                self._write(
                    client, "POST", f"/v1/meetings/{meeting_id}/held", _held_body(), f"{key}-h", deadline
                )
                if confirmed is not None
                else None
            )
        with self._lock:
            (self.result.accepted if held is not None else self.result.given_up).append(meeting_id)

    def _give_up(self, key: str) -> None:
        with self._lock:
            self.result.given_up.append(key)

    def _write(
        self,
        client: httpx.Client,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        key: str,
        deadline: float,
    ) -> dict[str, Any] | None:
        """The answer of one idempotent write, retried through outages until `deadline`; None if refused
        or still failing then."""
        while time.monotonic() < deadline:
            try:
                answer = client.request(
                    method, f"{self.api.meetings}{path}", json=body, headers={"Idempotency-Key": key}
                )
            except httpx.HTTPError:
                answer = None
            if answer is not None and answer.status_code in (200, 201):
                found: dict[str, Any] = answer.json()
                return found
            if answer is not None and answer.status_code == SERVER_ERROR:
                with self._lock:
                    self.result.server_errors += 1
            elif answer is not None and answer.status_code not in TRANSIENT:
                return None
            else:
                with self._lock:
                    self.result.transient_answers += 1
            time.sleep(RETRY_SECONDS)
        return None


def _meeting_body(area: str, day: date) -> dict[str, Any]:
    return {
        "title": {"en": f"Chaos load: {area} on {day.isoformat()}"},
        "mechanism_code": None,
        "issue_area_codes": [area],
        "track": "1",
        "level": "senior_officials",
        "host_code": "KOR",
        "city": "Seoul",
        "country_code": "KOR",
        "starts_at": f"{day.isoformat()}T09:00:00+09:00",
        "ends_at": f"{day.isoformat()}T18:00:00+09:00",
        "time_zone": "Asia/Seoul",
        "participants": [{"member_code": code} for code in ATTENDING if code != "KOR"],
    }


def _held_body() -> dict[str, Any]:
    return {
        "attendance": [{"member_code": code, "attendance": "attended"} for code in ATTENDING],
        "outcomes": [],
        "summary": "Held under the chaos suite's load.",
    }
