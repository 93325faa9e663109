"""Corrections of a member's participation history, on the real PostgreSQL and Kafka: the past is
corrected with a reason, announced, and the history as recorded before stays readable."""

from __future__ import annotations

from datetime import datetime, timedelta
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


async def member_with_a_mistaken_suspension(registry: httpx.AsyncClient) -> str:
    """Participant since 2013-05-01; recorded as suspended from 2015-03-01, which the minutes contradict."""
    code = unique_code()
    await register(registry, state(code, status="participant", status_effective_from="2013-05-01"))
    change = {"status": "suspended", "effective_from": "2015-03-01", "reason": "arrears"}
    changed = await registry.post(f"/v1/members/{code}/status", json=change, headers=ADMIN)
    assert changed.status_code == 201, changed.text
    return code


async def history_of(registry: httpx.AsyncClient, code: str, **params: str) -> dict[str, Any]:
    answer = await registry.get(f"/v1/members/{code}/status", params=params)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def periods(history: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["status"], p["effective_from"]) for p in history["history"]]


async def test_an_administrator_corrects_a_periods_status_with_a_reason(registry: httpx.AsyncClient) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    correction = {
        "period_effective_from": "2015-03-01",
        "status": "observer",
        "reason": "the 2015 minutes record observer status, not a suspension",
    }
    answer = await registry.post(f"/v1/members/{code}/status/corrections", json=correction, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    assert periods(answer.json()) == [("participant", "2013-05-01"), ("observer", "2015-03-01")]
    [made] = answer.json()["corrections"]
    assert made["reason"] == "the 2015 minutes record observer status, not a suspension"
    assert made["recorded_by"] == "admin"
    assert made["period_before"] == {
        "status": "suspended",
        "effective_from": "2015-03-01",
        "reason": "arrears",
    }
    assert made["period_after"] == {"status": "observer", "effective_from": "2015-03-01", "reason": "arrears"}

    read = await history_of(registry, code, at="2015-06-01")
    assert read["status_at"] == "observer"
    assert read["corrections"] == [made]
    listed = await registry.get(f"/v1/members/{code}/status/corrections")
    assert listed.json() == [made]
    member = (await registry.get(f"/v1/members/{code}")).json()
    assert (member["status"], member["version"]) == ("observer", 3)


async def test_a_correction_is_announced_with_the_full_state_the_periods_and_the_reason(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    correction = {
        "period_effective_from": "2015-03-01",
        "effective_from": "2016-03-01",
        "reason": "typing error",
    }
    answer = await registry.post(f"/v1/members/{code}/status/corrections", json=correction, headers=ADMIN)
    assert answer.status_code == 201, answer.text

    events = await eventually(events_count(registry_settings, code, 3), what="member.status_corrected")
    corrected = events[-1]
    assert corrected.type == "org.neacoop.registry.member.status_corrected.v1"
    assert corrected.data["corrected_by"] == "admin"
    assert corrected.data["reason"] == "typing error"
    assert corrected.data["correction_id"] == answer.json()["corrections"][0]["id"]
    assert corrected.data["period_before"] == {
        "status": "suspended",
        "effective_from": "2015-03-01",
        "reason": "arrears",
    }
    assert corrected.data["period_after"]["effective_from"] == "2016-03-01"
    member = corrected.data["member"]
    assert member["version"] == 3
    assert member["names"] == {"en": f"State {code}"}
    assert [(p["status"], p["effective_from"]) for p in member["status_history"]] == [
        ("participant", "2013-05-01"),
        ("suspended", "2016-03-01"),
    ]


async def test_the_history_as_recorded_before_a_correction_is_the_old_one_and_after_it_the_new(
    registry: httpx.AsyncClient,
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    removal = {"period_effective_from": "2015-03-01", "remove": True, "reason": "recorded for another member"}
    answer = await registry.post(f"/v1/members/{code}/status/corrections", json=removal, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    assert periods(answer.json()) == [("participant", "2013-05-01")]
    [made] = answer.json()["corrections"]
    assert made["period_after"] is None
    corrected_at = datetime.fromisoformat(made["recorded_at"])

    just_before = (corrected_at - timedelta(microseconds=1)).isoformat()
    old = await history_of(registry, code, as_recorded=just_before, at="2015-06-01")
    assert periods(old) == [("participant", "2013-05-01"), ("suspended", "2015-03-01")]
    assert (old["status_at"], old["corrections"]) == ("suspended", [])

    new = await history_of(registry, code, as_recorded=corrected_at.isoformat(), at="2015-06-01")
    assert periods(new) == [("participant", "2013-05-01")]
    assert (new["status_at"], [c["id"] for c in new["corrections"]]) == ("participant", [made["id"]])

    before_registration = await history_of(registry, code, as_recorded="2001-01-01T00:00:00Z")
    assert (before_registration["history"], before_registration["status_at"]) == ([], None)
    assert (await history_of(registry, code))["history"] == new["history"]


async def test_two_corrections_of_one_period_each_keep_the_version_they_replaced(
    registry: httpx.AsyncClient,
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    first = {"period_effective_from": "2015-03-01", "status": "observer", "reason": "minutes"}
    second = {"period_effective_from": "2015-03-01", "effective_from": "2015-04-01", "reason": "the letter"}
    moments = []
    for correction in (first, second):
        answer = await registry.post(f"/v1/members/{code}/status/corrections", json=correction, headers=ADMIN)
        assert answer.status_code == 201, answer.text
        moments.append(datetime.fromisoformat(answer.json()["corrections"][-1]["recorded_at"]))

    at = [(moments[0] - timedelta(microseconds=1)), moments[0], moments[1]]
    seen = [periods(await history_of(registry, code, as_recorded=m.isoformat()))[-1] for m in at]
    assert seen == [("suspended", "2015-03-01"), ("observer", "2015-03-01"), ("observer", "2015-04-01")]


@pytest.mark.parametrize(
    ("correction", "status", "field"),
    [
        # Moving the period to or before the one before it would reorder the history.
        ({"period_effective_from": "2015-03-01", "effective_from": "2013-05-01"}, 409, "effective_from"),
        ({"period_effective_from": "2013-05-01", "effective_from": "2015-03-01"}, 409, "effective_from"),
        # Two periods in a row with the same status are not a change of status.
        ({"period_effective_from": "2015-03-01", "status": "participant"}, 409, "status"),
        ({"period_effective_from": "2013-05-01", "status": "suspended"}, 409, "status"),
        ({"period_effective_from": "2015-03-01", "status": "suspended"}, 422, "status"),
        ({"period_effective_from": "2015-03-01"}, 422, "status"),
        ({"period_effective_from": "2015-03-01", "remove": True, "status": "observer"}, 422, "remove"),
        ({"period_effective_from": "2015-03-02", "status": "observer"}, 404, "period_effective_from"),
        ({"period_effective_from": "2015-03-01", "status": "emperor"}, 422, "status"),
    ],
)
async def test_a_correction_that_would_not_leave_a_valid_history_is_refused_and_changes_nothing(
    registry: httpx.AsyncClient,
    registry_settings: RegistrySettings,
    correction: dict[str, Any],
    status: int,
    field: str,
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    answer = await registry.post(
        f"/v1/members/{code}/status/corrections", json={**correction, "reason": "why not"}, headers=ADMIN
    )
    assert (answer.status_code, answer.json()["field"]) == (status, field), answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    after = await history_of(registry, code)
    assert periods(after) == [("participant", "2013-05-01"), ("suspended", "2015-03-01")]
    assert after["corrections"] == []
    assert (await registry.get(f"/v1/members/{code}")).json()["version"] == 2
    await eventually(events_count(registry_settings, code, 2), what="registered and status_changed")
    assert len(await events_about(registry_settings, code)) == 2


async def test_removing_a_period_between_two_of_the_same_status_or_the_only_one_is_a_409(
    registry: httpx.AsyncClient,
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    again = {"status": "participant", "effective_from": "2016-01-01", "reason": "arrears paid"}
    assert (await registry.post(f"/v1/members/{code}/status", json=again, headers=ADMIN)).status_code == 201
    between = {"period_effective_from": "2015-03-01", "remove": True, "reason": "never suspended"}
    refused = await registry.post(f"/v1/members/{code}/status/corrections", json=between, headers=ADMIN)
    assert (refused.status_code, refused.json()["field"]) == (409, "remove")
    assert "remove the one from 2016-01-01 first" in refused.json()["detail"]

    only = unique_code()
    await register(registry, state(only, status="participant", status_effective_from="2013-05-01"))
    removal = {"period_effective_from": "2013-05-01", "remove": True, "reason": "never was"}
    refused = await registry.post(f"/v1/members/{only}/status/corrections", json=removal, headers=ADMIN)
    assert (refused.status_code, refused.json()["field"]) == (409, "remove")


async def test_only_an_administrator_may_correct_the_history(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    correction = {"period_effective_from": "2015-03-01", "remove": True, "reason": "we were never suspended"}
    own_partner = {
        "Authorization": f"Bearer {await partner_token(registry_settings, code, ['members:write'])}"
    }
    path = f"/v1/members/{code}/status/corrections"
    forbidden = await registry.post(path, json=correction, headers=own_partner)
    assert forbidden.status_code == 403
    assert (await registry.post(path, json=correction)).status_code == 401
    assert len((await history_of(registry, code))["history"]) == 2


@pytest.mark.parametrize("reason", ["", "   "])
async def test_a_correction_without_a_reason_is_a_422(registry: httpx.AsyncClient, reason: str) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    correction = {"period_effective_from": "2015-03-01", "status": "observer", "reason": reason}
    answer = await registry.post(f"/v1/members/{code}/status/corrections", json=correction, headers=ADMIN)
    assert (answer.status_code, answer.json()["field"]) == (422, "reason")
    missing = {"period_effective_from": "2015-03-01", "status": "observer"}
    answer = await registry.post(f"/v1/members/{code}/status/corrections", json=missing, headers=ADMIN)
    assert (answer.status_code, answer.json()["field"]) == (422, "reason")
    assert periods(await history_of(registry, code))[-1] == ("suspended", "2015-03-01")


async def test_a_correction_honours_if_match_and_replays_on_the_same_idempotency_key(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    path = f"/v1/members/{code}/status/corrections"
    correction = {"period_effective_from": "2015-03-01", "status": "observer", "reason": "minutes"}
    stale = await registry.post(path, json=correction, headers={**ADMIN, "If-Match": '"1"'})
    assert (stale.status_code, stale.json()["field"]) == (412, "If-Match")

    etag = (await registry.get(f"/v1/members/{code}")).headers["etag"]
    headers = {**ADMIN, "If-Match": etag, "Idempotency-Key": f"correct-{code}"}
    first, again = [await registry.post(path, json=correction, headers=headers) for _ in range(2)]
    assert (first.status_code, again.status_code) == (201, 201), first.text
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len((await history_of(registry, code))["corrections"]) == 1
    await eventually(events_count(registry_settings, code, 3), what="the one status_corrected")
    assert len(await events_about(registry_settings, code)) == 3


async def test_a_backdated_status_change_points_to_the_corrections(registry: httpx.AsyncClient) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    backdated = {"status": "observer", "effective_from": "2014-01-01", "reason": "backdated"}
    answer = await registry.post(f"/v1/members/{code}/status", json=backdated, headers=ADMIN)
    assert (answer.status_code, answer.json()["field"]) == (409, "effective_from")
    assert f"/v1/members/{code}/status/corrections" in answer.json()["detail"]
    assert answer.json()["corrections"] == f"/v1/members/{code}/status/corrections"


async def test_as_recorded_needs_an_offset(registry: httpx.AsyncClient) -> None:
    code = await member_with_a_mistaken_suspension(registry)
    for moment in ("2020-01-01T00:00:00", "yesterday"):
        answer = await registry.get(f"/v1/members/{code}/status", params={"as_recorded": moment})
        assert (answer.status_code, answer.json()["field"]) == (422, "as_recorded")
