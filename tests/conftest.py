"""Each of the four services in process on the real Kafka broker and PostgreSQL, with a fresh database:
for the cross-service suites that walk every route of every service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import meetings.main
import notifications.main
import registry.main
import roadmap.main
from common.config import ServiceSettings
from common.testing.fixtures import migrated_database, running_app, service_settings
from common.testing.infrastructure import Infrastructure
from meetings.config import MeetingsSettings
from notifications.config import NotificationsSettings
from registry.config import RegistrySettings
from roadmap.config import RoadmapSettings

SERVICES: dict[str, tuple[Callable[[Any], FastAPI], type[ServiceSettings]]] = {
    "registry": (registry.main.create_app, RegistrySettings),
    "meetings": (meetings.main.create_app, MeetingsSettings),
    "roadmap": (roadmap.main.create_app, RoadmapSettings),
    "notifications": (notifications.main.create_app, NotificationsSettings),
}


# Never connected to: enough to build an app and read its routes.
NOWHERE = "postgresql+asyncpg://nobody:nobody@127.0.0.1:9/nobody"

Started = Callable[..., Any]  # (name, **settings) -> async context of (app, client)


@pytest.fixture
def unstarted_apps() -> dict[str, FastAPI]:
    """Each service's app, not started: its routes and OpenAPI document."""
    return {name: factory(settings(database_url=NOWHERE)) for name, (factory, settings) in SERVICES.items()}


@pytest.fixture
def start_service(infrastructure: Infrastructure) -> Started:
    """`async with start_service("meetings", **settings) as (app, client)`: the service started with its
    lifespan on a fresh database, with settings for tests and those given."""

    @asynccontextmanager
    async def start(name: str, **overrides: Any) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
        factory, settings_type = SERVICES[name]
        url = await migrated_database(infrastructure, name)
        app = factory(service_settings(settings_type, infrastructure, url, **overrides))
        async with running_app(app) as client:
            yield app, client

    return start
