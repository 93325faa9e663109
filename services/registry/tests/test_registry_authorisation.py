"""Every write of the registry refuses a caller who may not make it before it looks at the body: a
stranger learns nothing from a 422 about the shape of data it may not touch (issue #11)."""

from __future__ import annotations

import secrets
import string
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from common.auth import hash_secret
from common.db import create_engine
from common.testing.authorisation import (
    Access,
    Callers,
    Walk,
    administrators_only,
    matrix_mismatches,
    open_to_all,
    scoped,
    table_routes,
    write_routes,
)
from common.testing.fixtures import admin_headers
from registry.config import RegistrySettings
from registry.main import create_app
from registry.models import ApiClient

pytestmark = pytest.mark.integration

ADMIN = admin_headers()
# Every write of the registry needs a client: none is open.
OPEN_WRITES: dict[str, str] = {}
PARTNER_SCOPES = ["members:write", "meetings:write", "subscriptions:write", "roadmap:write"]
NOT_A_CONTACT: dict[str, Any] = {"name": "", "email": "not an address", "preferred_language": "tlh"}


def unique_code() -> str:
    """Codes of this test alone: the topic is shared by every test of the session."""
    return "Z" + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))


async def register(registry: httpx.AsyncClient, code: str) -> None:
    body = {"code": code, "kind": "state", "names": {"en": f"State {code}"}}
    assert (await registry.post("/v1/members", json=body, headers=ADMIN)).status_code == 201


async def partner(settings: RegistrySettings, member_code: str, scopes: list[str]) -> dict[str, str]:
    """The headers of a partner client written straight into the registry's table (no event needed)."""
    client_id, secret = f"cl_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
    engine = create_engine(settings.sqlalchemy_url)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ApiClient).values(
                client_id=client_id,
                name=f"partner of {member_code}",
                member_code=member_code,
                scopes=scopes,
                secret_hash=hash_secret(secret),
                version=1,
            )
        )
    await engine.dispose()
    return {"Authorization": f"Bearer {client_id}.{secret}"}


async def test_every_write_refuses_whoever_may_not_make_it_before_validating_the_body(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    own, other = unique_code(), unique_code()
    await register(registry, own)
    await register(registry, other)
    stranger = await partner(registry_settings, own, PARTNER_SCOPES)
    scopeless = await partner(registry_settings, other, ["subscriptions:write"])
    routes = write_routes(create_app(registry_settings), open_routes=OPEN_WRITES)
    path_values = {"code": other, "member_code": other, "contact_id": str(uuid.uuid4()), "client_id": "cl_x"}

    walk = Walk(registry, routes, path_values=path_values, owners={"member_code": other})

    assert await walk({}) == {str(r): 401 for r in routes}
    assert await walk(scopeless) == {str(r): 403 for r in routes}
    assert await walk(stranger) == {str(r): 403 for r in routes}
    # The bodies were invalid indeed: an administrator, who may make every write, is told so.
    assert await walk(ADMIN, only_with_body=True) == {str(r): 422 for r in routes if r.has_body}


async def test_a_korean_client_patching_japan_with_an_invalid_body_is_refused_not_corrected(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    await register(registry, "KOR")
    korea = await partner(registry_settings, "KOR", ["members:write"])

    refused = await registry.patch("/v1/members/JPN", json={"names": "Nippon"}, headers=korea)
    contact = await registry.post("/v1/members/JPN/contacts", json=NOT_A_CONTACT, headers=korea)

    assert (refused.status_code, refused.json()["field"]) == (403, "code")
    assert "errors" not in refused.json()
    assert (contact.status_code, contact.json()["field"]) == (403, "code")
    # Korea's own record, with the same invalid body, is judged on its content.
    assert (
        await registry.patch("/v1/members/KOR", json={"names": "Hanguk"}, headers=korea)
    ).status_code == 422


PUBLIC = "the registry is public: who takes part, in what standing, in which mechanisms"
# Every route of the registry and who may call it; a route missing here fails the matrix.
ACCESS: dict[str, Access] = {
    "GET /v1/members": open_to_all(PUBLIC),
    "GET /v1/members/{code}": open_to_all(PUBLIC),
    "GET /v1/members/{code}/status": open_to_all(PUBLIC),
    "GET /v1/members/{code}/status/corrections": open_to_all(PUBLIC + ", and how its record was corrected"),
    "GET /v1/mechanisms": open_to_all(PUBLIC),
    "GET /v1/mechanisms/{code}": open_to_all(PUBLIC),
    "GET /v1/mechanisms/{code}/members": open_to_all(PUBLIC),
    "GET /v1/issue-areas": open_to_all(PUBLIC),
    "GET /v1/issue-areas/{code}": open_to_all(PUBLIC),
    "POST /v1/members": administrators_only(),
    "POST /v1/members/{code}/status": administrators_only(),
    "POST /v1/members/{code}/status/corrections": administrators_only(),
    # A member's own data, and its focal points (people's names and addresses: a read needs a client too).
    "PATCH /v1/members/{code}": scoped(),
    "GET /v1/members/{code}/contacts": scoped(),
    "POST /v1/members/{code}/contacts": scoped(),
    "PATCH /v1/members/{code}/contacts/{contact_id}": scoped(),
    "DELETE /v1/members/{code}/contacts/{contact_id}": scoped(),
    "POST /v1/mechanisms": administrators_only(),
    "PATCH /v1/mechanisms/{code}": administrators_only(),
    "POST /v1/mechanisms/{code}/members": administrators_only(),
    "DELETE /v1/mechanisms/{code}/members/{member_code}": administrators_only(),
    "POST /v1/issue-areas": administrators_only(),
    "PATCH /v1/issue-areas/{code}": administrators_only(),
    "POST /v1/clients": administrators_only(),
    "GET /v1/clients": administrators_only(),
    "GET /v1/clients/{client_id}": administrators_only(),
    "POST /v1/clients/{client_id}/revoke": administrators_only(),
    "POST /v1/import": administrators_only(),
    "GET /v1/audit": administrators_only(),
}


async def test_every_route_answers_each_kind_of_caller_as_the_table_says(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    owner, another = unique_code(), unique_code()
    await register(registry, owner)
    await register(registry, another)
    callers = Callers.of(owner=owner, another=another)
    engine = create_engine(registry_settings.sqlalchemy_url)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ApiClient),
            [
                {
                    "client_id": row.client_id,
                    "name": f"partner of {row.member_code}",
                    "member_code": row.member_code,
                    "scopes": list(row.scopes),
                    "secret_hash": row.secret_hash,
                    "revoked_at": datetime.now(UTC) if row.revoked else None,
                    "version": 1,
                }
                for row in callers.rows
            ],
        )
    await engine.dispose()
    routes = table_routes(create_app(registry_settings), ACCESS)

    mismatches = await matrix_mismatches(
        registry,
        routes,
        ACCESS,
        callers.headers(ADMIN),
        path_values={
            "code": owner,
            "member_code": owner,
            "contact_id": str(uuid.uuid4()),
            "client_id": "cl_x",
        },
        owners={"member_code": owner},
    )

    assert not mismatches, "\n".join(mismatches)
