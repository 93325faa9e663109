"""The notifications service under test: its settings, its start in process, and readers of its
answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx

from common.contracts import CATALOG
from common.messaging.outbox import Outbox
from common.testing import fixtures
from common.testing.fixtures import admin_headers, eventually, running_app
from notifications.config import NotificationsSettings
from notifications.consumers import GROUP, handlers
from notifications.digests.clock import Clock
from notifications.main import create_app

ADMIN = admin_headers()


# --- The service's settings and start ------------------------------------------------------------------


def settings_for_tests(*, smtp_port: int) -> dict[str, Any]:
    """Settings for tests: a compressed retry schedule, webhooks to 127.0.0.1 over http, our SMTP server."""
    return {
        "delivery_retry_schedule": (0, 0.2, 0.2, 0.2, 0.2),
        "delivery_retry_jitter": 0,
        "delivery_poll_interval_seconds": 0.1,
        "webhook_http_allowed_hosts": ("127.0.0.1",),
        "webhook_allowed_networks": ("127.0.0.0/8",),
        "webhook_timeout_seconds": 3,
        # Compressed like the schedule: an endpoint that failed five times in a row is tried again soon.
        "webhook_circuit_open_seconds": 1,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port,
        "smtp_timeout_seconds": 5,
        "email_from": "nea-coop <notifications@nea-coop.example>",
    }


@asynccontextmanager
async def running(
    settings: NotificationsSettings, *, clock: Clock | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The service in process (common.testing.fixtures.running_app); its shutdown stops every background
    task for good (common.app.cancel_until_done), so none stays in its consumer group for the next test.
    `clock` is the digests' (the system's by default)."""
    async with running_app(create_app(settings, clock=clock)) as client:
        yield client


class HandClock:
    """A clock the test moves: the digests' schedule reads it, nothing else does."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def move_to(self, at: datetime) -> None:
        self.at = at


async def start_group_at_end(settings: NotificationsSettings) -> None:
    """The topics are shared by every test of the session while each test has a fresh database: the
    service started after this sees only the events published from now on."""
    topics = {CATALOG.for_data_type(h.data).topic for h in handlers(Outbox(service="notifications"))}
    await fixtures.start_group_at_end(settings, GROUP, topics)


# --- Reading the service's answers ----------------------------------------------------------------------


def json_of(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def problem_of(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return dict(answer.json())


async def subscribe(
    notifications: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    return dict(json_of(await notifications.post("/v1/subscriptions", json=body, headers=headers), 201))


async def deliveries(
    notifications: httpx.AsyncClient, headers: dict[str, str], **query: str
) -> list[dict[str, Any]]:
    page = json_of(await notifications.get("/v1/deliveries", params={"limit": 200, **query}, headers=headers))
    return list(page["items"])


async def delivery(
    notifications: httpx.AsyncClient, delivery_id: str, headers: dict[str, str]
) -> dict[str, Any]:
    return dict(json_of(await notifications.get(f"/v1/deliveries/{delivery_id}", headers=headers)))


async def delivery_reaching(
    notifications: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    subscription: str,
    event: str,
    status: str,
    timeout: float = 15.0,
) -> dict[str, Any]:
    """The delivery of `event` to `subscription` once it is `status`, with its attempts."""

    async def probe() -> dict[str, Any] | None:
        found = await deliveries(notifications, headers, subscription=subscription, event=event)
        if len(found) == 1 and found[0]["status"] == status:
            return await delivery(notifications, found[0]["id"], headers)
        return None

    return await eventually(
        probe, timeout=timeout, what=f"the delivery of {event} to {subscription}: {status}"
    )
