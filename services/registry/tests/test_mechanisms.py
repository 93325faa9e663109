"""Mechanisms and their members over time, on the real Kafka broker and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from common.contracts.registry import MECHANISM_TOPIC
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings

pytestmark = pytest.mark.integration

MEMBERS_ADDED = "org.neacoop.registry.mechanism.members_added.v1"
REGISTERED = "org.neacoop.registry.mechanism.registered.v1"

TRM = {"code": "TRM", "names": {"en": "Trilateral Ministerial Meeting"}, "nature": "ministerial meeting"}
ARF = {"code": "ARF", "names": {"en": "ASEAN Regional Forum"}, "declared_member_count": 27}


@pytest.fixture
def correlation() -> str:
    """Marks the requests of one test, so its events can be told apart on the shared broker."""
    return str(uuid.uuid4())


def traced(correlation: str) -> dict[str, str]:
    return {**admin_headers(), "X-Correlation-ID": correlation}


async def register_members(registry: httpx.AsyncClient, *codes: str) -> None:
    for code in codes:
        body = {"code": code, "kind": "state", "names": {"en": code}, "status": "participant"}
        answer = await registry.post("/v1/members", json=body, headers=admin_headers())
        assert answer.status_code == 201, answer.text


async def register(registry: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = await registry.post("/v1/mechanisms", json=body, headers=admin_headers())
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def events_of(settings: RegistrySettings, correlation: str) -> list[CloudEvent]:
    records = await read_topic(settings, MECHANISM_TOPIC)
    events = [CloudEvent.from_kafka(r.value, r.headers) for r in records]
    return [e for e in events if e.correlationid == correlation]


async def test_trm_plus_registered_as_expanding_trm_with_five_members_lists_them_and_names_trm(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "MNG", "RUS")
    await register(registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"]})
    five = ["CHN", "JPN", "KOR", "MNG", "RUS"]
    answer = await registry.post(
        "/v1/mechanisms",
        json={"code": "TRM+", "names": {"en": "TRM Plus"}, "expands_code": "TRM", "member_codes": five},
        headers=admin_headers(),
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"] == "/v1/mechanisms/TRM+"
    assert answer.headers["ETag"] == '"1"'

    trm_plus = (await registry.get("/v1/mechanisms/TRM+")).json()
    assert trm_plus["expands"] == "TRM"
    assert trm_plus["member_count"] == 5
    assert trm_plus["member_count_source"] == "registered"
    members = (await registry.get("/v1/mechanisms/TRM+/members")).json()
    assert [m["member_code"] for m in members["members"]] == five
    trm = (await registry.get("/v1/mechanisms/TRM")).json()
    assert trm["expanded_by"] == ["TRM+"]
    assert trm["member_count"] == 3


async def test_arf_with_a_declared_count_and_no_registered_members_reports_the_declared_count(
    registry: httpx.AsyncClient,
) -> None:
    await register(registry, ARF)

    arf = await registry.get("/v1/mechanisms/ARF")

    assert arf.status_code == 200
    assert arf.headers["ETag"] == '"1"'
    assert arf.json()["member_count"] == 27
    assert arf.json()["member_count_source"] == "declared"
    assert (await registry.get("/v1/mechanisms/ARF/members")).json()["members"] == []


async def test_registered_members_count_instead_of_the_declared_count_once_any_are_added(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "KOR")
    await register(registry, ARF)

    added = await registry.post(
        "/v1/mechanisms/ARF/members", json={"member_codes": ["KOR"]}, headers=admin_headers()
    )

    assert added.status_code == 200, added.text
    assert added.json()["member_count"] == 1
    assert added.json()["member_count_source"] == "registered"


async def test_registering_a_mechanism_announces_it_with_its_founding_members_and_nothing_else(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR")
    body = {**TRM, "member_codes": ["CHN", "JPN", "KOR"], "joined_on": "2008-12-13"}
    answer = await registry.post("/v1/mechanisms", json=body, headers=traced(correlation))
    assert answer.status_code == 201, answer.text

    events = await eventually(lambda: events_of(registry_settings, correlation), what="mechanism.registered")

    assert [e.type for e in events] == [REGISTERED]
    assert events[0].subject == "TRM"
    state = events[0].data["mechanism"]
    assert [m["member_code"] for m in state["memberships"]] == ["CHN", "JPN", "KOR"]
    assert {m["joined_on"] for m in state["memberships"]} == {"2008-12-13"}
    assert state["version"] == 1


async def test_adding_members_announces_members_added_on_the_mechanism_topic_and_bumps_the_version(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "MNG")
    await register(registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"]})

    added = await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["MNG"], "joined_on": "2015-06-01"},
        headers={**traced(correlation), "If-Match": '"1"'},
    )

    assert added.status_code == 200, added.text
    assert added.headers["ETag"] == '"2"'
    assert added.json()["version"] == 2
    assert added.json()["member_count"] == 4
    events = await eventually(lambda: events_of(registry_settings, correlation), what="members_added")
    assert [e.type for e in events] == [MEMBERS_ADDED]
    event = events[0]
    assert event.subject == "TRM"
    assert event.source == "urn:neacoop:registry"
    assert event.data["added_member_codes"] == ["MNG"]
    assert event.data["joined_on"] == "2015-06-01"
    assert event.data["mechanism"]["version"] == 2
    assert [m["member_code"] for m in event.data["mechanism"]["memberships"]] == ["CHN", "JPN", "KOR", "MNG"]


async def test_rejected_mechanism_writes_emit_no_event_and_change_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "MNG")
    await register(registry, {**TRM, "member_codes": ["CHN", "JPN"]})
    headers = traced(correlation)
    refusals = [
        (await registry.post("/v1/mechanisms", json=TRM, headers=headers), 409, "code"),
        (
            await registry.post("/v1/mechanisms", json={**ARF, "expands_code": "ASEAN"}, headers=headers),
            422,
            "expands_code",
        ),
        (
            await registry.post("/v1/mechanisms", json={**ARF, "member_codes": ["PRK"]}, headers=headers),
            422,
            "member_codes",
        ),
        (
            await registry.post(
                "/v1/mechanisms/TRM/members", json={"member_codes": ["PRK"]}, headers=headers
            ),
            422,
            "member_codes",
        ),
        (
            await registry.post(
                "/v1/mechanisms/TRM/members", json={"member_codes": ["KOR", "CHN"]}, headers=headers
            ),
            409,
            "member_codes",
        ),
        (
            await registry.post(
                "/v1/mechanisms/TRM/members", json={"member_codes": ["KOR", "KOR"]}, headers=headers
            ),
            422,
            "member_codes",
        ),
        (
            await registry.post("/v1/mechanisms/TRM/members", json={"member_codes": []}, headers=headers),
            422,
            "member_codes",
        ),
        (
            await registry.post(
                "/v1/mechanisms/TRM/members",
                json={"member_codes": ["KOR"]},
                headers={**headers, "If-Match": '"7"'},
            ),
            412,
            "If-Match",
        ),
    ]
    for answer, status, field in refusals:
        assert (answer.status_code, answer.json()["field"]) == (status, field), answer.text
        assert answer.headers["content-type"] == "application/problem+json"

    trm = (await registry.get("/v1/mechanisms/TRM")).json()
    assert (trm["version"], trm["member_count"]) == (1, 2)
    assert (await registry.get("/v1/mechanisms/ARF")).status_code == 404
    # A later accepted write with the same correlation id fences the topic: the relay publishes in
    # commit order, so once its event is there, any event of the refused writes would be there too.
    fence = await registry.post("/v1/mechanisms/TRM/members", json={"member_codes": ["MNG"]}, headers=headers)
    assert fence.status_code == 200, fence.text
    events = await eventually(lambda: events_of(registry_settings, correlation), what="the fence's event")
    assert [(e.type, e.data["added_member_codes"]) for e in events] == [(MEMBERS_ADDED, ["MNG"])]


async def test_a_mechanism_cannot_expand_itself(registry: httpx.AsyncClient) -> None:
    answer = await registry.post(
        "/v1/mechanisms", json={**TRM, "expands_code": "TRM"}, headers=admin_headers()
    )

    assert answer.status_code == 422
    assert answer.json()["field"] == "expands_code"


async def test_a_mechanism_code_is_upper_case_letters_digits_plus_and_minus(
    registry: httpx.AsyncClient,
) -> None:
    for code in ("trm", "TRM PLUS", "TRM/2"):
        answer = await registry.post("/v1/mechanisms", json={**TRM, "code": code}, headers=admin_headers())
        assert answer.status_code == 422, code
        assert answer.json()["field"] == "code"
    assert (await register(registry, {**TRM, "code": "GTI-LCC"}))["code"] == "GTI-LCC"


async def test_writing_mechanisms_needs_an_administrator_and_reading_them_does_not(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "KOR")
    assert (await registry.post("/v1/mechanisms", json=TRM)).status_code == 401
    await register(registry, TRM)
    assert (
        await registry.post("/v1/mechanisms/TRM/members", json={"member_codes": ["KOR"]})
    ).status_code == 401
    assert (await registry.get("/v1/mechanisms/TRM")).status_code == 200
    assert (await registry.get("/v1/mechanisms")).status_code == 200
    assert (await registry.get("/v1/mechanisms/TRM/members")).status_code == 200


async def test_members_on_a_date_are_those_that_had_joined_and_the_member_filter_follows_them(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "MNG")
    await register(registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"], "joined_on": "2008-12-13"})
    await register(registry, {"code": "GTI", "names": {"en": "Greater Tumen Initiative"}})
    added = await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["MNG"], "joined_on": "2015-06-01"},
        headers=admin_headers(),
    )
    assert added.status_code == 200, added.text

    in_2010 = (await registry.get("/v1/mechanisms/TRM/members", params={"at": "2010-01-01"})).json()
    in_2016 = (await registry.get("/v1/mechanisms/TRM/members", params={"at": "2016-01-01"})).json()

    assert in_2010["at"] == "2010-01-01"
    assert [m["member_code"] for m in in_2010["members"]] == ["CHN", "JPN", "KOR"]
    assert {m["member_code"]: m["joined_on"] for m in in_2016["members"]} == {
        "CHN": "2008-12-13",
        "JPN": "2008-12-13",
        "KOR": "2008-12-13",
        "MNG": "2015-06-01",
    }

    async def mechanisms_of(member: str, **at: str) -> list[str]:
        page = (await registry.get("/v1/mechanisms", params={"member": member, **at})).json()
        return [m["code"] for m in page["items"]]

    assert await mechanisms_of("MNG", at="2010-01-01") == []
    assert await mechanisms_of("MNG", at="2016-01-01") == ["TRM"]
    assert await mechanisms_of("MNG") == ["TRM"]
    assert await mechanisms_of("PRK") == []


async def test_a_member_joins_a_mechanism_only_from_its_joining_date(registry: httpx.AsyncClient) -> None:
    await register_members(registry, "MNG")
    await register(registry, TRM)
    future = await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["MNG"], "joined_on": "2999-01-01"},
        headers=admin_headers(),
    )

    assert future.status_code == 200, future.text
    assert future.json()["member_count"] == 0
    assert (await registry.get("/v1/mechanisms/TRM/members")).json()["members"] == []
    again = await registry.post(
        "/v1/mechanisms/TRM/members", json={"member_codes": ["MNG"]}, headers=admin_headers()
    )
    assert again.status_code == 409


async def test_mechanisms_are_listed_by_code_in_pages(registry: httpx.AsyncClient) -> None:
    for code in ("TRM", "GTI", "NEASPEC"):
        await register(registry, {"code": code, "names": {"en": code}})

    first = (await registry.get("/v1/mechanisms", params={"limit": 2})).json()
    second = (
        await registry.get("/v1/mechanisms", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()

    assert [m["code"] for m in first["items"]] == ["GTI", "NEASPEC"]
    assert [m["code"] for m in second["items"]] == ["TRM"]
    assert second["next_cursor"] is None
    bad = await registry.get("/v1/mechanisms", params={"cursor": "not a cursor"})
    assert (bad.status_code, bad.json()["field"]) == (422, "cursor")


async def test_an_unknown_mechanism_is_not_found(registry: httpx.AsyncClient) -> None:
    await register_members(registry, "KOR")
    answers = [
        await registry.get("/v1/mechanisms/TCS"),
        await registry.get("/v1/mechanisms/TCS/members"),
        await registry.post(
            "/v1/mechanisms/TCS/members", json={"member_codes": ["KOR"]}, headers=admin_headers()
        ),
    ]

    assert [(a.status_code, a.json()["field"]) for a in answers] == [(404, "code")] * 3
