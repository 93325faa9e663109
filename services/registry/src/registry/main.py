"""Composition root of the registry."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import build_service_app
from registry import seed
from registry.clients import api as clients_api
from registry.clients.directory import RegistryClients
from registry.config import RegistrySettings
from registry.consumers import consumers
from registry.issue_areas import api as issue_areas_api
from registry.mechanisms import api as mechanisms_api
from registry.members import api as members_api


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or RegistrySettings(),
        title="nea-coop registry",
        description="Members and their participation over time, mechanisms, issue areas, API clients.",
        routers=[
            members_api.router,
            mechanisms_api.router,
            issue_areas_api.router,
            clients_api.router,
            seed.router,
        ],
        tags=[
            {"name": "members", "description": "Members, their participation status over time, focal points"},
            {
                "name": "mechanisms",
                "description": "Cooperation mechanisms (TRM, TRM+, GTI, ...) and who belongs",
            },
            {
                "name": "issue areas",
                "description": "Issue areas; traditional ones open only by consensus decision",
            },
            {"name": "clients", "description": "Partner API clients and their scopes, for administrators"},
            {"name": "import", "description": "Bulk import in the shape of the reference file"},
        ],
        consumers=consumers,
        # The registry owns the clients: it authenticates against its own table, not a copy.
        client_directory=lambda runtime: RegistryClients(runtime.uow),
    )
