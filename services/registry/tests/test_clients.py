"""Partner API clients: a secret shown once, a token that authenticates, and revocation everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from common.auth import hash_secret
from common.contracts.registry import CLIENT_TOPIC
from common.db import create_engine
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import (
    admin_headers,
    eventually,
    migrated_database,
    running_app,
    service_settings,
)
from common.testing.infrastructure import Infrastructure
from meetings.config import MeetingsSettings
from meetings.main import create_app as create_meetings
from registry.config import RegistrySettings
from registry.models import ApiClient

pytestmark = pytest.mark.integration

ADMIN = admin_headers()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register_state(registry: httpx.AsyncClient, code: str) -> None:
    body = {"code": code, "kind": "state", "names": {"en": f"State {code}"}, "status": "participant"}
    answer = await registry.post("/v1/members", json=body, headers=ADMIN)
    assert answer.status_code == 201, answer.text


async def create_client(
    registry: httpx.AsyncClient, *, scopes: list[str], member_code: str | None = None
) -> dict[str, Any]:
    body = {"name": "a partner desk", "member_code": member_code, "scopes": scopes}
    answer = await registry.post("/v1/clients", json=body, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


@pytest.fixture
async def korea(registry: httpx.AsyncClient) -> httpx.AsyncClient:
    """A registry with KOR and JPN registered."""
    await register_state(registry, "KOR")
    await register_state(registry, "JPN")
    return registry


async def test_a_new_client_is_shown_its_secret_once_and_only_its_hash_is_stored(
    korea: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    created = await create_client(korea, scopes=["members:write"], member_code="KOR")
    client_id, secret = created["client_id"], created["secret"]
    assert client_id.startswith("cl_")
    assert created["token"] == f"{client_id}.{secret}"
    assert created["scopes"] == ["members:write"]

    fetched = await korea.get(f"/v1/clients/{client_id}", headers=ADMIN)
    assert fetched.status_code == 200
    assert fetched.headers["ETag"] == '"1"'
    listed = await korea.get("/v1/clients", headers=ADMIN)
    for answer in (fetched, listed):
        assert "secret" not in answer.text
        assert secret not in answer.text

    engine = create_engine(registry_settings.sqlalchemy_url)
    try:
        async with engine.connect() as connection:
            stored = (await connection.execute(select(ApiClient.secret_hash))).scalars().all()
            dump = (await connection.execute(text("SELECT row_to_json(c)::text FROM api_clients c"))).scalar()
    finally:
        await engine.dispose()
    assert stored == [hash_secret(secret)]
    assert dump is not None
    assert secret not in dump


async def test_a_partner_token_changes_its_own_member_and_no_other(korea: httpx.AsyncClient) -> None:
    partner = await create_client(korea, scopes=["members:write"], member_code="KOR")

    own = await korea.patch(
        "/v1/members/KOR", json={"role_note": "facilitator"}, headers=bearer(partner["token"])
    )
    assert own.status_code == 200, own.text
    assert own.json()["role_note"] == "facilitator"

    other = await korea.patch("/v1/members/JPN", json={"role_note": "host"}, headers=bearer(partner["token"]))
    assert other.status_code == 403


async def test_a_client_without_the_scope_is_forbidden(korea: httpx.AsyncClient) -> None:
    partner = await create_client(korea, scopes=["meetings:write"], member_code="KOR")
    answer = await korea.patch("/v1/members/KOR", json={"role_note": "x"}, headers=bearer(partner["token"]))
    assert answer.status_code == 403
    assert answer.json()["required_scope"] == "members:write"


async def test_a_revoked_client_is_refused_at_once_and_cannot_be_revoked_twice(
    korea: httpx.AsyncClient,
) -> None:
    partner = await create_client(korea, scopes=["members:write"], member_code="KOR")
    path = f"/v1/clients/{partner['client_id']}/revoke"

    revoked = await korea.post(path, headers=ADMIN)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    assert revoked.json()["version"] == 2

    refused = await korea.patch("/v1/members/KOR", json={"role_note": "x"}, headers=bearer(partner["token"]))
    assert refused.status_code == 401
    again = await korea.post(path, headers=ADMIN)
    assert again.status_code == 409
    assert again.json()["field"] == "client_id"


async def test_a_request_without_a_token_or_with_a_wrong_secret_is_unauthenticated(
    korea: httpx.AsyncClient,
) -> None:
    partner = await create_client(korea, scopes=["members:write"], member_code="KOR")
    missing = await korea.patch("/v1/members/KOR", json={"role_note": "x"})
    assert missing.status_code == 401
    forged = await korea.patch(
        "/v1/members/KOR", json={"role_note": "x"}, headers=bearer(f"{partner['client_id']}.not-the-secret")
    )
    assert forged.status_code == 401


async def test_only_administrators_manage_clients(korea: httpx.AsyncClient) -> None:
    partner = await create_client(korea, scopes=["members:write"], member_code="KOR")
    body = {"name": "escalation", "member_code": "KOR", "scopes": ["admin"]}
    assert (await korea.post("/v1/clients", json=body)).status_code == 401
    assert (await korea.post("/v1/clients", json=body, headers=bearer(partner["token"]))).status_code == 403
    assert (await korea.get("/v1/clients", headers=bearer(partner["token"]))).status_code == 403


async def test_an_unknown_scope_or_member_is_refused_naming_the_field(korea: httpx.AsyncClient) -> None:
    scope = await korea.post(
        "/v1/clients", json={"name": "x", "member_code": "KOR", "scopes": ["meetings:delete"]}, headers=ADMIN
    )
    assert scope.status_code == 422
    assert scope.json()["field"] == "scopes"
    member = await korea.post(
        "/v1/clients", json={"name": "x", "member_code": "XXX", "scopes": ["members:write"]}, headers=ADMIN
    )
    assert member.status_code == 422
    assert member.json()["field"] == "member_code"


async def test_clients_are_listed_by_member_and_revocation_a_page_at_a_time(korea: httpx.AsyncClient) -> None:
    first = await create_client(korea, scopes=["members:write"], member_code="KOR")
    second = await create_client(korea, scopes=["meetings:write"], member_code="KOR")
    await create_client(korea, scopes=["members:write"], member_code="JPN")
    await korea.post(f"/v1/clients/{first['client_id']}/revoke", headers=ADMIN)

    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"member_code": "KOR", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = (await korea.get("/v1/clients", params=params, headers=ADMIN)).json()
        seen += [c["client_id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted([first["client_id"], second["client_id"]])

    only_active = {"member_code": "KOR", "revoked": "false"}
    active = (await korea.get("/v1/clients", params=only_active, headers=ADMIN)).json()
    assert [c["client_id"] for c in active["items"]] == [second["client_id"]]
    revoked = (await korea.get("/v1/clients", params={"revoked": "true"}, headers=ADMIN)).json()
    assert [c["client_id"] for c in revoked["items"]] == [first["client_id"]]


async def test_the_client_created_event_carries_the_hash_and_never_the_secret(
    korea: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    created = await create_client(korea, scopes=["members:write"], member_code="KOR")
    client_id, secret = created["client_id"], created["secret"]

    async def created_event() -> tuple[CloudEvent, bytes] | None:
        for record in await read_topic(registry_settings, CLIENT_TOPIC):
            event = CloudEvent.from_kafka(record.value, record.headers)
            if event.subject == client_id and event.type.endswith(".client.created.v1"):
                return event, record.value or b""
        return None

    event, raw = await eventually(created_event, what="client.created on registry.client.v1")
    assert event.data["client"]["secret_hash"] == hash_secret(secret)
    assert event.data["client"]["member_code"] == "KOR"
    assert event.data["client"]["revoked"] is False
    assert secret.encode() not in raw


@pytest.fixture
async def meetings(infrastructure: Infrastructure) -> AsyncIterator[httpx.AsyncClient]:
    url = await migrated_database(infrastructure, "meetings")
    settings = service_settings(MeetingsSettings, infrastructure, url)
    async with running_app(create_meetings(settings)) as client:
        yield client


async def test_revoking_a_client_makes_the_other_services_refuse_it_within_seconds(
    korea: httpx.AsyncClient, meetings: httpx.AsyncClient
) -> None:
    partner = await create_client(korea, scopes=["meetings:write"], member_code="KOR")
    # An empty meeting: a 422 from meetings means the token got past authentication, a 401 that it did not.
    meeting: dict[str, Any] = {}

    def answers(status: int) -> Any:
        async def probe() -> httpx.Response | None:
            answer = await meetings.post("/v1/meetings", json=meeting, headers=bearer(partner["token"]))
            return answer if answer.status_code == status else None

        return probe

    accepted = await eventually(answers(422), what="meetings learning the client from client.created")
    assert accepted.json()["type"].endswith("/invalid-request")

    revoked = await korea.post(f"/v1/clients/{partner['client_id']}/revoke", headers=ADMIN)
    assert revoked.status_code == 200, revoked.text

    await eventually(answers(401), timeout=10, what="meetings refusing the client after client.revoked")
