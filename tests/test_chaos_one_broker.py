"""The chaos suite on a stack of its own with one Kafka broker (issue 12, items 6 and 7): `make reconcile`'s
verdicts on a real stack, then each fault during steady load through the meetings API, judged by it.

`make test` runs a reduced load (a dozen meetings per fault), `make chaos` the full one (250 at 5 per
second); each scenario's record goes to .run/chaos/report.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date

import asyncpg
import httpx
import pytest

from devstack.chaos import (
    Fault,
    Scenario,
    devstack_command,
    kafka_killed,
    notifications_killed_while_the_receiver_fails,
    postgres_stopped,
    run_scenario,
    service_killed,
)
from devstack.chaos_suite import (
    ADMIN_KEY,
    RECOVERY_BOUND_SECONDS,
    SHAPE,
    ChaosStack,
    add_to_report,
    chaos_stack,
)
from devstack.cli import configured_service
from devstack.process import run_async
from devstack.services import ServiceProcess
from devstack.story import Meeting, Waiter, record_held

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

PORTS = {
    "NEACOOP_KAFKA_PORT": "61092",
    "NEACOOP_KAFKA_CONTROLLER_PORT": "61093",
    "NEACOOP_PG_PORT": "61433",
    "NEACOOP_MAIL_PORT": "61025",
    "NEACOOP_REGISTRY_PORT": "61001",
    "NEACOOP_MEETINGS_PORT": "61002",
    "NEACOOP_ROADMAP_PORT": "61003",
    "NEACOOP_NOTIFICATIONS_PORT": "61004",
}


@pytest.fixture(scope="module")
def chaos() -> Iterator[ChaosStack]:
    with chaos_stack("one-broker", PORTS) as running:
        yield running


def restarter(chaos: ChaosStack) -> Callable[[str], ServiceProcess]:
    return lambda name: configured_service(chaos.stack, name, ADMIN_KEY)


def reconcile_command(chaos: ChaosStack, *arguments: str) -> tuple[int, dict[str, object]]:
    report = chaos.stack.run_dir / "reconcile.json"
    report.unlink(missing_ok=True)
    done = devstack_command(
        chaos.stack.run_dir, "reconcile", "--json", str(report), *arguments, env=chaos.env
    )
    assert report.is_file(), done.stdout + done.stderr
    document: dict[str, object] = json.loads(report.read_text())
    return done.returncode, document


def test_reconcile_on_a_settled_stack_exits_0_with_every_count_in_its_json(chaos: ChaosStack) -> None:
    code, report = reconcile_command(chaos, "--wait", "60", "--received", str(chaos.receiver.journal))
    assert code == 0, report
    assert report["ok"] is True
    counts = report["counts"]
    assert isinstance(counts, dict)
    assert counts["held_on_kafka"] == counts["held_recorded"] == counts["meetings_held"] >= 1
    assert counts["deliveries_expected"] >= 1
    assert counts["received"] >= 1


def test_reconcile_names_a_fact_the_roadmap_lost_exits_1_and_is_clean_after_the_documented_rebuild(
    chaos: ChaosStack,
) -> None:
    meeting = Meeting(
        title={"en": "A fact the roadmap will lose"},
        held_on=date(2015, 10, 5),
        host="KOR",
        city="Seoul",
        country="KOR",
        time_zone="Asia/Seoul",
        mechanism=None,
        issue_area="cyberspace",
        attending=("KOR", "JPN", "CHN"),
    )
    with httpx.Client(timeout=30) as client:
        meeting_id = record_held(client, chaos.api, Waiter(), meeting)
    code, report = reconcile_command(chaos, "--wait", str(RECOVERY_BOUND_SECONDS))
    assert code == 0, report
    # Behind the service's back, as a botched manual fix or a restored backup would.
    roadmap = configured_service(chaos.stack, "roadmap", ADMIN_KEY)
    url = roadmap.env["NEACOOP_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    run_async(lambda: execute(url, "DELETE FROM held_meetings WHERE meeting_id = $1", meeting_id))

    # Without a bound, a fact missing now is lost, not still on its way.
    code, report = reconcile_command(chaos, "--stuck-after", "0")
    assert code == 1
    lost = report["lost"]
    assert isinstance(lost, list)
    assert [(f["where"], f["meeting_id"]) for f in lost] == [("roadmap", meeting_id)]

    # docs/runbook.md, "Rebuild a read model": the roadmap re-derives its facts from offset 0.
    rebuilt = subprocess.run(
        [sys.executable, "-m", "roadmap.rebuild", "--yes"],
        env={**os.environ, **roadmap.env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    code, report = reconcile_command(chaos, "--stuck-after", "0")
    assert code == 0, report


async def execute(url: str, statement: str, *arguments: object) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement, *arguments)
    finally:
        await connection.close()


def judged(chaos: ChaosStack, name: str, fault: Fault, seed: int) -> None:
    scenario = Scenario(name=name, fault=fault, shape=SHAPE, recovery_bound_seconds=RECOVERY_BOUND_SECONDS)
    record = run_scenario(scenario, api=chaos.api, target=chaos.target, receiver=chaos.receiver, seed=seed)
    add_to_report(record)
    assert record["passed"], json.dumps(record, indent=2)


def test_meetings_killed_mid_load_loses_and_duplicates_nothing(chaos: ChaosStack) -> None:
    judged(chaos, "meetings-killed", service_killed(chaos.stack, restarter(chaos), "meetings"), seed=1)


def test_kafka_killed_mid_load_loses_and_duplicates_nothing(chaos: ChaosStack) -> None:
    judged(chaos, "kafka-killed", kafka_killed(chaos.stack), seed=2)


def test_notifications_killed_while_the_receiver_fails_delivers_everything_once_it_recovers(
    chaos: ChaosStack,
) -> None:
    fault = notifications_killed_while_the_receiver_fails(chaos.stack, restarter(chaos), chaos.receiver)
    judged(chaos, "notifications-killed-receiver-failing", fault, seed=3)


def test_roadmap_killed_mid_load_applies_every_meeting_once_back(chaos: ChaosStack) -> None:
    judged(chaos, "roadmap-killed", service_killed(chaos.stack, restarter(chaos), "roadmap"), seed=4)


def test_postgres_stopped_immediately_mid_load_loses_and_duplicates_nothing(chaos: ChaosStack) -> None:
    judged(chaos, "postgres-immediate-stop", postgres_stopped(chaos.stack), seed=5)
