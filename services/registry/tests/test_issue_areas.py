"""Issue areas, and how a traditional one opens only by the roadmap's decision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from common import logging as log
from common.contracts.registry import ISSUE_AREA_TOPIC
from common.db import UnitOfWork, create_engine
from common.errors import NotFound
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.messaging.outbox import Outbox
from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings
from registry.issue_areas.service import open_issue_area
from support.registry import traced

pytestmark = pytest.mark.integration

REGISTERED = "org.neacoop.registry.issue_area.registered.v1"
OPENED = "org.neacoop.registry.issue_area.opened.v1"
UPDATED = "org.neacoop.registry.issue_area.updated.v1"

ENERGY = {"code": "energy", "names": {"en": "Energy"}, "kind": "non_traditional"}
NUCLEAR_SAFETY = {"code": "nuclear_safety", "names": {"en": "Nuclear safety"}, "kind": "traditional"}


@pytest.fixture
async def uow(registry_settings: RegistrySettings) -> AsyncIterator[UnitOfWork]:
    """The registry's database, reached as the consumer of the roadmap's decisions will reach it."""
    engine = create_engine(registry_settings.sqlalchemy_url)
    yield UnitOfWork(engine)
    await engine.dispose()


async def register(registry: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = await registry.post("/v1/issue-areas", json=body, headers=admin_headers())
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def events_of(settings: RegistrySettings, correlation: str) -> list[CloudEvent]:
    records = await read_topic(settings, ISSUE_AREA_TOPIC)
    events = [CloudEvent.from_kafka(r.value, r.headers) for r in records]
    return [e for e in events if e.correlationid == correlation]


async def test_a_non_traditional_area_registers_open_and_is_announced(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    answer = await registry.post("/v1/issue-areas", json=ENERGY, headers=traced(correlation))

    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"] == "/v1/issue-areas/energy"
    assert answer.headers["ETag"] == '"1"'
    assert answer.json()["open"] is True
    events = await eventually(lambda: events_of(registry_settings, correlation), what="issue_area.registered")
    assert [(e.type, e.subject) for e in events] == [(REGISTERED, "energy")]
    assert events[0].data["issue_area"]["open"] is True


async def test_a_traditional_area_registers_locked_and_cannot_be_opened_over_http(
    registry: httpx.AsyncClient,
) -> None:
    asked_open = await registry.post(
        "/v1/issue-areas", json={**NUCLEAR_SAFETY, "open": True}, headers=admin_headers()
    )
    assert (asked_open.status_code, asked_open.json()["field"]) == (422, "open")
    assert (await registry.get("/v1/issue-areas/nuclear_safety")).status_code == 404

    area = await register(registry, NUCLEAR_SAFETY)
    assert (area["open"], area["opened_by_decision"]) == (False, None)

    patched = await registry.patch(
        "/v1/issue-areas/nuclear_safety", json={"open": True}, headers=admin_headers()
    )
    assert (patched.status_code, patched.json()["field"]) == (422, "open")
    put = await registry.put("/v1/issue-areas/nuclear_safety", json={"open": True}, headers=admin_headers())
    assert put.status_code == 405
    fetched = await registry.get("/v1/issue-areas/nuclear_safety")
    assert fetched.json()["open"] is False
    assert fetched.headers["ETag"] == '"1"'


async def test_the_roadmaps_decision_opens_a_locked_area_and_announces_it_once_even_if_applied_twice(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, uow: UnitOfWork, correlation: str
) -> None:
    await register(registry, NUCLEAR_SAFETY)
    outbox = Outbox(service=registry_settings.service_name)
    # What the request middleware does for an HTTP write, and the consumer runner for a roadmap event.
    log.bind_correlation(correlation)

    for _ in range(2):
        async with uow.transaction() as session:
            area = await open_issue_area(session, outbox, code="nuclear_safety", decision_id="decision-42")
        assert (area.open, area.opened_by_decision, area.version) == (True, "decision-42", 2)

    fetched = await registry.get("/v1/issue-areas/nuclear_safety")
    assert fetched.json()["open"] is True
    assert fetched.json()["opened_by_decision"] == "decision-42"
    assert fetched.headers["ETag"] == '"2"'
    assert [
        a["code"] for a in (await registry.get("/v1/issue-areas", params={"open": True})).json()["items"]
    ] == ["nuclear_safety"]
    # A later write with the same correlation id fences the topic: the relay publishes in commit order.
    fence = await registry.post("/v1/issue-areas", json=ENERGY, headers=traced(correlation))
    assert fence.status_code == 201, fence.text

    async def fenced() -> list[CloudEvent] | None:
        events = await events_of(registry_settings, correlation)
        return events if (REGISTERED, "energy") in [(e.type, e.subject) for e in events] else None

    # The two aggregates sit on different partitions, so only their set, not their order, is compared.
    events = sorted(await eventually(fenced, what="the fence's event"), key=lambda e: e.type != OPENED)
    assert sorted((e.type, e.subject) for e in events) == sorted(
        [(OPENED, "nuclear_safety"), (REGISTERED, "energy")]
    )
    assert events[0].data["issue_area"]["opened_by_decision"] == "decision-42"


async def test_a_decision_on_an_area_already_open_changes_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, uow: UnitOfWork
) -> None:
    await register(registry, ENERGY)

    async with uow.transaction() as session:
        area = await open_issue_area(
            session, Outbox(service=registry_settings.service_name), code="energy", decision_id="decision-7"
        )

    assert (area.open, area.opened_by_decision, area.version) == (True, None, 1)


async def test_a_decision_on_an_unknown_area_is_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, uow: UnitOfWork
) -> None:
    with pytest.raises(NotFound):
        async with uow.transaction() as session:
            await open_issue_area(
                session, Outbox(service=registry_settings.service_name), code="fisheries", decision_id="d-1"
            )


async def test_rejected_issue_area_registrations_emit_no_event_and_change_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register(registry, NUCLEAR_SAFETY)
    headers = traced(correlation)
    refusals = [
        (await registry.post("/v1/issue-areas", json=NUCLEAR_SAFETY, headers=headers), 409, "code"),
        (
            await registry.post("/v1/issue-areas", json={**ENERGY, "code": "Energy-Policy"}, headers=headers),
            422,
            "code",
        ),
        (
            await registry.post("/v1/issue-areas", json={**ENERGY, "kind": "other"}, headers=headers),
            422,
            "kind",
        ),
        (
            await registry.post(
                "/v1/issue-areas", json={**ENERGY, "names": {"ko": "에너지"}}, headers=headers
            ),
            422,
            "names",
        ),
    ]
    for answer, status, field in refusals:
        assert (answer.status_code, answer.json()["field"]) == (status, field), answer.text
    unauthenticated = await registry.post("/v1/issue-areas", json=ENERGY)
    assert unauthenticated.status_code == 401

    listed = (await registry.get("/v1/issue-areas")).json()["items"]
    assert [(a["code"], a["version"]) for a in listed] == [("nuclear_safety", 1)]
    fence = await registry.post("/v1/issue-areas", json=ENERGY, headers=headers)
    assert fence.status_code == 201, fence.text
    events = await eventually(lambda: events_of(registry_settings, correlation), what="the fence's event")
    assert [(e.type, e.subject) for e in events] == [(REGISTERED, "energy")]


async def test_issue_areas_are_listed_by_code_filtered_by_kind_and_openness_in_pages(
    registry: httpx.AsyncClient,
) -> None:
    await register(registry, NUCLEAR_SAFETY)
    await register(registry, ENERGY)
    await register(
        registry, {"code": "environment", "names": {"en": "Environment"}, "kind": "non_traditional"}
    )

    async def codes(**params: Any) -> list[str]:
        return [a["code"] for a in (await registry.get("/v1/issue-areas", params=params)).json()["items"]]

    assert await codes() == ["energy", "environment", "nuclear_safety"]
    assert await codes(kind="traditional") == ["nuclear_safety"]
    assert await codes(open="false") == ["nuclear_safety"]
    assert await codes(open="true", kind="non_traditional") == ["energy", "environment"]
    first = (await registry.get("/v1/issue-areas", params={"limit": 2})).json()
    second = (
        await registry.get("/v1/issue-areas", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    assert [a["code"] for a in first["items"] + second["items"]] == [
        "energy",
        "environment",
        "nuclear_safety",
    ]
    assert second["next_cursor"] is None


async def test_an_unknown_issue_area_is_not_found(registry: httpx.AsyncClient) -> None:
    answer = await registry.get("/v1/issue-areas/fisheries")

    assert (answer.status_code, answer.json()["field"]) == (404, "code")


async def test_renaming_an_issue_area_bumps_its_version_leaves_it_locked_and_announces_it(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register(registry, NUCLEAR_SAFETY)
    names = {"en": "Nuclear safety and security", "ko": "원자력 안전"}

    renamed = await registry.patch(
        "/v1/issue-areas/nuclear_safety",
        json={"names": names},
        headers={**traced(correlation), "If-Match": '"1"'},
    )

    assert renamed.status_code == 200, renamed.text
    assert renamed.headers["ETag"] == '"2"'
    body = renamed.json()
    assert (body["names"], body["kind"], body["open"], body["version"]) == (names, "traditional", False, 2)
    fetched = await registry.get("/v1/issue-areas/nuclear_safety")
    assert (fetched.json(), fetched.headers["ETag"]) == (body, '"2"')
    events = await eventually(lambda: events_of(registry_settings, correlation), what="issue_area.updated")
    assert [(e.type, e.subject) for e in events] == [(UPDATED, "nuclear_safety")]
    assert events[0].data["issue_area"] == {
        "code": "nuclear_safety",
        "names": names,
        "kind": "traditional",
        "open": False,
        "opened_by_decision": None,
        "version": 2,
    }


async def test_renaming_an_area_the_roadmap_opened_keeps_it_open_with_its_decision(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, uow: UnitOfWork
) -> None:
    await register(registry, NUCLEAR_SAFETY)
    async with uow.transaction() as session:
        await open_issue_area(
            session, Outbox(service=registry_settings.service_name), code="nuclear_safety", decision_id="d-9"
        )

    renamed = await registry.patch(
        "/v1/issue-areas/nuclear_safety",
        json={"names": {"en": "Nuclear safety and security"}},
        headers={**admin_headers(), "If-Match": '"2"'},
    )

    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["open"], renamed.json()["opened_by_decision"]) == (True, "d-9")
    assert renamed.json()["version"] == 3


async def test_an_issue_area_edit_may_send_only_names_and_rejected_edits_emit_no_event_and_change_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register(registry, NUCLEAR_SAFETY)
    headers = traced(correlation)
    renamed = {"names": {"en": "Nuclear safety and security"}}
    refusals = [
        ("nuclear_safety", {**renamed, "open": True}, headers, 422, "open"),
        ("nuclear_safety", {**renamed, "kind": "non_traditional"}, headers, 422, "kind"),
        ("nuclear_safety", {**renamed, "opened_by_decision": "d-1"}, headers, 422, "opened_by_decision"),
        ("nuclear_safety", {"names": None}, headers, 422, "names"),
        ("nuclear_safety", {"names": {"ko": "원자력 안전"}}, headers, 422, "names"),
        ("nuclear_safety", {}, headers, 422, "names"),
        ("nuclear_safety", renamed, {**headers, "If-Match": '"7"'}, 412, "If-Match"),
        ("fisheries", renamed, headers, 404, "code"),
    ]
    for code, body, sent, status, field in refusals:
        answer = await registry.patch(f"/v1/issue-areas/{code}", json=body, headers=sent)
        assert (answer.status_code, answer.json()["field"]) == (status, field), (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert (await registry.patch("/v1/issue-areas/nuclear_safety", json=renamed)).status_code == 401

    area = (await registry.get("/v1/issue-areas/nuclear_safety")).json()
    assert (area["names"], area["kind"], area["open"], area["version"]) == (
        NUCLEAR_SAFETY["names"],
        "traditional",
        False,
        1,
    )
    fence = await registry.patch("/v1/issue-areas/nuclear_safety", json=renamed, headers=headers)
    assert fence.status_code == 200, fence.text
    events = await eventually(lambda: events_of(registry_settings, correlation), what="the fence's event")
    assert [(e.type, e.subject, e.data["issue_area"]["version"]) for e in events] == [
        (UPDATED, "nuclear_safety", 2)
    ]
