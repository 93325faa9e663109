"""A consumer that starts from offset 0 of the registry's topics rebuilds exactly the registry's state:
events carry full state, so nobody needs to call the registry."""

from __future__ import annotations

import secrets
import string
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from common.contracts.registry import CLIENT_TOPIC, ISSUE_AREA_TOPIC, MECHANISM_TOPIC, MEMBER_TOPIC
from common.db import UnitOfWork, create_engine
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import admin_headers, eventually
from registry import models, state
from registry.config import RegistrySettings

pytestmark = pytest.mark.integration

ADMIN = admin_headers()

# The aggregate each topic carries, and the key of its state in the event data.
AGGREGATES = {
    MEMBER_TOPIC: "member",
    MECHANISM_TOPIC: "mechanism",
    ISSUE_AREA_TOPIC: "issue_area",
    CLIENT_TOPIC: "client",
}


def code(prefix: str = "Z") -> str:
    return prefix + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))


async def rebuilt_from_offset_zero(
    settings: RegistrySettings, subjects: set[str]
) -> dict[str, dict[str, Any]]:
    """What a new consumer knows after reading every topic from the start: the newest state per subject."""
    known: dict[str, dict[str, Any]] = {}
    for topic, aggregate in AGGREGATES.items():
        for record in await read_topic(settings, topic):
            event = CloudEvent.from_kafka(record.value, record.headers)
            if event.subject not in subjects:
                continue  # other tests of this session share the topics
            current = event.data[aggregate]
            if event.subject not in known or known[event.subject]["version"] < current["version"]:
                known[event.subject] = current
    return known


async def registry_state(settings: RegistrySettings, subjects: set[str]) -> dict[str, dict[str, Any]]:
    engine = create_engine(settings.sqlalchemy_url)
    uow = UnitOfWork(engine)
    found: dict[str, dict[str, Any]] = {}
    async with uow.transaction() as session:
        members = await session.scalars(
            select(models.Member).options(
                selectinload(models.Member.status_history), selectinload(models.Member.contacts)
            )
        )
        for member in members:
            found[member.code] = state.member_state(member).model_dump(mode="json")
        mechanisms = await session.scalars(
            select(models.Mechanism).options(selectinload(models.Mechanism.memberships))
        )
        for mechanism in mechanisms:
            found[mechanism.code] = state.mechanism_state(mechanism).model_dump(mode="json")
        for area in await session.scalars(select(models.IssueArea)):
            found[area.code] = state.issue_area_state(area).model_dump(mode="json")
        for client in await session.scalars(select(models.ApiClient)):
            found[client.client_id] = state.client_state(client).model_dump(mode="json")
    await engine.dispose()
    return {subject: value for subject, value in found.items() if subject in subjects}


async def test_a_consumer_reading_the_registry_topics_from_offset_zero_rebuilds_the_registry_state(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    korea, japan, china, mechanism = code(), code(), code(), code("M")
    area = "area_" + code().lower()
    for member in (korea, japan, china):
        body = {
            "code": member,
            "kind": "state",
            "names": {"en": member},
            "status": "invited",
            "status_effective_from": "2013-10-18",
        }
        assert (await registry.post("/v1/members", json=body, headers=ADMIN)).status_code == 201
    changes: list[tuple[str, str, dict[str, Any]]] = [
        (
            "POST",
            f"/v1/members/{korea}/status",
            {"status": "participant", "effective_from": "2014-01-01", "reason": "r"},
        ),
        ("PATCH", f"/v1/members/{japan}", {"names": {"en": "Japan", "ja": "日本"}}),
        (
            "POST",
            f"/v1/members/{china}/contacts",
            {"name": "Li Wei", "email": "li.wei@example.org", "preferred_language": "zh"},
        ),
        ("POST", "/v1/mechanisms", {"code": mechanism, "names": {"en": "Forum"}, "member_codes": [korea]}),
        (
            "POST",
            f"/v1/mechanisms/{mechanism}/members",
            {"member_codes": [japan, china], "joined_on": "2014-06-01"},
        ),
        ("POST", "/v1/issue-areas", {"code": area, "names": {"en": "Area"}, "kind": "non_traditional"}),
        ("POST", "/v1/clients", {"name": "MOFA", "member_code": korea, "scopes": ["members:write"]}),
    ]
    subjects = {korea, japan, china, mechanism, area}
    for method, path, body in changes:
        answer = await registry.request(method, path, json=body, headers=ADMIN)
        assert answer.status_code in (200, 201), f"{method} {path}: {answer.text}"
        if path == "/v1/clients":
            subjects.add(answer.json()["client_id"])

    expected = await registry_state(registry_settings, subjects)
    assert set(expected) == subjects

    async def caught_up() -> dict[str, dict[str, Any]] | None:
        rebuilt = await rebuilt_from_offset_zero(registry_settings, subjects)
        return rebuilt if rebuilt == expected else None

    await eventually(caught_up, what="the topics carrying the registry's current state")
