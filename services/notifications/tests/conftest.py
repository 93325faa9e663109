"""The notifications service running in process on the real Kafka broker and PostgreSQL, with a fresh
database, a real SMTP server (aiosmtpd) and a real HTTP receiver for its webhooks, and a stand-in for the
registry, the meetings service and the roadmap that publishes their events exactly as their relays would.

The topics are shared by every test of the session while each test has a fresh database, so before the
app starts the consumer group "notifications" is moved to the end of its topics: each test sees only the
events it publishes itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from common.db import create_engine
from common.testing.fixtures import migrated_database, service_settings
from common.testing.infrastructure import Infrastructure
from notifications.config import NotificationsSettings
from notifications.webhooks import new_webhook_client
from support.notifications import (
    MailServer,
    OthersOnTheBus,
    Receiver,
    mail_server_running,
    receiving,
    running,
    settings_for_tests,
    start_group_at_end,
)


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    with mail_server_running() as server:
        yield server


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as receiver:
        yield receiver


@pytest.fixture
async def webhook_client() -> AsyncIterator[httpx.AsyncClient]:
    async with new_webhook_client() as client:
        yield client


@pytest.fixture
async def notifications_settings(
    infrastructure: Infrastructure, mail_server: MailServer
) -> NotificationsSettings:
    url = await migrated_database(infrastructure, "notifications")
    overrides = settings_for_tests(smtp_port=mail_server.port)
    return service_settings(NotificationsSettings, infrastructure, url, **overrides)


@pytest.fixture
async def notifications(notifications_settings: NotificationsSettings) -> AsyncIterator[httpx.AsyncClient]:
    await start_group_at_end(notifications_settings)
    async with running(notifications_settings) as client:
        yield client


@pytest.fixture
async def engine(notifications_settings: NotificationsSettings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(notifications_settings.sqlalchemy_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture
def bus(notifications_settings: NotificationsSettings) -> OthersOnTheBus:
    """Waits for the service's consumers: use it with `notifications`, or with an app a test starts."""
    return OthersOnTheBus(notifications_settings)
