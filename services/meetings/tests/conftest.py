"""The meetings service running in process on the real Kafka broker and PostgreSQL, with a fresh
database, and a stand-in for the registry that publishes the registry's events exactly as its relay would.

The registry itself never runs here: every meeting these tests schedule is validated against the read
models the service built from those events alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from common.db import create_engine
from common.testing.fixtures import migrated_database, running_app, service_settings
from common.testing.infrastructure import Infrastructure
from meetings.config import MeetingsSettings
from meetings.main import create_app
from support.meetings import RegistryOnTheBus


@pytest.fixture
async def meetings_settings(infrastructure: Infrastructure) -> MeetingsSettings:
    url = await migrated_database(infrastructure, "meetings")
    return service_settings(MeetingsSettings, infrastructure, url)


@pytest.fixture
async def meetings(meetings_settings: MeetingsSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(create_app(meetings_settings)) as client:
        yield client


@pytest.fixture
async def registry(
    meetings: httpx.AsyncClient, meetings_settings: MeetingsSettings
) -> AsyncIterator[RegistryOnTheBus]:
    """Depends on `meetings`, whose consumers apply what is published."""
    engine = create_engine(meetings_settings.sqlalchemy_url)
    yield RegistryOnTheBus(meetings_settings)
    await engine.dispose()
