"""Mechanisms and their members over time, on the real Kafka broker and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from common.contracts.registry import MECHANISM_TOPIC
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings
from registry.members.service import today

pytestmark = pytest.mark.integration

MEMBERS_ADDED = "org.neacoop.registry.mechanism.members_added.v1"
REGISTERED = "org.neacoop.registry.mechanism.registered.v1"
UPDATED = "org.neacoop.registry.mechanism.updated.v1"
MEMBERSHIP_ENDED = "org.neacoop.registry.mechanism.membership_ended.v1"

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


async def events_once_there(
    settings: RegistrySettings, correlation: str, *expected: tuple[str, str]
) -> list[CloudEvent]:
    """The test's events, once every expected (type, subject) is on the topic.

    Subjects sit on different partitions, so nothing is assumed of the order across them.
    """

    async def probe() -> list[CloudEvent] | None:
        events = await events_of(settings, correlation)
        return events if set(expected) <= {(e.type, e.subject) for e in events} else None

    return await eventually(probe, what=f"events {expected}")


def admin(**headers: str) -> dict[str, str]:
    return {**admin_headers(), **headers}


async def members_on(registry: httpx.AsyncClient, code: str, at: str) -> dict[str, str | None]:
    answer = await registry.get(f"/v1/mechanisms/{code}/members", params={"at": at})
    assert answer.status_code == 200, answer.text
    return {m["member_code"]: m["left_on"] for m in answer.json()["members"]}


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


async def test_patching_a_mechanism_changes_only_the_fields_sent_and_announces_its_full_state(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR")
    await register(registry, {**TRM, "agenda": "environment", "member_codes": ["CHN", "JPN", "KOR"]})
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
    events = await events_once_there(registry_settings, correlation, (UPDATED, "TRM"))
    assert [e.type for e in events] == [UPDATED]
    state = events[0].data["mechanism"]
    assert (state["code"], state["version"], state["names"]) == ("TRM", 2, names)
    assert (state["nature"], state["agenda"]) == (None, "environment")
    assert [m["member_code"] for m in state["memberships"]] == ["CHN", "JPN", "KOR"]


async def test_a_mechanism_can_be_made_to_expand_another_and_to_expand_none_again(
    registry: httpx.AsyncClient,
) -> None:
    await register(registry, TRM)
    await register(registry, {"code": "TRM+", "names": {"en": "TRM Plus"}, "declared_member_count": 5})

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
    await register(registry, TRM)
    await register(registry, {"code": "TRM+", "names": {"en": "TRM Plus"}, "expands_code": "TRM"})
    await register(registry, {"code": "TCS", "names": {"en": "Trilateral Cooperation Secretariat"}})
    await register(registry, {"code": "GTI", "names": {"en": "GTI"}, "expands_code": "TCS"})
    await register(registry, {"code": "NEASPEC", "names": {"en": "NEASPEC"}, "expands_code": "GTI"})

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
        await register(registry, {"code": code, "names": {"en": code}})

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
    await register(registry, TRM)
    await register(registry, {"code": "TRM+", "names": {"en": "TRM Plus"}, "expands_code": "TRM"})
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
    events = await events_once_there(registry_settings, correlation, (UPDATED, "TRM"))
    assert [(e.type, e.subject, e.data["mechanism"]["version"]) for e in events] == [(UPDATED, "TRM", 2)]


async def test_a_member_that_leaves_stays_in_the_history_before_its_leaving_date_and_not_after(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR")
    await register(registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"], "joined_on": "2008-12-13"})

    left = await registry.delete(
        "/v1/mechanisms/TRM/members/KOR",
        params={"left_on": "2020-01-01"},
        headers={**traced(correlation), "If-Match": '"1"'},
    )

    assert left.status_code == 200, left.text
    assert left.headers["ETag"] == '"2"'
    assert (left.json()["version"], left.json()["member_count"]) == (2, 2)
    assert await members_on(registry, "TRM", "2019-12-31") == {"CHN": None, "JPN": None, "KOR": "2020-01-01"}
    assert await members_on(registry, "TRM", "2020-01-01") == {"CHN": None, "JPN": None}
    current = (await registry.get("/v1/mechanisms/TRM/members")).json()["members"]
    assert [m["member_code"] for m in current] == ["CHN", "JPN"]
    in_2019 = (await registry.get("/v1/mechanisms", params={"member": "KOR", "at": "2019-12-31"})).json()
    assert [m["code"] for m in in_2019["items"]] == ["TRM"]
    assert (await registry.get("/v1/mechanisms", params={"member": "KOR"})).json()["items"] == []
    events = await events_once_there(registry_settings, correlation, (MEMBERSHIP_ENDED, "TRM"))
    assert [e.type for e in events] == [MEMBERSHIP_ENDED]
    assert (events[0].data["member_code"], events[0].data["left_on"]) == ("KOR", "2020-01-01")
    state = events[0].data["mechanism"]
    assert state["version"] == 2
    assert {m["member_code"]: (m["joined_on"], m["left_on"]) for m in state["memberships"]} == {
        "CHN": ("2008-12-13", None),
        "JPN": ("2008-12-13", None),
        "KOR": ("2008-12-13", "2020-01-01"),
    }


async def test_a_member_leaves_today_unless_told_otherwise(registry: httpx.AsyncClient) -> None:
    await register_members(registry, "MNG")
    await register(registry, {**TRM, "member_codes": ["MNG"]})

    left = await registry.delete("/v1/mechanisms/TRM/members/MNG", headers=admin())

    assert (left.status_code, left.json()["member_count"]) == (200, 0)
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert await members_on(registry, "TRM", yesterday) == {"MNG": today().isoformat()}


async def test_a_member_that_left_may_join_again_later_as_a_new_membership(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "KOR", "MNG")
    await register(registry, {**TRM, "member_codes": ["KOR", "MNG"], "joined_on": "2008-12-13"})
    left = await registry.delete(
        "/v1/mechanisms/TRM/members/MNG", params={"left_on": "2015-01-01"}, headers=admin()
    )
    assert left.status_code == 200, left.text

    too_early = await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["MNG"], "joined_on": "2014-06-01"},
        headers=admin(),
    )
    back = await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["MNG"], "joined_on": "2018-01-01"},
        headers={**traced(correlation), "If-Match": '"2"'},
    )

    assert (too_early.status_code, too_early.json()["field"]) == (409, "member_codes")
    assert back.status_code == 200, back.text
    assert (back.json()["version"], back.json()["member_count"]) == (3, 2)
    assert "MNG" in await members_on(registry, "TRM", "2014-12-31")
    assert "MNG" not in await members_on(registry, "TRM", "2016-01-01")
    assert "MNG" in await members_on(registry, "TRM", "2019-01-01")
    events = await events_once_there(registry_settings, correlation, (MEMBERS_ADDED, "TRM"))
    mng = [m for m in events[0].data["mechanism"]["memberships"] if m["member_code"] == "MNG"]
    assert sorted((m["joined_on"], m["left_on"]) for m in mng) == [
        ("2008-12-13", "2015-01-01"),
        ("2018-01-01", None),
    ]
    # The new membership can end in its turn; the first one is left as it was.
    again = await registry.delete(
        "/v1/mechanisms/TRM/members/MNG", params={"left_on": "2020-01-01"}, headers=admin()
    )
    assert again.status_code == 200, again.text
    assert "MNG" in await members_on(registry, "TRM", "2014-12-31")
    assert await members_on(registry, "TRM", "2019-12-31") == {"KOR": None, "MNG": "2020-01-01"}


async def test_rejected_departures_emit_no_event_and_change_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "PRK")
    await register(registry, {**TRM, "member_codes": ["CHN", "JPN"], "joined_on": "2008-12-13"})
    await registry.post(
        "/v1/mechanisms/TRM/members",
        json={"member_codes": ["KOR"], "joined_on": "2010-01-01"},
        headers=admin(),
    )
    gone = await registry.delete(
        "/v1/mechanisms/TRM/members/KOR", params={"left_on": "2012-01-01"}, headers=admin()
    )
    assert gone.status_code == 200, gone.text
    headers = traced(correlation)
    refusals = [
        ("TRM", "PRK", {}, headers, 404, "member_code"),
        ("TRM", "KOR", {}, headers, 404, "member_code"),
        ("TRM", "XYZ", {}, headers, 404, "member_code"),
        ("TRM", "CHN", {"left_on": "2008-12-12"}, headers, 422, "left_on"),
        ("TRM", "CHN", {}, {**headers, "If-Match": '"1"'}, 412, "If-Match"),
        ("TCS", "CHN", {}, headers, 404, "code"),
    ]
    for code, member, params, sent, status, field in refusals:
        answer = await registry.delete(f"/v1/mechanisms/{code}/members/{member}", params=params, headers=sent)
        assert (answer.status_code, answer.json()["field"]) == (status, field), (member, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert (
        "left on 2012-01-01"
        in (await registry.delete("/v1/mechanisms/TRM/members/KOR", headers=headers)).json()["detail"]
    )
    assert (await registry.delete("/v1/mechanisms/TRM/members/CHN")).status_code == 401
    bad_date = await registry.delete(
        "/v1/mechanisms/TRM/members/CHN", params={"left_on": "someday"}, headers=headers
    )
    assert bad_date.status_code == 422

    trm = (await registry.get("/v1/mechanisms/TRM")).json()
    assert (trm["version"], trm["member_count"]) == (3, 2)
    fence = await registry.delete(
        "/v1/mechanisms/TRM/members/CHN", params={"left_on": "2008-12-13"}, headers=headers
    )
    assert fence.status_code == 200, fence.text
    events = await events_once_there(registry_settings, correlation, (MEMBERSHIP_ENDED, "TRM"))
    assert [(e.type, e.data["member_code"]) for e in events] == [(MEMBERSHIP_ENDED, "CHN")]
