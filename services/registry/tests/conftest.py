"""The registry running in process on the real Kafka broker and PostgreSQL, with a fresh database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from common.testing.fixtures import migrated_database, running_app, service_settings
from common.testing.infrastructure import Infrastructure
from registry.config import RegistrySettings
from registry.main import create_app


@pytest.fixture
async def registry_settings(infrastructure: Infrastructure) -> RegistrySettings:
    url = await migrated_database(infrastructure, "registry")
    return service_settings(RegistrySettings, infrastructure, url)


@pytest.fixture
async def registry(registry_settings: RegistrySettings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(create_app(registry_settings)) as client:
        yield client


@pytest.fixture
def correlation() -> str:
    """Marks the requests of one test, so its events can be told apart on the shared broker."""
    return str(uuid.uuid4())
