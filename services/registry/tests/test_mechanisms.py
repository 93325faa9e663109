"""Mechanisms and their members over time, on the real Kafka broker and PostgreSQL."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings
from support.registry import (
    MEMBERS_ADDED,
    TRM,
    admin,
    mechanism_events_of,
    mechanism_events_once_there,
    register_mechanism,
    register_members,
    traced,
)

pytestmark = pytest.mark.integration

REGISTERED = "org.neacoop.registry.mechanism.registered.v1"
UPDATED = "org.neacoop.registry.mechanism.updated.v1"

ARF = {"code": "ARF", "names": {"en": "ASEAN Regional Forum"}, "declared_member_count": 27}


async def test_trm_plus_registered_as_expanding_trm_with_five_members_lists_them_and_names_trm(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "MNG", "RUS")
    await register_mechanism(registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"]})
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
    await register_mechanism(registry, ARF)

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
    await register_mechanism(registry, ARF)

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

    events = await eventually(
        lambda: mechanism_events_of(registry_settings, correlation), what="mechanism.registered"
    )

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
    await register_mechanism(registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"]})

    added = await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["MNG"], "joined_on": "2015-06-01"},
        headers={**traced(correlation), "If-Match": '"1"'},
    )

    assert added.status_code == 200, added.text
    assert added.headers["ETag"] == '"2"'
    assert added.json()["version"] == 2
    assert added.json()["member_count"] == 4
    events = await eventually(
        lambda: mechanism_events_of(registry_settings, correlation), what="members_added"
    )
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
    await register_mechanism(registry, {**TRM, "member_codes": ["CHN", "JPN"]})
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
    events = await eventually(
        lambda: mechanism_events_of(registry_settings, correlation), what="the fence's event"
    )
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
    assert (await register_mechanism(registry, {**TRM, "code": "GTI-LCC"}))["code"] == "GTI-LCC"


async def test_writing_mechanisms_needs_an_administrator_and_reading_them_does_not(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "KOR")
    assert (await registry.post("/v1/mechanisms", json=TRM)).status_code == 401
    await register_mechanism(registry, TRM)
    assert (
        await registry.post("/v1/mechanisms/TRM/members", json={"member_codes": ["KOR"]})
    ).status_code == 401
    assert (await registry.get("/v1/mechanisms/TRM")).status_code == 200
    assert (await registry.get("/v1/mechanisms")).status_code == 200
    assert (await registry.get("/v1/mechanisms/TRM/members")).status_code == 200


async def test_mechanisms_are_listed_by_code_in_pages(registry: httpx.AsyncClient) -> None:
    for code in ("TRM", "GTI", "NEASPEC"):
        await register_mechanism(registry, {"code": code, "names": {"en": code}})

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


async def test_patching_a_mechanism_changes_only_the_fields_sent_and_announces_its_full_state(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR")
    await register_mechanism(
        registry, {**TRM, "agenda": "environment", "member_codes": ["CHN", "JPN", "KOR"]}
    )
    names = {"en": "Trilateral Environment Ministers Meeting", "ko": "한중일 환경장관회의"}

    patched = await registry.patch(
        "/v1/mechanisms/TRM",
        json={"names": names, "nature": None},
        headers={**traced(correlation), "If-Match": '"1"'},
    )

    assert patched.status_code == 200, patched.text
    assert patched.headers["ETag"] == '"2"'
    body = patched.json()
    assert body["names"] == names
    assert (body["agenda"], body["nature"], body["version"]) == ("environment", None, 2)
    assert body["member_count"] == 3
    fetched = await registry.get("/v1/mechanisms/TRM")
    assert fetched.headers["ETag"] == '"2"'
    assert fetched.json() == body
    events = await mechanism_events_once_there(registry_settings, correlation, (UPDATED, "TRM"))
    assert [e.type for e in events] == [UPDATED]
    state = events[0].data["mechanism"]
    assert (state["code"], state["version"], state["names"]) == ("TRM", 2, names)
    assert (state["nature"], state["agenda"]) == (None, "environment")
    assert [m["member_code"] for m in state["memberships"]] == ["CHN", "JPN", "KOR"]


async def test_a_mechanism_can_be_made_to_expand_another_and_to_expand_none_again(
    registry: httpx.AsyncClient,
) -> None:
    await register_mechanism(registry, TRM)
    await register_mechanism(
        registry, {"code": "TRM+", "names": {"en": "TRM Plus"}, "declared_member_count": 5}
    )

    expanding = await registry.patch("/v1/mechanisms/TRM+", json={"expands_code": "TRM"}, headers=admin())

    assert expanding.status_code == 200, expanding.text
    assert (expanding.json()["expands"], expanding.json()["declared_member_count"]) == ("TRM", 5)
    assert (await registry.get("/v1/mechanisms/TRM")).json()["expanded_by"] == ["TRM+"]
    again = await registry.patch("/v1/mechanisms/TRM+", json={"expands_code": "TRM"}, headers=admin())
    assert (again.status_code, again.json()["version"]) == (200, 3)
    cleared = await registry.patch(
        "/v1/mechanisms/TRM+", json={"expands_code": None, "declared_member_count": None}, headers=admin()
    )
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["expands"], cleared.json()["member_count_source"]) == (None, "registered")
    assert (await registry.get("/v1/mechanisms/TRM")).json()["expanded_by"] == []


async def test_an_edit_cannot_make_a_mechanism_expand_one_that_already_expands_it_directly_or_not(
    registry: httpx.AsyncClient,
) -> None:
    await register_mechanism(registry, TRM)
    await register_mechanism(registry, {"code": "TRM+", "names": {"en": "TRM Plus"}, "expands_code": "TRM"})
    await register_mechanism(registry, {"code": "TCS", "names": {"en": "Trilateral Cooperation Secretariat"}})
    await register_mechanism(registry, {"code": "GTI", "names": {"en": "GTI"}, "expands_code": "TCS"})
    await register_mechanism(registry, {"code": "NEASPEC", "names": {"en": "NEASPEC"}, "expands_code": "GTI"})

    direct = await registry.patch("/v1/mechanisms/TRM", json={"expands_code": "TRM+"}, headers=admin())
    through_another = await registry.patch(
        "/v1/mechanisms/TCS", json={"expands_code": "NEASPEC"}, headers=admin()
    )

    assert (direct.status_code, direct.json()["field"]) == (422, "expands_code")
    assert direct.json()["expansion_chain"] == ["TRM+", "TRM"]
    assert (through_another.status_code, through_another.json()["field"]) == (422, "expands_code")
    assert through_another.json()["expansion_chain"] == ["NEASPEC", "GTI", "TCS"]
    assert (await registry.get("/v1/mechanisms/TRM")).json()["expands"] is None
    assert (await registry.get("/v1/mechanisms/TCS")).json()["expands"] is None
    # Without a cycle the same chain may grow: TRM+ may expand NEASPEC instead of TRM.
    regrown = await registry.patch("/v1/mechanisms/TRM+", json={"expands_code": "NEASPEC"}, headers=admin())
    assert (regrown.status_code, regrown.json()["expands"]) == (200, "NEASPEC")


async def test_two_concurrent_edits_cannot_together_make_two_mechanisms_expand_each_other(
    registry: httpx.AsyncClient,
) -> None:
    for code in ("NEASPEC", "GTI"):
        await register_mechanism(registry, {"code": code, "names": {"en": code}})

    answers = await asyncio.gather(
        registry.patch("/v1/mechanisms/NEASPEC", json={"expands_code": "GTI"}, headers=admin()),
        registry.patch("/v1/mechanisms/GTI", json={"expands_code": "NEASPEC"}, headers=admin()),
    )

    assert sorted(a.status_code for a in answers) == [200, 422], [a.text for a in answers]
    expands = [(await registry.get(f"/v1/mechanisms/{c}")).json()["expands"] for c in ("NEASPEC", "GTI")]
    assert expands in (["GTI", None], [None, "NEASPEC"])


async def test_rejected_mechanism_edits_emit_no_event_and_change_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_mechanism(registry, TRM)
    await register_mechanism(registry, {"code": "TRM+", "names": {"en": "TRM Plus"}, "expands_code": "TRM"})
    headers = traced(correlation)
    refusals = [
        ("TRM", {"expands_code": "TRM+"}, headers, 422, "expands_code"),
        ("TRM", {"expands_code": "TRM"}, headers, 422, "expands_code"),
        ("TRM", {"expands_code": "ASEAN"}, headers, 422, "expands_code"),
        ("TRM", {"expands_code": "trm plus"}, headers, 422, "expands_code"),
        ("TRM", {"names": None}, headers, 422, "names"),
        ("TRM", {"names": {"ko": "한중일"}}, headers, 422, "names"),
        ("TRM", {"declared_member_count": -1}, headers, 422, "declared_member_count"),
        ("TRM", {"agenda": "  "}, headers, 422, "agenda"),
        ("TRM", {"member_codes": ["KOR"]}, headers, 422, "member_codes"),
        ("TRM", {"code": "TRM2"}, headers, 422, "code"),
        ("TRM", {"agenda": "energy"}, {**headers, "If-Match": '"7"'}, 412, "If-Match"),
        ("TCS", {"agenda": "energy"}, headers, 404, "code"),
    ]
    for code, body, sent, status, field in refusals:
        answer = await registry.patch(f"/v1/mechanisms/{code}", json=body, headers=sent)
        assert (answer.status_code, answer.json()["field"]) == (status, field), (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    unauthenticated = await registry.patch("/v1/mechanisms/TRM", json={"agenda": "energy"})
    assert unauthenticated.status_code == 401

    trm = (await registry.get("/v1/mechanisms/TRM")).json()
    assert (trm["version"], trm["expands"], trm["agenda"], trm["names"]) == (1, None, None, TRM["names"])
    fence = await registry.patch("/v1/mechanisms/TRM", json={"agenda": "energy"}, headers=headers)
    assert fence.status_code == 200, fence.text
    events = await mechanism_events_once_there(registry_settings, correlation, (UPDATED, "TRM"))
    assert [(e.type, e.subject, e.data["mechanism"]["version"]) for e in events] == [(UPDATED, "TRM", 2)]
