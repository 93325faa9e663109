"""Every write of the roadmap refuses a caller who may not make it before it looks at the body: a
partner learns nothing from a 422 about decisions or criteria it may not record (issue #11)."""

from __future__ import annotations

import secrets

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from common.auth import hash_secret
from common.messaging.tables import known_clients
from common.testing.authorisation import (
    Access,
    Callers,
    Walk,
    administrators_only,
    matrix_mismatches,
    open_to_all,
    table_routes,
    write_known_clients,
    write_routes,
)
from common.testing.fixtures import admin_headers
from roadmap.config import RoadmapSettings
from roadmap.main import create_app

pytestmark = pytest.mark.integration

ADMIN = admin_headers()
OPEN_WRITES = {
    "POST /v1/roadmaps/{code}/simulate": "a read: it answers what a meeting would change and changes nothing",
}
PARTNER_SCOPES = ["members:write", "meetings:write", "subscriptions:write", "roadmap:write"]


async def partner(engine: AsyncEngine, scopes: list[str]) -> dict[str, str]:
    """A partner client of KOR in the roadmap's copy of the clients, as the registry's events leave it."""
    client_id, secret = f"cl_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
    async with engine.begin() as connection:
        await connection.execute(
            insert(known_clients).values(
                client_id=client_id,
                member_code="KOR",
                scopes=scopes,
                secret_hash=hash_secret(secret),
                revoked=False,
                version=1,
            )
        )
    return {"Authorization": f"Bearer {client_id}.{secret}"}


async def test_every_write_refuses_whoever_may_not_make_it_before_validating_the_body(
    roadmap: httpx.AsyncClient, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    partner_with_every_scope = await partner(engine, PARTNER_SCOPES)
    routes = write_routes(create_app(roadmap_settings), open_routes=OPEN_WRITES)

    walk = Walk(roadmap, routes, path_values={"code": "NAPCI"}, owners={})

    assert await walk({}) == {str(r): 401 for r in routes}
    # Decisions and criteria are the administrators' alone: no partner scope reaches them.
    assert await walk(partner_with_every_scope) == {str(r): 403 for r in routes}
    # The bodies were invalid indeed: an administrator, who may make every write, is told so.
    assert await walk(ADMIN, only_with_body=True) == {str(r): 422 for r in routes if r.has_body}


PUBLIC = "the roadmap is public: anyone may follow how far the initiative has come"
# Every route of the roadmap and who may call it; a route missing here fails the matrix.
ACCESS: dict[str, Access] = {
    "GET /v1/roadmaps": open_to_all(PUBLIC),
    "GET /v1/roadmaps/{code}": open_to_all(PUBLIC),
    "GET /v1/roadmaps/{code}/tracks/{track}": open_to_all(PUBLIC),
    "GET /v1/roadmaps/{code}/history": open_to_all(PUBLIC),
    "GET /v1/roadmaps/{code}/decisions": open_to_all(PUBLIC),
    "GET /v1/roadmaps/{code}/criteria": open_to_all(PUBLIC),
    "POST /v1/roadmaps/{code}/simulate": open_to_all(
        "a computation on the body it is sent: it changes nothing"
    ),
    "POST /v1/roadmaps/{code}/decisions": administrators_only(),
    "PUT /v1/roadmaps/{code}/criteria": administrators_only(),
    # The facts the service holds name every meeting's attendees as recorded: an operator's view.
    "GET /v1/facts/held-meetings": administrators_only(),
    "GET /v1/audit": administrators_only(),
}


async def test_every_route_answers_each_kind_of_caller_as_the_table_says(
    roadmap: httpx.AsyncClient, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    callers = Callers.of(owner="KOR", another="JPN")
    await write_known_clients(engine, callers.rows)
    routes = table_routes(create_app(roadmap_settings), ACCESS)

    mismatches = await matrix_mismatches(
        roadmap,
        routes,
        ACCESS,
        callers.headers(ADMIN),
        path_values={"code": "NAPCI", "track": "nuclear_safety"},
        owners={},
    )

    assert not mismatches, "\n".join(mismatches)
