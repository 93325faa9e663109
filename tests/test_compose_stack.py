"""docker-compose.yml started for real, as operators run it: Kafka, PostgreSQL, Mailpit and the four
services built from deploy/Dockerfile, with `make demo`'s TRM+ story played against them over HTTP.

Where the official images can be pulled they run unchanged; where no registry answers (this kind of
machine), the stand-ins of deploy/compose/ are built on a local Debian base and deploy/compose/standins.yml
swaps their names in (devstack.compose_images). The engine is the one that answers, or a `dockerd` started
here and stopped after. Nothing is skipped: an engine that cannot start fails every test with the reason.

Last, the profile `observability`'s Prometheus is started on the running stack and asked, through its HTTP
API, whether it scrapes the four services and has loaded the alert rules (Grafana has no stand-in here:
tests/test_compose.py checks its provisioning as files).

Ports: 26001-26004 for the services, 26092 Kafka, 26433 PostgreSQL, 26025/26026 Mailpit, 26090 Prometheus,
all offset from NEACOOP_COMPOSE_TEST_PORTS_FROM (26000), and the compose project `neacoop-compose-test`
(NEACOOP_COMPOSE_TEST_PROJECT), so that a stack of `make up` or an operator's compose project on the same
machine is left alone.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from devstack.compose_images import ImageMaker, image_size_bytes
from devstack.compose_project import ComposeProject
from devstack.container_engine import DockerEngine, docker_cli
from devstack.demo import Audience, tell
from devstack.paths import find_project_root
from devstack.receiver import WebhookReceiver
from devstack.services import SERVICES
from devstack.story import Endpoints, Waiter, checked, emails_in_mailpit

pytestmark = [pytest.mark.integration, pytest.mark.timeout(1800)]

ROOT = find_project_root(Path(__file__).parent)
RUN_DIR = ROOT / ".run" / "compose"
# Two checkouts testing on one engine at once each need a project (and image tag) and ports of their own.
PROJECT_NAME = os.environ.get("NEACOOP_COMPOSE_TEST_PROJECT", "neacoop-compose-test")
IMAGE = f"nea-coop:{PROJECT_NAME}"
PORTS_FROM = int(os.environ.get("NEACOOP_COMPOSE_TEST_PORTS_FROM", "26000"))
SERVICE_PORTS = {name: PORTS_FROM + 1 + index for index, name in enumerate(SERVICES)}
MAILPIT_UI_PORT = PORTS_FROM + 26
PROMETHEUS_PORT = PORTS_FROM + 90
OBSERVABILITY_PROFILES = ("observability",)
ALERT_RULES = ROOT / "deploy" / "observability" / "prometheus" / "alerts.yml"
REFERENCE = ROOT.parent / "shared" / "domain" / "nea-reference.json"
# The image holds Python, the services and their dependencies; python:3.11-slim alone is about 130 MB.
IMAGE_SIZE_LIMIT_BYTES = 450 * 1024 * 1024


@dataclass(frozen=True)
class ComposeStack:
    project: ComposeProject
    api: Endpoints
    mailpit_url: str
    receiver_address: str
    timings: dict[str, float]


def compose_environment(admin_key: str, receiver_address: str) -> dict[str, str]:
    ports = {f"NEACOOP_{name.upper()}_PORT": str(port) for name, port in SERVICE_PORTS.items()}
    return {
        **ports,
        "NEACOOP_ADMIN_KEY": admin_key,
        # The console's port, beside the services', not `make up`'s 8005.
        "NEACOOP_CONSOLE_PORT": str(PORTS_FROM + 5),
        "NEACOOP_KAFKA_PORT": str(PORTS_FROM + 92),
        "NEACOOP_PG_PORT": str(PORTS_FROM + 433),
        "NEACOOP_MAILPIT_SMTP_PORT": str(PORTS_FROM + 25),
        "NEACOOP_MAILPIT_UI_PORT": str(MAILPIT_UI_PORT),
        "NEACOOP_PROMETHEUS_UI_PORT": str(PROMETHEUS_PORT),
        # Not started here (no stand-in), but kept off an operator's Grafana should anyone start it.
        "NEACOOP_GRAFANA_PORT": str(PORTS_FROM + 30),
        "NEACOOP_IMAGE_TAG": IMAGE.split(":")[1],
        "NEACOOP_STORY_RECEIVER_ADDRESS": receiver_address,
    }


def default_bridge_gateway() -> str:
    """The host's address on docker's default bridge: what host.docker.internal names in a container."""
    shown = subprocess.run(
        [docker_cli(), "network", "inspect", "bridge", "--format", "{{json .IPAM.Config}}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    config = json.loads(shown.stdout)[0]
    # Docker leaves the default bridge's gateway unsaid when it is its subnet's first address.
    return str(config.get("Gateway") or next(ipaddress.ip_network(config["Subnet"]).hosts()))


REPORT = RUN_DIR / "report.json"


def report(what: str, value: float, unit: str) -> None:
    """Timings and the image's size: printed (`make compose-test` runs pytest -s) and kept in
    .run/compose/report.json, which `make test` leaves behind as well."""
    print(f"compose stack: {what} {value:.1f} {unit}", flush=True)
    reported = json.loads(REPORT.read_text()) if REPORT.is_file() else {}
    reported[what] = {"value": round(value, 1), "unit": unit}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(reported, indent=2) + "\n")


@pytest.fixture(scope="module")
def compose_stack() -> Iterator[ComposeStack]:
    timings: dict[str, float] = {}
    started = time.monotonic()
    REPORT.unlink(missing_ok=True)
    with DockerEngine(RUN_DIR).running():
        images = ImageMaker(ROOT, RUN_DIR).prepare()
        timings["images"] = time.monotonic() - started
        receiver_address = default_bridge_gateway()
        project = ComposeProject(
            project_root=ROOT,
            name=PROJECT_NAME,
            files=[ROOT / "docker-compose.yml", *images.override_files, ROOT / "deploy/compose/story.yml"],
            environment=compose_environment(secrets.token_urlsafe(32), receiver_address),
        )
        # What an interrupted earlier run left behind, the profile's Prometheus included.
        project.down(profiles=OBSERVABILITY_PROFILES)
        began = time.monotonic()
        project.compose("build", "--build-arg", f"PYTHON_IMAGE={images.python_image}", "registry")
        timings["build"] = time.monotonic() - began
        began = time.monotonic()
        try:
            project.up(timeout=600)
            timings["up"] = time.monotonic() - began
            api = Endpoints(
                **{name: f"http://127.0.0.1:{port}" for name, port in SERVICE_PORTS.items()},
                admin_key=project.environment["NEACOOP_ADMIN_KEY"],
            )
            # As the operators' section says: the registry is seeded from the host, through its API.
            with httpx.Client(timeout=60) as client:
                headers = {**api.headers, "content-type": "application/json"}
                checked(
                    client.post(f"{api.registry}/v1/import", content=REFERENCE.read_bytes(), headers=headers)
                )
            yield ComposeStack(project, api, f"http://127.0.0.1:{MAILPIT_UI_PORT}", receiver_address, timings)
        finally:
            timings["down"] = project.down(profiles=OBSERVABILITY_PROFILES)
            timings["total"] = time.monotonic() - started
            for what, seconds in timings.items():
                report(f"{what} seconds", seconds, "s")


def test_the_trm_plus_story_passes_against_the_compose_stack(compose_stack: ComposeStack) -> None:
    api = compose_stack.api
    with (
        httpx.Client(timeout=30) as client,
        WebhookReceiver(address=compose_stack.receiver_address, url_host="host.docker.internal") as receiver,
    ):
        audience = Audience(
            receiver=receiver,
            emails=lambda address: emails_in_mailpit(client, compose_stack.mailpit_url, address),
            mailbox=f"Mailpit, {compose_stack.mailpit_url}",
            start_hint="the compose stack is up but not ready",
        )
        ending = tell(api, audience)
    assert ending.stage == "solid_framework"
    assert ending.delivered == {"webhook": 4, "email": 4, "inbox": 4}
    assert ending.verified_webhooks == 4, "every webhook the receiver got verifies with its secret"
    assert len(ending.emails) == 4
    assert {mail.language for mail in ending.emails} == {"ko"}
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in mail.subject) for mail in ending.emails), [
        mail.subject for mail in ending.emails
    ]


def test_reconcile_run_from_the_host_against_the_compose_stack_finds_the_story_whole(
    compose_stack: ComposeStack,
) -> None:
    """`make reconcile` is an operator's command for compose too: pointed at the published ports, it
    accounts for the story's held meetings on Kafka, in the roadmap and in every matching delivery."""
    api = compose_stack.api
    environment = compose_stack.project.environment
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "devstack",
            "reconcile",
            "--meetings-url",
            api.meetings,
            "--roadmap-url",
            api.roadmap,
            "--notifications-url",
            api.notifications,
            "--kafka-bootstrap",
            f"127.0.0.1:{environment['NEACOOP_KAFKA_PORT']}",
            "--wait",
            "120",
            "--json",
            "-",
        ],
        cwd=ROOT,
        env={**os.environ, "NEACOOP_ADMIN_KEY": api.admin_key},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    counts = json.loads(finished.stdout)["counts"]
    # The story holds two meetings; each reaches Kafka, the roadmap and its subscriptions.
    assert counts["meetings_held"] >= 2, counts
    assert counts["held_on_kafka"] >= counts["meetings_held"], counts
    assert counts["roadmap_facts"] >= counts["meetings_held"], counts
    assert counts["deliveries_delivered"] >= counts["deliveries_expected"] > 0, counts


def test_the_image_is_small_and_runs_the_services_only_as_a_non_root_user(
    compose_stack: ComposeStack,
) -> None:
    size = image_size_bytes(IMAGE)
    report(f"{IMAGE} size", size / 1e6, "MB")
    assert size < IMAGE_SIZE_LIMIT_BYTES
    probe = (
        "import importlib.util, os, shutil, sys; "
        "print(os.getuid(), os.getgid()); "
        "print(*[m for m in ('devstack', 'nea_coop_client', 'pytest', 'mypy', 'ruff', 'uv', 'pip', "
        "'schemathesis', 'aiosmtpd') if importlib.util.find_spec(m)]); "
        "print(*[m for m in ('registry', 'meetings', 'roadmap', 'notifications', 'common') "
        "if importlib.util.find_spec(m)]); "
        "print(shutil.which('uv')); "
        "print(os.path.realpath(sys.executable))"
    )
    shown = subprocess.run(
        [docker_cli(), "run", "--rm", "--entrypoint", "python", IMAGE, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    ids, dev_modules, services, uv, interpreter = shown.stdout.splitlines()
    assert ids == "10001 10001"
    assert dev_modules == "", f"development packages in the image: {dev_modules}"
    assert services.split() == ["registry", "meetings", "roadmap", "notifications", "common"]
    assert uv == "None"
    # The base image's own Python, not one of the build stage's (which the runtime stage does not have).
    assert interpreter in ("/usr/local/bin/python3.11", "/usr/bin/python3.11"), interpreter


def test_a_wrong_database_password_stops_the_service_with_one_line_naming_the_setting_and_loses_nothing(
    compose_stack: ComposeStack,
) -> None:
    project, api = compose_stack.project, compose_stack.api
    with httpx.Client(timeout=30) as client:
        before = checked(client.get(f"{api.registry}/v1/members", params={"limit": 200}))["items"]
    assert before, "the reference import is in the registry"
    wrong = {**project.environment, "NEACOOP_DB_PASSWORD_REGISTRY": "not-the-password"}
    project.compose("up", "--detach", "--no-deps", "--no-build", "registry", environment=wrong)
    try:

        def refused() -> str | None:
            logs = project.logs("registry", lines=200)
            return logs if "NEACOOP_DATABASE_URL" in logs else None

        logs = Waiter().until("the registry refusing its database login", refused, timeout=120)
        named = [line for line in logs.splitlines() if "NEACOOP_DATABASE_URL" in line]
        assert "password authentication failed" in named[0], named
        assert "not-the-password" not in logs
        assert "Traceback" not in logs, logs

        def listed_as_restarting() -> str | None:
            # Between two attempts; compose restarts it (unless-stopped) and it refuses again.
            listed = project.compose("ps", "--all", "registry").stdout
            return listed if "Restarting" in listed else None

        Waiter().until("`docker compose ps` showing the registry restarting", listed_as_restarting)
    finally:
        project.compose("up", "--detach", "--no-deps", "--no-build", "registry")
        project.wait_healthy(timeout=300, recovering=True)
    with httpx.Client(timeout=30) as client:
        after = checked(client.get(f"{api.registry}/v1/members", params={"limit": 200}))["items"]
    assert after == before


def test_an_unreachable_database_stops_a_service_with_one_line_naming_the_setting(
    compose_stack: ComposeStack,
) -> None:
    url = "postgresql+asyncpg://meetings:meetings@database.invalid:5432/meetings"
    done = compose_stack.project.compose(
        "run", "--rm", "--no-deps", "-e", f"NEACOOP_DATABASE_URL={url}", "meetings", check=False, timeout=300
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    named = [line for line in output.splitlines() if "NEACOOP_DATABASE_URL" in line]
    assert len(named) == 1, output
    assert "database.invalid:5432/meetings" in named[0]
    assert "Traceback" not in output, output


def test_with_kafka_stopped_a_service_answers_not_ready_naming_kafka_and_recovers(
    compose_stack: ComposeStack,
) -> None:
    project, api = compose_stack.project, compose_stack.api
    project.compose("stop", "kafka")
    try:

        def not_ready() -> dict[str, Any] | None:
            answer = httpx.get(f"{api.meetings}/readyz", timeout=10)
            body: dict[str, Any] = answer.json()
            return body if answer.status_code == 503 and body["checks"]["kafka"] != "ok" else None

        body = Waiter().until("meetings answering not ready while Kafka is stopped", not_ready)
        assert body["checks"]["database"] == "ok", body
        assert httpx.get(f"{api.meetings}/readyz?check=database", timeout=10).status_code == 200
    finally:
        project.compose("start", "kafka")
        project.wait_healthy(timeout=300, recovering=True)


def test_compose_refuses_to_start_without_the_admin_key(compose_stack: ComposeStack) -> None:
    project = compose_stack.project
    for unset in ({}, {"NEACOOP_ADMIN_KEY": ""}):
        environment = {k: v for k, v in project.environment.items() if k != "NEACOOP_ADMIN_KEY"} | unset
        done = project.compose("up", "--detach", "--no-build", environment=environment, check=False)
        assert done.returncode != 0
        assert "set NEACOOP_ADMIN_KEY" in done.stderr, done.stderr
    # Nothing was changed: the stack runs on.
    project.wait_healthy(timeout=60)


def test_a_service_stops_within_seconds_and_comes_back(compose_stack: ComposeStack) -> None:
    project = compose_stack.project
    began = time.monotonic()
    project.compose("stop", "--timeout", "30", "meetings")
    stopped_in = time.monotonic() - began
    report("meetings stop seconds", stopped_in, "s")
    project.compose("start", "meetings")
    project.wait_healthy(timeout=300, recovering=True)
    assert stopped_in < 10


@pytest.fixture(scope="module")
def prometheus(compose_stack: ComposeStack) -> str:
    """The profile `observability`'s Prometheus, started on the running stack as an operator would
    (`docker compose --profile observability up -d prometheus`); its URL on the host."""
    project = compose_stack.project
    began = time.monotonic()
    project.compose("--profile", "observability", "up", "--detach", "--no-build", "prometheus")
    project.wait_healthy(timeout=120)
    report("prometheus healthy seconds", time.monotonic() - began, "s")
    # The stack's `down` names the profile, and so removes Prometheus and its volume too.
    return f"http://127.0.0.1:{PROMETHEUS_PORT}"


def test_prometheus_of_the_observability_profile_scrapes_the_four_services_and_loads_the_alert_rules(
    prometheus: str,
) -> None:
    began = time.monotonic()
    with httpx.Client(base_url=prometheus, timeout=10) as client:

        def series(expression: str) -> dict[str, str]:
            answer = checked(client.get("/api/v1/query", params={"query": expression}))
            return {found["metric"]["service"]: found["value"][1] for found in answer["data"]["result"]}

        seen: dict[str, dict[str, str]] = {}

        def every_service_up() -> bool:
            seen["up"] = series('up{job="neacoop"}')
            return seen["up"] == {name: "1" for name in SERVICES}

        # Each target is scraped once per scrape_interval (15 s) from Prometheus's start.
        try:
            Waiter().until("Prometheus scraping the four services with up == 1", every_service_up, timeout=90)
        except TimeoutError as waited:
            raise AssertionError(f"{waited}; last seen: {seen.get('up')}") from None
        report("prometheus scraping the four seconds", time.monotonic() - began, "s")

        # Every service has timed HTTP requests by now: the healthchecks' /readyz, Prometheus's /metrics.
        counted = series("count by (service) (neacoop_http_request_duration_seconds_count)")
        assert set(counted) == set(SERVICES), counted

        declared = yaml.safe_load(ALERT_RULES.read_text())["groups"]
        alerts = {rule["alert"] for group in declared for rule in group["rules"]}
        rules: dict[str, str] = {}

        def every_alert_evaluated() -> bool:
            # An alert's health is "unknown" until its group's first evaluation, then "ok" or "err".
            groups = checked(client.get("/api/v1/rules", params={"type": "alert"}))["data"]["groups"]
            rules.clear()
            rules.update({rule["name"]: rule["health"] for group in groups for rule in group["rules"]})
            return set(rules) == alerts and "unknown" not in rules.values()

        try:
            Waiter().until("Prometheus evaluating every alert rule", every_alert_evaluated, timeout=60)
        except TimeoutError as waited:
            raise AssertionError(f"{waited}; loaded: {rules}, declared: {sorted(alerts)}") from None
        assert set(rules.values()) == {"ok"}, rules
