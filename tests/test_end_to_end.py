"""The workflow end to end, on the stack as `make up` runs it: Kafka, PostgreSQL, the SMTP sink and the four
services as separate processes (`python -m devstack up`, on ports and in a run directory of their own),
driven only through their HTTP APIs, with a webhook receiver on this machine.

- the TRM+ story: "TRM+ held" advances the nuclear-safety track and every channel of a Korean subscriber
  hears of it exactly once, signed, in Korean;
- autonomy: with the roadmap, Kafka or notifications stopped, meetings are still recorded, and everything
  follows once it is back;
- the 2011-2014 history, replayed through the meetings API on a stack of its own, gives the stages
  README.md documents.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from common.testing import history
from common.testing.fixtures import eventually
from devstack.cli import configured_service
from devstack.paths import find_project_root
from devstack.process import pid_is_alive, read_pid
from devstack.receiver import WebhookReceiver
from devstack.services import SERVICES, ServiceProcess
from devstack.stack import Stack
from devstack.story import (
    HELD,
    STAGE_ADVANCED,
    TRM_PLUS,
    Endpoints,
    Meeting,
    Waiter,
    advancements,
    checked,
    deliveries,
    emails_to,
    ensure_contact,
    inbox,
    record_held,
    subscribe,
    track,
)
from roadmap.defaults import HISTORY_STAGES

pytestmark = pytest.mark.integration

ADMIN_KEY = "end-to-end-admin-key"
# Operator settings `make up` passes on (devstack.services.OPERATOR_SETTINGS): retries within seconds.
OPERATOR = {
    "NEACOOP_DELIVERY_RETRY_SCHEDULE": "[0, 0.5, 1, 2, 2, 5, 5]",
    "NEACOOP_DELIVERY_RETRY_JITTER": "0",
}
STORY_PORTS = {
    "NEACOOP_KAFKA_PORT": "24092",
    "NEACOOP_KAFKA_CONTROLLER_PORT": "24093",
    "NEACOOP_PG_PORT": "24433",
    "NEACOOP_MAIL_PORT": "24025",
    "NEACOOP_REGISTRY_PORT": "24001",
    "NEACOOP_MEETINGS_PORT": "24002",
    "NEACOOP_ROADMAP_PORT": "24003",
    "NEACOOP_NOTIFICATIONS_PORT": "24004",
}
HISTORY_PORTS = {name: str(int(port) + 2000) for name, port in STORY_PORTS.items()}
DEMO_PORTS = {name: str(int(port) + 3000) for name, port in STORY_PORTS.items()}
KOREAN_FOCAL_POINT = "nuclear.safety@mofa.example.kr"
TIMEOUT = 120.0


@dataclass
class RunningStack:
    stack: Stack
    api: Endpoints

    def process(self, name: str) -> ServiceProcess:
        return configured_service(self.stack, name, ADMIN_KEY)

    def logs(self) -> str:
        tails = []
        for log in sorted((self.stack.run_dir / "services").glob("*.log")):
            tails.append(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]))
        return "\n".join(tails)


def devstack(run_dir: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "--run-dir", str(run_dir), command],
        env=dict(os.environ),
        cwd=find_project_root(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextmanager
def running_stack(name: str, ports: dict[str, str]) -> Iterator[RunningStack]:
    """`python -m devstack up` in .run/<name>, from empty, and `down` afterwards."""
    with pytest.MonkeyPatch.context() as environment:
        for variable, value in {**ports, **OPERATOR, "NEACOOP_ADMIN_KEY": ADMIN_KEY}.items():
            environment.setenv(variable, value)
        run_dir = find_project_root() / ".run" / name
        devstack(run_dir, "down")
        shutil.rmtree(run_dir, ignore_errors=True)
        up = devstack(run_dir, "up")
        try:
            assert up.returncode == 0, f"devstack up failed:\n{up.stdout[-4000:]}\n{up.stderr[-4000:]}"
            stack = Stack.from_environment(run_dir)
            urls = {service: f"http://127.0.0.1:{stack.service_ports[service]}" for service in SERVICES}
            yield RunningStack(stack=stack, api=Endpoints(**urls, admin_key=ADMIN_KEY))
        finally:
            devstack(run_dir, "down")


@pytest.fixture(scope="module")
def story_stack() -> Iterator[RunningStack]:
    with running_stack("e2e-story", STORY_PORTS) as running:
        yield running


@pytest.fixture(scope="module")
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


def delivered(client: httpx.Client, api: Endpoints, subscription_id: str, count: int) -> list[dict[str, Any]]:
    def enough() -> list[dict[str, Any]] | None:
        done = [d for d in deliveries(client, api, subscription_id) if d["status"] == "delivered"]
        return done if len(done) >= count else None

    return Waiter().until(f"{count} deliveries of subscription {subscription_id}", enough, timeout=TIMEOUT)


def at_stage(client: httpx.Client, api: Endpoints, code: str, stage: str) -> dict[str, Any]:
    def reached() -> dict[str, Any] | None:
        found = track(client, api, code)
        return found if found["current_stage"] == stage else None

    return Waiter().until(f"track {code} at {stage}", reached, timeout=TIMEOUT)


def is_korean(text: str) -> bool:
    return any("\uac00" <= character <= "\ud7a3" for character in text)


def test_trm_plus_held_advances_nuclear_safety_and_each_channel_hears_once_signed_in_korean(
    story_stack: RunningStack, receiver: WebhookReceiver, client: httpx.Client
) -> None:
    api, waiter = story_stack.api, Waiter()
    contact = ensure_contact(client, api, "KOR", KOREAN_FOCAL_POINT, "ko")
    subscriptions = subscribe(client, api, waiter, member="KOR", contact_id=contact, webhook_url=receiver.url)
    meeting_ids = [record_held(client, api, waiter, meeting) for meeting in TRM_PLUS]

    at_stage(client, api, "nuclear_safety", "solid_framework")
    lines = advancements(client, api)
    assert [line["to_stage"] for line in lines] == ["accumulate_practice", "solid_framework"]
    assert lines[-1]["completed_by"] == meeting_ids[1]
    evidence = {m for part in lines[-1]["explanation"] for m in part["evidence"]["meeting_ids"]}
    assert set(meeting_ids) <= evidence, story_stack.logs()

    expected = sorted([HELD, HELD, STAGE_ADVANCED, STAGE_ADVANCED])
    for channel, subscription in subscriptions.items():
        done = delivered(client, api, subscription["id"], 4)
        assert sorted(d["event_type"] for d in done) == expected, channel
        assert len(deliveries(client, api, subscription["id"])) == 4, f"{channel}: a delivery too many"

    webhooks = receiver.snapshot()
    assert len(webhooks) == 4
    assert len({hook.headers["webhook-id"] for hook in webhooks}) == 4
    signer = Webhook(subscriptions["webhook"]["secret"])
    for hook in webhooks:
        signer.verify(hook.body, hook.headers)
    assert sorted(signer.verify(h.body, h.headers)["type"] for h in webhooks) == expected

    emails = emails_to(story_stack.stack.run_dir / "mail", KOREAN_FOCAL_POINT)
    assert len(emails) == 4
    assert all(is_korean(mail.subject) and mail.language == "ko" for mail in emails), [
        m.subject for m in emails
    ]

    items = inbox(client, api, "KOR")
    assert len(items) == 4
    assert all(item["language"] == "ko" and is_korean(item["subject"]) for item in items)


def three_states_on(area: str, day: date) -> Meeting:
    return Meeting(
        title={"en": f"Track 1 meeting on {area}"},
        held_on=day,
        host="KOR",
        city="Seoul",
        country="KOR",
        time_zone="Asia/Seoul",
        mechanism=None,
        issue_area=area,
        attending=("KOR", "JPN", "CHN"),
    )


def inbox_on(client: httpx.Client, api: Endpoints, area: str) -> str:
    body = {"channel": "inbox", "filters": {"issue_areas": [area]}, "description": f"{area} watch"}
    return str(
        checked(client.post(f"{api.notifications}/v1/subscriptions", json=body, headers=api.headers), 201)[
            "id"
        ]
    )


def hears_of_the_stage(client: httpx.Client, api: Endpoints, subscription_id: str) -> None:
    """The inbox subscription (subscriber `admin`) was told of the meeting held and of the stage."""

    def both() -> bool:
        types = {
            d["event_type"] for d in deliveries(client, api, subscription_id) if d["status"] == "delivered"
        }
        return {HELD, STAGE_ADVANCED} <= types

    Waiter().until(
        f"subscription {subscription_id} hearing of the meeting and the stage", both, timeout=TIMEOUT
    )


def test_with_the_roadmap_stopped_meetings_are_recorded_and_it_catches_up_when_it_returns(
    story_stack: RunningStack, client: httpx.Client
) -> None:
    api = story_stack.api
    watch = inbox_on(client, api, "environment")
    roadmap = story_stack.process("roadmap")
    roadmap.stop()
    try:
        record_held(client, api, Waiter(), three_states_on("environment", date(2015, 3, 2)))
    finally:
        roadmap.start()
    at_stage(client, api, "environment", "accumulate_practice")
    hears_of_the_stage(client, api, watch)


def test_with_kafka_stopped_writes_are_accepted_and_delivered_once_it_returns(
    story_stack: RunningStack, client: httpx.Client
) -> None:
    api = story_stack.api
    watch = inbox_on(client, api, "cyberspace")
    kafka = story_stack.stack.kafka()
    kafka.stop()
    try:
        record_held(client, api, Waiter(), three_states_on("cyberspace", date(2015, 4, 6)))
        # Not ready for Kafka's sake, but ready to serve: a load balancer asks for the database only.
        assert client.get(f"{api.meetings}/readyz").status_code == 503
        assert client.get(f"{api.meetings}/readyz", params={"check": "database"}).status_code == 200
    finally:
        kafka.start()
    at_stage(client, api, "cyberspace", "accumulate_practice")
    hears_of_the_stage(client, api, watch)


def test_with_notifications_stopped_nothing_is_lost(story_stack: RunningStack, client: httpx.Client) -> None:
    api = story_stack.api
    watch = inbox_on(client, api, "disaster_relief")
    notifications = story_stack.process("notifications")
    notifications.stop()
    try:
        record_held(client, api, Waiter(), three_states_on("disaster_relief", date(2015, 5, 11)))
        at_stage(client, api, "disaster_relief", "accumulate_practice")
    finally:
        notifications.start()
    hears_of_the_stage(client, api, watch)


def test_notifications_killed_with_retries_pending_delivers_them_after_a_restart(
    story_stack: RunningStack, receiver: WebhookReceiver, client: httpx.Client
) -> None:
    api = story_stack.api
    filters = {"issue_areas": ["counter_terrorism"], "event_types": [HELD]}
    body = {"channel": "webhook", "url": receiver.url, "filters": filters}
    created = client.post(f"{api.notifications}/v1/subscriptions", json=body, headers=api.headers)
    hook = checked(created, 201)
    seen = len(receiver.snapshot())
    # The receiver fails more often than the dispatcher can retry before it is killed.
    receiver.answer_next(*[500] * 3)
    record_held(client, api, Waiter(), three_states_on("counter_terrorism", date(2015, 6, 1)))

    def failing() -> dict[str, Any] | None:
        found = deliveries(client, api, hook["id"])
        return found[0] if found and found[0]["status"] == "failed" else None

    failed = Waiter().until("a failed attempt with a retry pending", failing, timeout=TIMEOUT)
    notifications = story_stack.process("notifications")
    pid = read_pid(notifications.pid_path)
    assert pid is not None
    os.killpg(pid, signal.SIGKILL)  # no shutdown: whatever was in memory is gone
    Waiter().until("notifications gone", lambda: not pid_is_alive(pid), timeout=30)
    notifications.start()

    done = delivered(client, api, hook["id"], 1)
    assert done[0]["id"] == failed["id"]
    requests = [r for r in receiver.snapshot()[seen:] if r.headers["webhook-id"] == failed["id"]]
    assert len(requests) >= 2, "at least one failed attempt and the delivery, all with one webhook-id"


@pytest.fixture(scope="module")
def history_stack() -> Iterator[RunningStack]:
    with running_stack("e2e-history", HISTORY_PORTS) as running:
        yield running


async def test_the_2011_2014_history_through_the_meetings_api_gives_the_documented_stages(
    history_stack: RunningStack,
) -> None:
    api = history_stack.api
    reference = history.load_reference()
    trm_plus: list[str] = []
    async with httpx.AsyncClient(base_url=api.meetings, timeout=30) as meetings:
        for meeting in history.historic_meetings(reference):

            async def scheduled(meeting: history.HistoricMeeting = meeting) -> str | None:
                try:
                    return await history.schedule(meetings, meeting, api.headers)
                except history.NotYetKnown:
                    return None

            meeting_id = await eventually(scheduled, timeout=TIMEOUT, what=f"scheduling {meeting.title}")
            await history.hold(meetings, meeting_id, meeting, api.headers)
            if "TRM+" in meeting.title:
                trm_plus.append(meeting_id)

    async with httpx.AsyncClient(base_url=api.roadmap, timeout=30) as roadmap:

        async def documented() -> dict[str, str] | None:
            tracks = (await roadmap.get("/v1/roadmaps/NAPCI")).json()["tracks"]
            stages = {t["track"]: t["current_stage"] for t in tracks}
            nuclear = next(t for t in tracks if t["track"] == "nuclear_safety")
            # The last meetings of the file count toward nuclear_safety's next stage: all were applied.
            counted = {m for c in nuclear["next"]["criteria"] for m in c["evidence"]["meeting_ids"]}
            return stages if stages == HISTORY_STAGES and set(trm_plus) <= counted else None

        assert await eventually(documented, timeout=TIMEOUT, what="the documented stages") == HISTORY_STAGES


def test_make_demo_on_a_fresh_stack_shows_the_track_advancing_and_the_deliveries() -> None:
    with running_stack("e2e-demo", DEMO_PORTS) as running:
        shown = devstack(running.stack.run_dir, "demo")
        assert shown.returncode == 0, shown.stdout[-4000:] + shown.stderr[-4000:]
        output = shown.stdout
    assert "gain_support -> accumulate_practice" in output
    assert "accumulate_practice -> solid_framework" in output
    for channel in ("webhook", "email", "inbox"):
        assert f"{channel}: 4 delivered" in output.replace(f"{channel}  :", f"{channel}:")
    assert output.count("(signature verified)") == 4
    assert output.count("email  [ko]") == 4
