"""Recording "held": attendance, outcomes and exactly one `meeting.held`, on real PostgreSQL and Kafka."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from meetings.config import MeetingsSettings
from support.meetings import (
    ADMIN,
    RegistryOnTheBus,
    confirm,
    events_about,
    meeting_body,
    problem_of,
    schedule,
    short_types,
    unique_area,
    unique_code,
    wait_for_events,
)

pytestmark = pytest.mark.integration

TRM_PLUS_STATES = ["KOR", "JPN", "CHN", "USA", "RUS"]


async def test_the_first_trm_plus_meeting_held_is_announced_once_with_its_five_attendees_and_their_kinds(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    for code in TRM_PLUS_STATES:
        await registry.member(code)
    mongolia_institute = unique_code("I")
    await registry.member(
        mongolia_institute, kind="institute", history=[("observer", datetime(2000, 1, 1).date())]
    )
    await registry.issue_area("nuclear_safety")
    await registry.mechanism("TRM+")
    body = meeting_body(
        "JPN",
        ["nuclear_safety"],
        title={"en": "1st TRM+ meeting on nuclear safety", "ja": "第1回TRM+原子力安全会合"},
        mechanism_code="TRM+",
        city="Tokyo",
        country_code="JPN",
        starts_at="2014-11-27T10:00:00+09:00",
        ends_at="2014-11-27T17:00:00+09:00",
        time_zone="Asia/Tokyo",
        participants=[{"member_code": c, "role": "participant"} for c in TRM_PLUS_STATES if c != "JPN"]
        + [{"member_code": mongolia_institute, "role": "observer"}],
    )
    meeting = await schedule(meetings, body)
    await confirm(meetings, meeting["id"])

    record: dict[str, Any] = {
        "attendance": [
            {"member_code": c, "attendance": "attended", "delegation_level": "senior_officials"}
            for c in TRM_PLUS_STATES
        ]
        + [{"member_code": mongolia_institute, "attendance": "attended", "delegation_level": "expert"}],
        "outcomes": [
            {
                "type": "joint_statement",
                "text": "The participants agreed to share information on nuclear safety regulation.",
                "member_codes": TRM_PLUS_STATES,
            }
        ],
        "summary": "First meeting of TRM+ on nuclear safety, hosted by Japan.",
    }
    headers = {**ADMIN, "Idempotency-Key": f"held-{meeting['id']}"}
    held = await meetings.post(f"/v1/meetings/{meeting['id']}/held", json=record, headers=headers)
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "held"
    assert held.json()["held_on"] == "2014-11-27"
    replayed = await meetings.post(f"/v1/meetings/{meeting['id']}/held", json=record, headers=headers)
    assert replayed.json() == held.json()
    second = problem_of(
        await meetings.post(f"/v1/meetings/{meeting['id']}/held", json=record, headers=ADMIN), 409
    )
    assert second["current_status"] == "held"

    events = await wait_for_events(meetings_settings, meeting["id"], 3)
    assert short_types(events) == ["scheduled", "confirmed", "held"]
    [announced] = [
        e for e in await events_about(meetings_settings, meeting["id"]) if e.type.endswith(".held.v1")
    ]
    assert announced.type == "org.neacoop.meetings.meeting.held.v1"
    assert announced.source == "urn:neacoop:meetings"
    data = announced.data
    states = [a for a in data["attendees"] if a["kind"] == "state"]
    assert sorted(a["member_code"] for a in states) == sorted(TRM_PLUS_STATES)
    assert {a["status_on_meeting_date"] for a in states} == {"participant"}
    assert next(a for a in states if a["member_code"] == "JPN")["role"] == "host"
    observer = next(a for a in data["attendees"] if a["member_code"] == mongolia_institute)
    assert (observer["kind"], observer["role"], observer["status_on_meeting_date"]) == (
        "institute",
        "observer",
        "observer",
    )
    assert data["held_on"] == "2014-11-27"
    assert data["meeting"]["issue_area_codes"] == ["nuclear_safety"]
    assert data["meeting"]["mechanism_code"] == "TRM+"
    assert data["meeting"]["track"] == "1"
    assert data["outcomes"][0]["type"] == "joint_statement"
    assert sorted(data["outcomes"][0]["member_codes"]) == sorted(TRM_PLUS_STATES)
    assert data["summary"] == record["summary"]


@pytest.fixture
async def confirmed(meetings: httpx.AsyncClient, registry: RegistryOnTheBus) -> dict[str, Any]:
    """A confirmed meeting hosted by `host`, with a participant, an observer and a guest who declined."""
    codes = {
        "host": unique_code(),
        "participant": unique_code(),
        "observer": unique_code(),
        "guest": unique_code(),
    }
    for code in codes.values():
        await registry.member(code)
    area = unique_area()
    await registry.issue_area(area)
    invited = [{"member_code": codes[role], "role": role} for role in ("participant", "observer", "guest")]
    meeting = await schedule(meetings, meeting_body(codes["host"], [area], participants=invited))
    await confirm(meetings, meeting["id"])
    return {"id": meeting["id"], **codes, "area": area}


def attended(*codes: str) -> list[dict[str, str]]:
    return [{"member_code": c, "attendance": "attended"} for c in codes]


async def refused(
    meetings: httpx.AsyncClient, meeting_id: str, record: dict[str, Any], status: int = 422
) -> str:
    answer = await meetings.post(
        f"/v1/meetings/{meeting_id}/held", json={"summary": "met", **record}, headers=ADMIN
    )
    return str(problem_of(answer, status)["field"])


async def test_the_host_must_attend(meetings: httpx.AsyncClient, confirmed: dict[str, Any]) -> None:
    absent = {"member_code": confirmed["host"], "attendance": "absent"}
    absent_host = [*attended(confirmed["participant"]), absent]
    assert await refused(meetings, confirmed["id"], {"attendance": absent_host}) == "attendance"
    assert (
        await refused(meetings, confirmed["id"], {"attendance": attended(confirmed["participant"])})
        == "attendance"
    )


async def test_every_attendee_must_be_an_invited_participant(
    meetings: httpx.AsyncClient, confirmed: dict[str, Any]
) -> None:
    record = {"attendance": attended(confirmed["host"], unique_code())}
    assert await refused(meetings, confirmed["id"], record) == "attendance.1.member_code"


async def test_a_signatory_who_did_not_attend_is_refused(
    meetings: httpx.AsyncClient, confirmed: dict[str, Any]
) -> None:
    outcome = {
        "type": "mou_signed",
        "text": "MoU",
        "member_codes": [confirmed["host"], confirmed["participant"]],
    }
    record = {"attendance": attended(confirmed["host"]), "outcomes": [outcome]}
    assert await refused(meetings, confirmed["id"], record) == "outcomes.0.member_codes"


async def test_an_observer_attends_but_can_neither_sign_nor_support(
    meetings: httpx.AsyncClient, confirmed: dict[str, Any], meetings_settings: MeetingsSettings
) -> None:
    everyone = attended(confirmed["host"], confirmed["observer"], confirmed["guest"])
    for kind in ("joint_statement", "support_expressed"):
        outcome = {
            "type": kind,
            "text": "Support",
            "member_codes": [confirmed["host"], confirmed["observer"]],
        }
        field = await refused(meetings, confirmed["id"], {"attendance": everyone, "outcomes": [outcome]})
        assert field == "outcomes.0.member_codes"

    # The guest attended though it had declined; the participant, not listed, is recorded as absent.
    support = {"type": "support_expressed", "text": "Support", "member_codes": [confirmed["guest"]]}
    held = await meetings.post(
        f"/v1/meetings/{confirmed['id']}/held",
        json={"attendance": everyone, "outcomes": [support], "summary": "met"},
        headers=ADMIN,
    )
    assert held.status_code == 200, held.text
    attendance = {p["member_code"]: p["attendance"] for p in held.json()["participants"]}
    assert attendance[confirmed["participant"]] == "absent"
    assert attendance[confirmed["observer"]] == "attended"
    events = await wait_for_events(meetings_settings, confirmed["id"], 3)
    assert short_types(events) == ["scheduled", "confirmed", "held"]
    assert {a["member_code"] for a in events[2].data["attendees"]} == {
        confirmed["host"],
        confirmed["observer"],
        confirmed["guest"],
    }


async def test_a_meeting_whose_date_is_still_ahead_cannot_be_recorded_as_held(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    tomorrow = datetime.now(UTC) + timedelta(days=2)
    body = meeting_body(
        host,
        [area],
        starts_at=tomorrow.isoformat(),
        ends_at=(tomorrow + timedelta(hours=8)).isoformat(),
    )
    meeting = await schedule(meetings, body)
    await confirm(meetings, meeting["id"])
    assert await refused(meetings, meeting["id"], {"attendance": attended(host)}) == "starts_at"


SINCE_NAPCI = date(2013, 5, 1)  # the seed dates the reference's statuses from NAPCI's proposal


@pytest.fixture
async def summit(meetings: httpx.AsyncClient, registry: RegistryOnTheBus) -> dict[str, Any]:
    """A confirmed meeting in 2015 hosted by a participant, with the EU (an observer by status) and the
    DPRK (only invited) both invited in the role `participant`, and a second participant."""
    host, other, area = unique_code(), unique_code(), unique_area()
    await registry.member(host)
    await registry.member(other)
    await registry.member("EU", kind="regional_organization", history=[("observer", SINCE_NAPCI)])
    await registry.member("PRK", history=[("invited", SINCE_NAPCI)])
    await registry.issue_area(area)
    invited = [{"member_code": code, "role": "participant"} for code in (other, "EU", "PRK")]
    meeting = await schedule(meetings, meeting_body(host, [area], participants=invited))
    await confirm(meetings, meeting["id"])
    return {"id": meeting["id"], "host": host, "other": other}


async def held_refused(
    meetings: httpx.AsyncClient, meeting_id: str, outcome: dict[str, Any], attending: list[str]
) -> dict[str, Any]:
    record = {"attendance": attended(*attending), "outcomes": [outcome], "summary": "met"}
    answer = await meetings.post(f"/v1/meetings/{meeting_id}/held", json=record, headers=ADMIN)
    return problem_of(answer, 422)


async def assert_nothing_recorded(meetings: httpx.AsyncClient, meeting_id: str) -> None:
    meeting = (await meetings.get(f"/v1/meetings/{meeting_id}")).json()
    assert (meeting["status"], meeting["version"], meeting["outcomes"]) == ("confirmed", 2, [])
    assert {p["attendance"] for p in meeting["participants"]} == {None}


async def test_the_eu_an_observer_by_status_invited_as_a_participant_cannot_sign_and_nothing_is_recorded(
    meetings: httpx.AsyncClient, summit: dict[str, Any], meetings_settings: MeetingsSettings
) -> None:
    everyone = [summit["host"], summit["other"], "EU"]
    statement = {"type": "joint_statement", "text": "Joint statement", "member_codes": everyone}
    refused = await held_refused(meetings, summit["id"], statement, everyone)
    assert refused["type"] == "https://neacoop.org/problems/rule-violated"
    assert refused["field"] == "outcomes.0.member_codes"
    assert refused["not_in_good_standing"] == [
        {"member_code": "EU", "role": "participant", "status_on_meeting_date": "observer"}
    ]
    await assert_nothing_recorded(meetings, summit["id"])

    # The EU attends and watches; the statement is the participants' own.
    statement["member_codes"] = [summit["host"], summit["other"]]
    record = {"attendance": attended(*everyone), "outcomes": [statement], "summary": "met"}
    held = await meetings.post(f"/v1/meetings/{summit['id']}/held", json=record, headers=ADMIN)
    assert held.status_code == 200, held.text
    events = await wait_for_events(meetings_settings, summit["id"], 3)
    assert short_types(events) == ["scheduled", "confirmed", "held"]
    assert events[2].data["outcomes"][0]["member_codes"] == [summit["host"], summit["other"]]
    eu = next(a for a in events[2].data["attendees"] if a["member_code"] == "EU")
    assert (eu["role"], eu["status_on_meeting_date"]) == ("participant", "observer")


async def test_a_member_only_invited_on_the_meeting_date_cannot_support_but_a_participant_can(
    meetings: httpx.AsyncClient, summit: dict[str, Any], meetings_settings: MeetingsSettings
) -> None:
    attending = [summit["host"], summit["other"], "PRK"]
    support = {"type": "support_expressed", "text": "Support for NAPCI", "member_codes": ["PRK"]}
    refused = await held_refused(meetings, summit["id"], support, attending)
    assert refused["field"] == "outcomes.0.member_codes"
    assert refused["not_in_good_standing"] == [
        {"member_code": "PRK", "role": "participant", "status_on_meeting_date": "invited"}
    ]
    await assert_nothing_recorded(meetings, summit["id"])

    support["member_codes"] = [summit["other"]]
    record = {"attendance": attended(*attending), "outcomes": [support], "summary": "met"}
    held = await meetings.post(f"/v1/meetings/{summit['id']}/held", json=record, headers=ADMIN)
    assert held.status_code == 200, held.text
    assert held.json()["outcomes"][0]["member_codes"] == [summit["other"]]
    events = await wait_for_events(meetings_settings, summit["id"], 3)
    assert short_types(events) == ["scheduled", "confirmed", "held"]


async def test_standing_is_read_on_the_meeting_date_not_today(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    became_participant_later = unique_code()
    participant_from_that_day = unique_code()
    await registry.member(host)
    await registry.member(
        became_participant_later, history=[("observer", SINCE_NAPCI), ("participant", date(2016, 1, 1))]
    )
    await registry.member(
        participant_from_that_day, history=[("invited", SINCE_NAPCI), ("participant", date(2015, 11, 4))]
    )
    await registry.issue_area(area)
    invited = [{"member_code": c} for c in (became_participant_later, participant_from_that_day)]
    meeting = await schedule(meetings, meeting_body(host, [area], participants=invited))
    await confirm(meetings, meeting["id"])
    attending = [host, became_participant_later, participant_from_that_day]

    mou = {"type": "mou_signed", "text": "MoU", "member_codes": attending}
    refused = await held_refused(meetings, meeting["id"], mou, attending)
    assert [m["member_code"] for m in refused["not_in_good_standing"]] == [became_participant_later]

    mou["member_codes"] = [host, participant_from_that_day]
    record = {"attendance": attended(*attending), "outcomes": [mou], "summary": "met"}
    held = await meetings.post(f"/v1/meetings/{meeting['id']}/held", json=record, headers=ADMIN)
    assert held.status_code == 200, held.text
