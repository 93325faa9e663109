"""Members of a mechanism over time: who belonged on a date, joining from a date, leaving and joining
again, on the real Kafka broker and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from common.testing.fixtures import admin_headers
from registry.config import RegistrySettings
from registry.members.service import today
from support.registry import (
    MEMBERS_ADDED,
    MEMBERSHIP_ENDED,
    TRM,
    admin,
    mechanism_events_once_there,
    members_on,
    register_mechanism,
    register_members,
    traced,
)

pytestmark = pytest.mark.integration


async def test_members_on_a_date_are_those_that_had_joined_and_the_member_filter_follows_them(
    registry: httpx.AsyncClient,
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR", "MNG")
    await register_mechanism(
        registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"], "joined_on": "2008-12-13"}
    )
    await register_mechanism(registry, {"code": "GTI", "names": {"en": "Greater Tumen Initiative"}})
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
    await register_mechanism(registry, TRM)
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


async def test_a_member_that_leaves_stays_in_the_history_before_its_leaving_date_and_not_after(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "CHN", "JPN", "KOR")
    await register_mechanism(
        registry, {**TRM, "member_codes": ["CHN", "JPN", "KOR"], "joined_on": "2008-12-13"}
    )

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
    events = await mechanism_events_once_there(registry_settings, correlation, (MEMBERSHIP_ENDED, "TRM"))
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
    await register_mechanism(registry, {**TRM, "member_codes": ["MNG"]})

    left = await registry.delete("/v1/mechanisms/TRM/members/MNG", headers=admin())

    assert (left.status_code, left.json()["member_count"]) == (200, 0)
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert await members_on(registry, "TRM", yesterday) == {"MNG": today().isoformat()}


async def test_a_member_that_left_may_join_again_later_as_a_new_membership(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, correlation: str
) -> None:
    await register_members(registry, "KOR", "MNG")
    await register_mechanism(registry, {**TRM, "member_codes": ["KOR", "MNG"], "joined_on": "2008-12-13"})
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
    events = await mechanism_events_once_there(registry_settings, correlation, (MEMBERS_ADDED, "TRM"))
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
    await register_mechanism(registry, {**TRM, "member_codes": ["CHN", "JPN"], "joined_on": "2008-12-13"})
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
    events = await mechanism_events_once_there(registry_settings, correlation, (MEMBERSHIP_ENDED, "TRM"))
    assert [(e.type, e.data["member_code"]) for e in events] == [(MEMBERSHIP_ENDED, "CHN")]
