"""The chaos suite's machinery: a stack of its own, steady load through the meetings API, faults, and the
verdict of devstack.reconcile after each.

A scenario starts the load (meetings scheduled, confirmed and held at `rate` per second, every write with
an Idempotency-Key so that a retry after a lost answer changes nothing), injects its fault once a third of
the meetings are under way, restores what it broke, lets the load finish, and then reconciles until the
stack has settled or the recovery bound has passed. It passes when every meeting the API acknowledged is
held, nothing is lost, duplicated, stuck or unexpected, and the stack settled within the bound after the
fault was restored. tests/test_chaos.py runs the scenarios (`make test` a reduced load, `make chaos` the
full one) and writes every scenario's record to a JSON report.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from devstack.kafka import KafkaBroker
from devstack.kafka_cluster import KafkaCluster
from devstack.load import AREAS, GIVE_UP_SECONDS, Load, LoadShape
from devstack.observe import Target, reconcile
from devstack.paths import find_project_root
from devstack.process import DevstackError, pid_is_alive, read_pid
from devstack.receiver import WebhookReceiver
from devstack.services import ServiceProcess
from devstack.stack import Stack
from devstack.story import HELD, Endpoints, Waiter

# -- faults ----------------------------------------------------------------------------------------------


def kill_service(service: ServiceProcess) -> None:
    """SIGKILL the service's process group: no shutdown, whatever was in memory is gone."""
    pid = read_pid(service.pid_path)
    if pid is None or not pid_is_alive(pid):
        raise DevstackError(f"{service.name} is not running")
    os.killpg(pid, signal.SIGKILL)
    _until(f"{service.name} gone", lambda: not pid_is_alive(pid), timeout=30)


def kill_kafka_node(node: KafkaBroker) -> None:
    node.kill()


def _until(what: str, probe: Callable[[], bool], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise DevstackError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.2)


# -- a scenario ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """What breaks and how it is restored. `inject` returns once it is broken; `restore` once it is back
    (a restarted process ready, a cluster caught up). `hold_seconds` is how long it stays broken."""

    name: str
    description: str
    inject: Callable[[], None]
    restore: Callable[[], None]
    hold_seconds: float = 3.0


@dataclass
class Scenario:
    name: str
    fault: Fault
    shape: LoadShape
    recovery_bound_seconds: float


def run_scenario(
    scenario: Scenario, *, api: Endpoints, target: Target, receiver: WebhookReceiver, seed: int
) -> dict[str, Any]:
    """Runs one scenario end to end; its record for the report (`passed` and the reasons if not)."""
    started_at = datetime.now().astimezone()
    load = Load(api, scenario.shape, seed=seed).start()
    _until(
        "a third of the load under way", lambda: load.started() >= scenario.shape.meetings // 3, timeout=120
    )
    fault_began = time.monotonic()
    scenario.fault.inject()
    injected = time.monotonic()
    # How long the fault lasts is part of the scenario (the load keeps coming meanwhile), not a wait for
    # something to happen.
    time.sleep(scenario.fault.hold_seconds)
    scenario.fault.restore()
    restored = time.monotonic()
    result = load.wait(timeout=GIVE_UP_SECONDS + scenario.shape.seconds + 30)
    load_done = time.monotonic()
    # The bound counts from the restore: the load's own tail is part of the recovery being measured.
    remaining = max(1.0, scenario.recovery_bound_seconds - (load_done - restored))
    report, _ = reconcile(
        target, stuck_after=scenario.recovery_bound_seconds, wait=remaining, received=receiver.journal
    )
    settled_after = time.monotonic() - restored
    held = _held_ids(api)
    missing = sorted(set(result.accepted) - held)
    reasons = []
    if missing:
        reasons.append(f"{len(missing)} acknowledged meetings are not held: {missing[:5]}")
    if result.given_up:
        reasons.append(f"{len(result.given_up)} meetings the load gave up on: {result.given_up[:5]}")
    if result.server_errors:
        reasons.append(f"{result.server_errors} answers were 500 (an outage must be a 503)")
    if not report.ok:
        reasons.append("reconcile: " + report.summary().splitlines()[-2])
    if not report.settled or settled_after > scenario.recovery_bound_seconds:
        reasons.append(
            f"not settled within {scenario.recovery_bound_seconds:.0f} s of the restore "
            f"({settled_after:.1f} s, {len(report.in_flight)} in flight)"
        )
    return {
        "scenario": scenario.name,
        "fault": {
            "name": scenario.fault.name,
            "description": scenario.fault.description,
            "started_at": started_at.isoformat(),
            "inject_seconds": round(injected - fault_began, 1),
            "broken_seconds": round(restored - injected, 1),
        },
        "load": {
            "meetings": scenario.shape.meetings,
            "rate_per_second": scenario.shape.rate,
            "acknowledged": len(result.accepted),
            "given_up": len(result.given_up),
            "retried_answers": result.transient_answers,
            "server_errors": result.server_errors,
            "acknowledged_not_held": missing,
        },
        "recovery": {
            "bound_seconds": scenario.recovery_bound_seconds,
            "settled_after_restore_seconds": round(settled_after, 1),
        },
        "reconcile": {
            key: value
            for key, value in report.as_json().items()
            if key in ("ok", "settled", "counts", "lost", "duplicated", "stuck", "unexpected")
        }
        | {"in_flight": len(report.in_flight)},
        "passed": not reasons,
        "reasons": reasons,
    }


def _held_ids(api: Endpoints) -> set[str]:
    found: set[str] = set()
    cursor: str | None = None
    with httpx.Client(timeout=30) as client:
        while True:
            params = {"status": "held", "limit": "200", **({"cursor": cursor} if cursor else {})}
            page = client.get(f"{api.meetings}/v1/meetings", params=params).json()
            found |= {item["id"] for item in page["items"]}
            cursor = page.get("next_cursor")
            if not cursor:
                return found


def webhook_subscription(api: Endpoints, url: str) -> dict[str, Any]:
    """The administrator's webhook to `url` for every meeting held on the load's issue areas, once the
    notifications service has learnt those issue areas from the registry (a fresh stack)."""
    body = {
        "channel": "webhook",
        "url": url,
        "filters": {"event_types": [HELD], "issue_areas": list(AREAS)},
        "description": "chaos suite receiver",
    }

    def created() -> dict[str, Any] | None:
        answer = httpx.post(
            f"{api.notifications}/v1/subscriptions", json=body, headers=api.headers, timeout=30
        )
        if answer.status_code == 422 and answer.json().get("field") == "filters.issue_areas":
            return None
        if answer.status_code != 201:
            raise DevstackError(f"subscribing the receiver: {answer.status_code} {answer.text}")
        found: dict[str, Any] = answer.json()
        return found

    return Waiter().until("notifications knowing the issue areas", created, timeout=120)


# -- the faults of the suite -----------------------------------------------------------------------------


def service_killed(stack: Stack, restart: Callable[[str], ServiceProcess], name: str) -> Fault:
    return Fault(
        name=f"kill -9 {name}",
        description=f"SIGKILL of the {name} service mid-load, then a restart",
        inject=lambda: kill_service(stack.service(name)),
        restore=lambda: restart(name).start(),
    )


def notifications_killed_while_the_receiver_fails(
    stack: Stack, restart: Callable[[str], ServiceProcess], receiver: WebhookReceiver
) -> Fault:
    def inject() -> None:
        receiver.fail_with(503)
        seen = len(receiver.snapshot())
        # Killed with attempts made and retries pending, not before the first one.
        _until("a failed webhook attempt", lambda: len(receiver.snapshot()) > seen, timeout=60)
        kill_service(stack.service("notifications"))

    def restore() -> None:
        restart("notifications").start()
        receiver.fail_with(None)

    return Fault(
        name="kill -9 notifications, receiver failing",
        description="the receiver answers 503; notifications is SIGKILLed with retries pending and "
        "restarted; then the receiver recovers",
        inject=inject,
        restore=restore,
    )


def kafka_killed(stack: Stack) -> Fault:
    node = stack.kafka_node()
    return Fault(
        name="kill -9 kafka",
        description="SIGKILL of the single Kafka broker mid-load, then a restart",
        inject=node.kill,
        restore=node.start,
    )


def postgres_stopped(stack: Stack) -> Fault:
    postgres = stack.postgres()
    return Fault(
        name="postgres immediate stop",
        description="pg_ctl stop -m immediate (no checkpoint: crash recovery) mid-load, then a start",
        inject=lambda: postgres.stop(immediate=True),
        restore=postgres.start,
    )


def leader_killed(cluster: KafkaCluster, topic: str) -> Fault:
    killed: list[int] = []

    def inject() -> None:
        leader = cluster.leader_of(topic, 0)
        killed.append(leader)
        cluster.node(leader).kill()

    def restore() -> None:
        cluster.node(killed[-1]).start()
        cluster.wait_fully_replicated(cluster.topics())

    return Fault(
        name="kill -9 partition leader",
        description=f"SIGKILL of the broker leading {topic}/0 on a three-node cluster, then a restart",
        inject=inject,
        restore=restore,
        hold_seconds=10.0,
    )


def rolling_restart(cluster: KafkaCluster) -> Fault:
    def inject() -> None:
        for node in cluster.nodes:
            node.stop()
            node.start()
            # The next node goes down only once every partition is whole again: never two copies away.
            cluster.wait_fully_replicated(cluster.topics())

    return Fault(
        name="rolling restart",
        description="each of the three brokers stopped and started in turn, waiting for full replication",
        inject=inject,
        restore=lambda: None,
        hold_seconds=0.0,
    )


# -- a stack of the suite's own --------------------------------------------------------------------------

# Notifications retries within seconds (the schedule spans about three minutes before a delivery dies, far
# longer than any fault here) and reopens a tripped circuit after 3 s: operator settings `make up` takes.
OPERATOR = {
    "NEACOOP_DELIVERY_RETRY_SCHEDULE": "[0, 1, 2, 3, 5, 5, 10, 10, 20, 30, 30, 60]",
    "NEACOOP_DELIVERY_RETRY_JITTER": "0",
    "NEACOOP_WEBHOOK_CIRCUIT_OPEN_SECONDS": "3",
}


def devstack_command(run_dir: Path, *arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "--run-dir", str(run_dir), *arguments],
        env=env,
        cwd=find_project_root(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextmanager
def fresh_stack(run_dir: Path, env: dict[str, str]) -> Iterator[Stack]:
    """`python -m devstack up` in an emptied run_dir with `env` (ports, brokers, key), `down` afterwards.
    The caller's own environment must hold the same `env` (a restart reads it)."""
    devstack_command(run_dir, "down", env=env)
    shutil.rmtree(run_dir, ignore_errors=True)
    up = devstack_command(run_dir, "up", env=env)
    try:
        if up.returncode != 0:
            raise DevstackError(f"devstack up failed:\n{up.stdout[-3000:]}\n{up.stderr[-3000:]}")
        yield Stack.from_environment(run_dir)
    finally:
        devstack_command(run_dir, "down", env=env)


def endpoints_of(stack: Stack, admin_key: str) -> Endpoints:
    urls = {name: f"http://127.0.0.1:{port}" for name, port in stack.service_ports.items()}
    return Endpoints(**urls, admin_key=admin_key)


def target_of(stack: Stack, admin_key: str) -> Target:
    urls = {name: f"http://127.0.0.1:{port}" for name, port in stack.service_ports.items()}
    return Target(
        meetings=urls["meetings"],
        roadmap=urls["roadmap"],
        notifications=urls["notifications"],
        admin_key=admin_key,
        kafka_bootstrap_servers=stack.kafka().bootstrap_servers,
    )
