"""The roadmap service running in process on the real Kafka broker and PostgreSQL, with a fresh
database, and stand-ins for the meetings service and the registry that publish their events exactly as
their relays would.

The topics are shared by every test of the session while each test has a fresh database, so before the
app starts the consumer group "roadmap" is moved to the end of its topics: each test sees only the
events it publishes itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts import CATALOG
from common.db import create_engine
from common.messaging.outbox import Outbox
from common.testing import fixtures
from common.testing.fixtures import migrated_database, running_app, service_settings
from common.testing.infrastructure import Infrastructure
from roadmap.config import RoadmapSettings
from roadmap.consumers import GROUP, handlers
from roadmap.main import create_app
from support.roadmap import OthersOnTheBus


async def start_group_at_end(settings: RoadmapSettings) -> None:
    topics = {CATALOG.for_data_type(h.data).topic for h in handlers(Outbox(service="roadmap"))}
    await fixtures.start_group_at_end(settings, GROUP, topics)


@pytest.fixture
async def roadmap_settings(infrastructure: Infrastructure) -> RoadmapSettings:
    url = await migrated_database(infrastructure, "roadmap")
    return service_settings(RoadmapSettings, infrastructure, url)


@pytest.fixture
async def roadmap(roadmap_settings: RoadmapSettings) -> AsyncIterator[httpx.AsyncClient]:
    await start_group_at_end(roadmap_settings)
    async with running_app(create_app(roadmap_settings)) as client:
        yield client


@pytest.fixture
async def engine(roadmap_settings: RoadmapSettings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(roadmap_settings.sqlalchemy_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def others(
    roadmap: httpx.AsyncClient, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> OthersOnTheBus:
    """Depends on `roadmap`, whose consumers apply what is published."""
    return OthersOnTheBus(roadmap_settings)
