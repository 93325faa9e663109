"""What the chaos tests (tests/test_chaos_*.py) share: the load's size (reduced under `make test`, full
with NEACOOP_CHAOS=full, as `make chaos` runs it), a fresh stack with a subscribed receiver, and the JSON
report every scenario adds its record to."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from devstack.chaos import (
    OPERATOR,
    endpoints_of,
    fresh_stack,
    target_of,
    webhook_subscription,
)
from devstack.load import LoadShape
from devstack.observe import Target, reconcile
from devstack.paths import find_project_root
from devstack.receiver import WebhookReceiver
from devstack.stack import Stack
from devstack.story import Endpoints, Meeting, Waiter, record_held

ADMIN_KEY = "chaos-admin-key"
FULL = os.environ.get("NEACOOP_CHAOS", "reduced") == "full"
# The issue's run: 250 meetings at 5 per second through each fault. CI: a dozen at 3 per second.
SHAPE = LoadShape(meetings=250, rate=5.0) if FULL else LoadShape(meetings=12, rate=3.0)
# A rolling restart of three brokers takes about a minute: the load is spread to last through it.
ROLLING_SHAPE = LoadShape(meetings=400, rate=5.0) if FULL else LoadShape(meetings=60, rate=0.75)
# From the fault's restore to a settled stack (every event everywhere, every delivery made).
RECOVERY_BOUND_SECONDS = 120.0
REPORT = Path(
    os.environ.get("NEACOOP_CHAOS_REPORT", str(find_project_root() / ".run" / "chaos" / "report.json"))
)
WARM_UP = Meeting(
    title={"en": "Chaos warm-up"},
    held_on=date(2015, 9, 1),
    host="KOR",
    city="Seoul",
    country="KOR",
    time_zone="Asia/Seoul",
    mechanism=None,
    issue_area="environment",
    attending=("KOR", "JPN", "CHN"),
)


@dataclass
class ChaosStack:
    stack: Stack
    api: Endpoints
    target: Target
    receiver: WebhookReceiver
    subscription: dict[str, Any]
    env: dict[str, str]


@contextmanager
def chaos_stack(name: str, ports: dict[str, str], **extra: str) -> Iterator[ChaosStack]:
    """A fresh stack in .run/chaos/<name>, a receiver with a journal subscribed to the load's meetings,
    and one meeting held through everything before any fault."""
    env = {**ports, **OPERATOR, **extra, "NEACOOP_ADMIN_KEY": ADMIN_KEY}
    run_dir = find_project_root() / ".run" / "chaos" / name
    with environment_with(env), fresh_stack(run_dir, {**os.environ}) as stack:
        journal = run_dir / "receiver.jsonl"
        with WebhookReceiver(journal=journal) as receiver:
            api = endpoints_of(stack, ADMIN_KEY)
            subscription = webhook_subscription(api, receiver.url)
            record_held_when_known(api)
            target = target_of(stack, ADMIN_KEY)
            report, _ = reconcile(target, stuck_after=RECOVERY_BOUND_SECONDS, wait=120, received=journal)
            assert report.settled, report.summary()
            yield ChaosStack(stack, api, target, receiver, subscription, {**os.environ})


@contextmanager
def environment_with(env: dict[str, str]) -> Iterator[None]:
    """This process's environment with `env` set, restored afterwards: restarting a service after a fault
    (devstack.cli.configured_service) reads the ports and operator settings from it."""
    before = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def record_held_when_known(api: Endpoints) -> str:
    """One meeting held once the meetings service has learnt the registry's members (a fresh stack)."""
    with httpx.Client(timeout=30) as client:
        return record_held(client, api, Waiter(), WARM_UP)


def add_to_report(entry: dict[str, Any]) -> None:
    """Adds (or replaces) a scenario's record in the report, so a partial run leaves a partial report."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    try:
        document = json.loads(REPORT.read_text())
    except (OSError, ValueError):
        document = {}
    if document.get("mode") != ("full" if FULL else "reduced"):
        document = {"mode": "full" if FULL else "reduced", "scenarios": []}
    document["load"] = {"meetings": SHAPE.meetings, "rate_per_second": SHAPE.rate}
    document["recovery_bound_seconds"] = RECOVERY_BOUND_SECONDS
    scenarios = [s for s in document["scenarios"] if s["scenario"] != entry["scenario"]]
    document["scenarios"] = [*scenarios, entry]
    document["passed"] = all(s["passed"] for s in document["scenarios"])
    REPORT.write_text(json.dumps(document, indent=2) + "\n")
