"""What the registry's tests share: codes of one test alone, members and mechanisms registered over the
API, their events on the topics, and partner clients written straight into the clients table."""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import insert

from common.auth import hash_secret
from common.contracts.registry import MECHANISM_TOPIC, MEMBER_TOPIC
from common.db import create_engine
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings
from registry.models import ApiClient

ADMIN = admin_headers()

MEMBERS_ADDED = "org.neacoop.registry.mechanism.members_added.v1"
MEMBERSHIP_ENDED = "org.neacoop.registry.mechanism.membership_ended.v1"

TRM = {"code": "TRM", "names": {"en": "Trilateral Ministerial Meeting"}, "nature": "ministerial meeting"}


def unique_code() -> str:
    """Codes of this test alone: the topic is shared by every test of the session."""
    return "Z" + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))


def state(code: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "kind": "state", "names": {"en": f"State {code}"}, **extra}


async def register(registry: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = await registry.post("/v1/members", json=body, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def events_about(settings: RegistrySettings, code: str) -> list[CloudEvent]:
    events = [CloudEvent.from_kafka(r.value, r.headers) for r in await read_topic(settings, MEMBER_TOPIC)]
    return [e for e in events if e.subject == code]


def events_count(
    settings: RegistrySettings, code: str, n: int
) -> Callable[[], Awaitable[list[CloudEvent] | None]]:
    async def probe() -> list[CloudEvent] | None:
        found = await events_about(settings, code)
        return found if len(found) >= n else None

    return probe


def traced(correlation: str) -> dict[str, str]:
    """An administrator's headers marked with the test's correlation id (the `correlation` fixture)."""
    return {**admin_headers(), "X-Correlation-ID": correlation}


def admin(**headers: str) -> dict[str, str]:
    return {**admin_headers(), **headers}


async def register_members(registry: httpx.AsyncClient, *codes: str) -> None:
    for code in codes:
        body = {"code": code, "kind": "state", "names": {"en": code}, "status": "participant"}
        answer = await registry.post("/v1/members", json=body, headers=admin_headers())
        assert answer.status_code == 201, answer.text


async def register_mechanism(registry: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = await registry.post("/v1/mechanisms", json=body, headers=admin_headers())
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def mechanism_events_of(settings: RegistrySettings, correlation: str) -> list[CloudEvent]:
    records = await read_topic(settings, MECHANISM_TOPIC)
    events = [CloudEvent.from_kafka(r.value, r.headers) for r in records]
    return [e for e in events if e.correlationid == correlation]


async def mechanism_events_once_there(
    settings: RegistrySettings, correlation: str, *expected: tuple[str, str]
) -> list[CloudEvent]:
    """The test's events, once every expected (type, subject) is on the topic.

    Subjects sit on different partitions, so nothing is assumed of the order across them.
    """

    async def probe() -> list[CloudEvent] | None:
        events = await mechanism_events_of(settings, correlation)
        return events if set(expected) <= {(e.type, e.subject) for e in events} else None

    return await eventually(probe, what=f"events {expected}")


async def members_on(registry: httpx.AsyncClient, code: str, at: str) -> dict[str, str | None]:
    answer = await registry.get(f"/v1/mechanisms/{code}/members", params={"at": at})
    assert answer.status_code == 200, answer.text
    return {m["member_code"]: m["left_on"] for m in answer.json()["members"]}


async def partner_token(settings: RegistrySettings, member_code: str, scopes: list[str]) -> str:
    """A partner client written straight into the registry's table: the clients API is tested elsewhere."""
    client_id, secret = f"cl_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
    engine = create_engine(settings.sqlalchemy_url)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ApiClient).values(
                client_id=client_id,
                name="test partner",
                member_code=member_code,
                scopes=scopes,
                secret_hash=hash_secret(secret),
                version=1,
            )
        )
    await engine.dispose()
    return f"{client_id}.{secret}"
