"""Members and their participation over time, on the real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from common.testing.fixtures import eventually
from registry.config import RegistrySettings
from support.registry import (
    ADMIN,
    events_about,
    events_count,
    partner_token,
    register,
    state,
    unique_code,
)

pytestmark = pytest.mark.integration


async def test_a_registered_member_is_announced_with_its_full_state(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = unique_code()
    member = await register(
        registry,
        state(
            code,
            names={"en": "Mongolia", "mn": "Монгол Улс"},
            status="participant",
            status_effective_from="2013-10-18",
        ),
    )
    assert (member["status"], member["status_since"], member["version"]) == ("participant", "2013-10-18", 1)

    [event] = await eventually(
        events_count(registry_settings, code, 1), what="member.registered on the topic"
    )
    assert event.type == "org.neacoop.registry.member.registered.v1"
    assert event.data["member"]["names"] == {"en": "Mongolia", "mn": "Монгол Улс"}
    assert event.data["member"]["status_history"] == [
        {"status": "participant", "effective_from": "2013-10-18", "reason": "registered"}
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "ZZZ", "kind": "state", "names": {"ko": "한국"}}, "names"),
        ({"code": "ZZZ", "kind": "state", "names": {"en": "X", "fr": "X"}}, "names"),
        ({"code": "", "kind": "state", "names": {"en": "X"}}, "code"),
        ({"code": "kor", "kind": "state", "names": {"en": "X"}}, "code"),
        ({"code": "K R", "kind": "state", "names": {"en": "X"}}, "code"),
        ({"code": "ZZZ", "kind": "empire", "names": {"en": "X"}}, "kind"),
        ({"code": "ZZZ", "kind": "state", "names": {"en": "X"}, "status": "emperor"}, "status"),
    ],
)
async def test_invalid_members_are_refused_with_a_422_naming_the_field(
    registry: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    answer = await registry.post("/v1/members", json=body, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["field"] == field
    assert (await registry.get("/v1/members")).json()["items"] == []


async def test_a_duplicate_code_is_a_409_and_emits_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = unique_code()
    await register(registry, state(code))
    again = await registry.post("/v1/members", json=state(code), headers=ADMIN)
    assert again.status_code == 409
    assert again.json()["field"] == "code"
    await eventually(events_count(registry_settings, code, 1), what="the first registration's event")
    assert len(await events_about(registry_settings, code)) == 1


async def test_a_local_government_needs_a_registered_state_as_its_parent(registry: httpx.AsyncClient) -> None:
    province, city = unique_code(), unique_code()
    local = {"code": city, "kind": "local_government", "names": {"en": "Rason"}}
    assert (await registry.post("/v1/members", json=local, headers=ADMIN)).json()["field"] == "parent_code"
    unknown = await registry.post("/v1/members", json={**local, "parent_code": province}, headers=ADMIN)
    assert (unknown.status_code, unknown.json()["field"]) == (422, "parent_code")
    await register(registry, state(province))
    member = await register(registry, {**local, "parent_code": province})
    assert member["parent_code"] == province


async def test_the_status_on_a_date_is_answered_from_a_history_that_is_never_erased(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = unique_code()
    await register(registry, state(code, status="invited", status_effective_from="2013-10-18"))
    change = {
        "status": "participant",
        "effective_from": "2014-06-01",
        "reason": "joined the nuclear safety forum",
    }
    changed = await registry.post(f"/v1/members/{code}/status", json=change, headers=ADMIN)
    assert changed.status_code == 201, changed.text

    before = (await registry.get(f"/v1/members/{code}/status", params={"at": "2014-03-01"})).json()
    after = (await registry.get(f"/v1/members/{code}/status", params={"at": "2014-07-01"})).json()
    earliest = (await registry.get(f"/v1/members/{code}/status", params={"at": "2012-01-01"})).json()
    assert (before["status_at"], after["status_at"], earliest["status_at"]) == (
        "invited",
        "participant",
        None,
    )
    assert [p["status"] for p in after["history"]] == ["invited", "participant"]

    listed = await registry.get("/v1/members", params={"status": "invited", "at": "2014-03-01"})
    assert code in [m["code"] for m in listed.json()["items"]]

    events = await eventually(events_count(registry_settings, code, 2), what="member.status_changed")
    assert events[-1].type == "org.neacoop.registry.member.status_changed.v1"
    assert (events[-1].data["previous_status"], events[-1].data["status"]) == ("invited", "participant")


async def test_a_status_change_dated_before_the_last_or_to_the_same_status_is_a_409_that_changes_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = unique_code()
    await register(registry, state(code, status="participant", status_effective_from="2014-01-01"))
    earlier = {"status": "observer", "effective_from": "2013-12-31", "reason": "backdated"}
    same = {"status": "participant", "effective_from": "2015-01-01", "reason": "again"}
    for change, field in ((earlier, "effective_from"), (same, "status")):
        answer = await registry.post(f"/v1/members/{code}/status", json=change, headers=ADMIN)
        assert (answer.status_code, answer.json()["field"]) == (409, field)
    history = (await registry.get(f"/v1/members/{code}/status")).json()["history"]
    assert len(history) == 1
    await eventually(events_count(registry_settings, code, 1), what="the registration event")
    assert len(await events_about(registry_settings, code)) == 1


async def test_a_stale_if_match_is_a_412(registry: httpx.AsyncClient) -> None:
    code = unique_code()
    await register(registry, state(code))
    read = await registry.get(f"/v1/members/{code}")
    etag = read.headers["etag"]
    first = await registry.patch(
        f"/v1/members/{code}", json={"role_note": "facilitator"}, headers={**ADMIN, "If-Match": etag}
    )
    assert first.status_code == 200
    assert first.headers["etag"] != etag
    stale = await registry.patch(
        f"/v1/members/{code}", json={"role_note": "host"}, headers={**ADMIN, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert (await registry.get(f"/v1/members/{code}")).json()["role_note"] == "facilitator"


async def test_lists_filter_by_kind_and_page_with_an_opaque_cursor(registry: httpx.AsyncClient) -> None:
    codes = sorted(unique_code() for _ in range(5))
    for code in codes:
        await register(registry, state(code))
    await register(
        registry, {"code": unique_code(), "kind": "institute", "names": {"en": "Sejong Institute"}}
    )

    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"kind": "state", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await registry.get("/v1/members", params=params)).json()
        seen += [m["code"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == codes
    bad = await registry.get("/v1/members", params={"cursor": "not-a-cursor!"})
    assert (bad.status_code, bad.json()["field"]) == (422, "cursor")


async def test_a_partner_may_change_its_own_member_and_contacts_but_not_anothers(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    own, other = unique_code(), unique_code()
    await register(registry, state(own))
    await register(registry, state(other))
    partner = {"Authorization": f"Bearer {await partner_token(registry_settings, own, ['members:write'])}"}

    assert (
        await registry.patch(f"/v1/members/{own}", json={"role_note": "host"}, headers=partner)
    ).status_code == 200
    forbidden = await registry.patch(f"/v1/members/{other}", json={"role_note": "host"}, headers=partner)
    assert (forbidden.status_code, forbidden.json()["field"]) == (403, "code")
    assert (await registry.get(f"/v1/members/{other}")).json()["role_note"] is None

    contact = {
        "name": "Kim Min-ji",
        "email": "minji.kim@example.org",
        "preferred_language": "ko",
        "role": "focal point",
    }
    added = await registry.post(f"/v1/members/{own}/contacts", json=contact, headers=partner)
    assert added.status_code == 201, added.text
    assert (
        await registry.post(f"/v1/members/{other}/contacts", json=contact, headers=partner)
    ).status_code == 403
    assert (await registry.get(f"/v1/members/{other}/contacts", headers=partner)).status_code == 403
    assert [
        c["email"] for c in (await registry.get(f"/v1/members/{own}/contacts", headers=partner)).json()
    ] == ["minji.kim@example.org"]
    status = {"status": "suspended", "effective_from": "2020-01-01", "reason": "self-suspension"}
    assert (await registry.post(f"/v1/members/{own}/status", json=status, headers=partner)).status_code == 403

    events = await eventually(events_count(registry_settings, own, 3), what="registered, updated, contacts")
    assert events[-1].type == "org.neacoop.registry.member.contacts_changed.v1"
    assert events[-1].data["member"]["contacts"][0]["preferred_language"] == "ko"


async def test_writes_without_credentials_are_a_401_and_reads_are_open(registry: httpx.AsyncClient) -> None:
    code = unique_code()
    assert (await registry.post("/v1/members", json=state(code))).status_code == 401
    wrong = await registry.post(
        "/v1/members", json=state(code), headers={"Authorization": "Bearer cl_x.nope"}
    )
    assert wrong.status_code == 401
    await register(registry, state(code))
    assert (await registry.get(f"/v1/members/{code}")).status_code == 200
    assert (await registry.get("/v1/members/NOSUCH")).status_code == 404


async def test_a_contact_with_an_invalid_email_or_language_is_a_422(registry: httpx.AsyncClient) -> None:
    code = unique_code()
    await register(registry, state(code))
    for contact, field in (
        ({"name": "A", "email": "not-an-email"}, "email"),
        ({"name": "A", "email": "a@example.org", "preferred_language": "fr"}, "preferred_language"),
    ):
        answer = await registry.post(f"/v1/members/{code}/contacts", json=contact, headers=ADMIN)
        assert (answer.status_code, answer.json()["field"]) == (422, field)


async def test_a_repeated_write_with_the_same_idempotency_key_returns_the_first_answer_and_changes_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = unique_code()
    headers = {**ADMIN, "Idempotency-Key": f"register-{code}"}
    first, again = [await registry.post("/v1/members", json=state(code), headers=headers) for _ in range(2)]
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"

    change = {"status": "participant", "effective_from": "2030-01-01", "reason": "joined"}
    status_headers = {**ADMIN, "Idempotency-Key": f"status-{code}"}
    answers = [
        await registry.post(f"/v1/members/{code}/status", json=change, headers=status_headers)
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201], "the second is a replay, not a 409"
    assert len((await registry.get(f"/v1/members/{code}/status")).json()["history"]) == 2

    await eventually(events_count(registry_settings, code, 2), what="registered and status_changed")
    assert len(await events_about(registry_settings, code)) == 2


async def test_the_same_idempotency_key_with_another_body_is_a_422(registry: httpx.AsyncClient) -> None:
    code, other = unique_code(), unique_code()
    headers = {**ADMIN, "Idempotency-Key": f"key-{code}"}
    assert (await registry.post("/v1/members", json=state(code), headers=headers)).status_code == 201
    reused = await registry.post("/v1/members", json=state(other), headers=headers)
    assert (reused.status_code, reused.json()["field"]) == (422, "Idempotency-Key")
    assert (await registry.get(f"/v1/members/{other}")).status_code == 404


async def test_concurrent_repeats_of_one_idempotent_write_create_one_member(
    registry: httpx.AsyncClient,
) -> None:
    code = unique_code()
    headers = {**ADMIN, "Idempotency-Key": f"race-{code}"}
    answers = await asyncio.gather(
        *(registry.post("/v1/members", json=state(code), headers=headers) for _ in range(4))
    )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["registered_at"] for a in answers}) == 1
