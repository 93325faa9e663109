"""Composition root of the registry."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import build_service_app
from common.auth import EXAMPLE_CLIENT_ID
from common.errors import NotFound
from common.openapi import PathParameter
from registry import seed
from registry.clients import api as clients_api
from registry.clients.directory import RegistryClients
from registry.config import RegistrySettings
from registry.consumers import consumers
from registry.issue_areas import api as issue_areas_api
from registry.mechanisms import api as mechanisms_api
from registry.members import api as members_api

EXAMPLE_CONTACT_ID = "0b6f3c1e-58d2-4a57-9d3e-2f4a1c7b9e60"


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
        path_parameters={
            "members/{code}": PathParameter(
                "member", "KOR", NotFound("no member with code KOR", field="code")
            ),
            "contacts/{contact_id}": PathParameter(
                "contact",
                EXAMPLE_CONTACT_ID,
                NotFound(f"member KOR has no contact {EXAMPLE_CONTACT_ID}", field="contact_id"),
            ),
            "mechanisms/{code}": PathParameter(
                "mechanism", "TRM+", NotFound("no mechanism with code TRM+", field="code")
            ),
            "members/{member_code}": PathParameter(
                "member of the mechanism", "JPN", NotFound("JPN is not a member of TRM+", field="member_code")
            ),
            "issue-areas/{code}": PathParameter(
                "issue area",
                "nuclear_safety",
                NotFound("no issue area with code nuclear_safety", field="code"),
            ),
            "clients/{client_id}": PathParameter(
                "API client",
                EXAMPLE_CLIENT_ID,
                NotFound(f"no API client {EXAMPLE_CLIENT_ID}", field="client_id"),
            ),
        },
        consumers=consumers,
        # The registry owns the clients: it authenticates against its own table, not a copy.
        client_directory=lambda runtime: RegistryClients(runtime.uow),
    )
