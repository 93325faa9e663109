"""Decisions, criteria versions and the what-if, on the real Kafka broker and PostgreSQL."""

from __future__ import annotations

import copy
import hashlib
import secrets
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts.registry import IssueAreaRegistered, IssueAreaState, MemberRegistered, MemberState
from common.contracts.roadmap import DECISION_TOPIC, DecisionRecorded
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.messaging.tables import known_clients, outbox
from common.testing.fixtures import admin_headers, eventually
from roadmap.config import RoadmapSettings
from roadmap.models import Decision, HeldMeeting, KnownMember, StageChange, TrackRecord
from support.roadmap import (
    FIRST_TRM_PLUS,
    FIVE_STATES,
    SECOND_TRM_PLUS,
    OthersOnTheBus,
    held_meeting,
    json_of,
    reaches,
    track_of,
)

ADMIN = admin_headers()


@pytest.fixture
async def bus(
    roadmap: httpx.AsyncClient, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> OthersOnTheBus:
    return OthersOnTheBus(roadmap_settings)


def decision(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "agreed_by": ["KOR", "JPN"],
        "justification": "agreed at the senior officials' meeting",
        "decided_on": "2015-03-02",
        **fields,
    }


async def count(engine: AsyncEngine, statement: Any) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(statement) or 0)


async def decisions_published(settings: RoadmapSettings, ids: set[str]) -> list[DecisionRecorded]:
    async def found() -> list[DecisionRecorded] | None:
        events = [
            CloudEvent.from_kafka(r.value, r.headers) for r in await read_topic(settings, DECISION_TOPIC)
        ]
        mine = [DecisionRecorded.model_validate(e.data) for e in events if e.subject in ids]
        return mine if len(mine) >= len(ids) else None

    return await eventually(found, what="the decision.recorded events")


async def traditional_area(bus: OthersOnTheBus, engine: AsyncEngine, code: str) -> None:
    state = IssueAreaState(code=code, names={"en": code}, kind="traditional", open=False, version=1)
    await bus.publish(IssueAreaRegistered(issue_area=state), service="registry", subject=code)
    await bus.all_applied()


async def member(
    bus: OthersOnTheBus, code: str, status: str, kind: str = "state", *later: tuple[str, str]
) -> None:
    """Registers a member with `status` since 2010, then each (status, effective_from) of `later`."""
    periods = [{"status": status, "effective_from": "2010-01-01", "reason": "founding"}]
    periods += [{"status": s, "effective_from": on, "reason": "changed"} for s, on in later]
    state = MemberState.model_validate(
        {"code": code, "kind": kind, "names": {"en": code}, "status_history": periods, "version": 1}
    )
    await bus.publish(MemberRegistered(member=state), service="registry", subject=code)


async def parties(bus: OthersOnTheBus, *codes: str) -> None:
    """The states that must agree: participants since 2010."""
    for code in codes:
        await member(bus, code, "participant")
    await bus.all_applied()


async def test_a_decision_without_justification_is_refused_and_only_administrators_may_decide(
    roadmap: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    url = "/v1/roadmaps/NAPCI/decisions"
    blank = await roadmap.post(url, json=decision("hold", track="napci", justification="  "), headers=ADMIN)
    assert blank.status_code == 422, blank.text
    assert blank.json()["field"] == "justification"

    client_id, secret = f"partner-{secrets.token_hex(3)}", secrets.token_hex(16)
    async with engine.begin() as connection:
        await connection.execute(
            insert(known_clients).values(
                client_id=client_id,
                member_code="KOR",
                scopes=["meetings:write"],
                secret_hash="sha256:" + hashlib.sha256(secret.encode()).hexdigest(),
                revoked=False,
                version=1,
            )
        )
    partner = {"Authorization": f"Bearer {client_id}.{secret}"}
    refused = await roadmap.post(url, json=decision("hold", track="napci"), headers=partner)
    assert refused.status_code == 403, refused.text
    criteria = await roadmap.put(
        "/v1/roadmaps/NAPCI/criteria", json={}, headers={**partner, "If-Match": '"1"'}
    )
    assert criteria.status_code == 403, criteria.text
    assert (await roadmap.post(url, json=decision("hold", track="napci"))).status_code == 401
    assert await count(engine, select(func.count()).select_from(Decision)) == 0


async def test_advance_hold_and_move_back_are_recorded_in_the_history_and_announced(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    await bus.issue_area("nuclear_safety")
    await parties(bus, "KOR", "JPN")
    url = "/v1/roadmaps/NAPCI/decisions"
    advanced = json_of(
        await roadmap.post(
            url, json=decision("advance", track="nuclear_safety"), headers={**ADMIN, "Idempotency-Key": "a-1"}
        ),
        201,
    )
    assert (advanced["from_stage"], advanced["to_stage"]) == ("gain_support", "accumulate_practice")
    again = await roadmap.post(
        url, json=decision("advance", track="nuclear_safety"), headers={**ADMIN, "Idempotency-Key": "a-1"}
    )
    assert again.status_code == 201
    assert again.json()["id"] == advanced["id"]
    track = await track_of(roadmap, "nuclear_safety")
    assert (track["current_stage"], track["since"], track["held"]) == (
        "accumulate_practice",
        "2015-03-02",
        False,
    )

    held = json_of(await roadmap.post(url, json=decision("hold", track="nuclear_safety"), headers=ADMIN), 201)
    assert held["from_stage"] == held["to_stage"] == "accumulate_practice"
    assert (await track_of(roadmap, "nuclear_safety"))["held"] is True

    back = json_of(
        await roadmap.post(url, json=decision("move_back", track="nuclear_safety"), headers=ADMIN), 201
    )
    assert back["to_stage"] == "gain_support"
    track = await track_of(roadmap, "nuclear_safety")
    assert (track["current_stage"], track["held"]) == ("gain_support", False)
    at_the_start = await roadmap.post(url, json=decision("move_back", track="nuclear_safety"), headers=ADMIN)
    assert at_the_start.status_code == 409, at_the_start.text
    unknown = await roadmap.post(url, json=decision("advance", track="nope"), headers=ADMIN)
    assert unknown.status_code == 422, unknown.text

    ids = [advanced["id"], held["id"], back["id"]]
    listed = json_of(await roadmap.get(url))["items"]
    assert [d["id"] for d in listed] == ids
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    lines = [(h["kind"], h["decision_id"], h["to_stage"], h["justification"]) for h in history]
    justification = "agreed at the senior officials' meeting"
    assert lines == [
        ("decision", ids[0], "accumulate_practice", justification),
        ("decision", ids[1], "accumulate_practice", justification),
        ("decision", ids[2], "gain_support", justification),
    ]
    published = await decisions_published(roadmap_settings, set(ids))
    assert sorted(e.kind for e in published) == ["advance", "hold", "move_back"]
    assert all(e.track == "nuclear_safety" and e.justification == justification for e in published)


async def test_opening_a_traditional_area_needs_the_initiative_at_the_framework_stage_and_every_party(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    area = "political_military"
    await traditional_area(bus, engine, area)
    await bus.issue_area("nuclear_safety")
    for code in ("KOR", "JPN", "CHN", "RUS"):
        await member(bus, code, "participant")
    await member(bus, "USA", "supporter")
    await member(bus, "ASEAN", "participant", "regional_organization")
    await bus.all_applied()
    assert await count(engine, select(func.count()).select_from(KnownMember)) == 6

    url = "/v1/roadmaps/NAPCI/decisions"
    everyone = ["KOR", "JPN", "CHN", "RUS"]
    opening = decision("open_issue_area", issue_area_code=area, agreed_by=everyone)
    too_early = await roadmap.post(url, json=opening, headers=ADMIN)
    assert too_early.status_code == 409, too_early.text
    assert too_early.json()["required_stage"] == "solid_framework"

    # One track at the framework stage is not the initiative as a whole (napci: its summits).
    await bus.held(held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], FIVE_STATES))
    await bus.held(held_meeting(SECOND_TRM_PLUS, ["nuclear_safety"], FIVE_STATES))
    await reaches(roadmap, "nuclear_safety", "solid_framework")
    only_a_track = await roadmap.post(url, json=opening, headers=ADMIN)
    assert only_a_track.status_code == 409, only_a_track.text
    assert only_a_track.json()["stage"] == "gain_support"

    for held_on in (date(2013, 6, 27), date(2014, 3, 6)):
        summit = held_meeting(held_on, ["nuclear_safety"], FIVE_STATES, mechanism=None, level="summit")
        await bus.held(summit)
    await reaches(roadmap, "napci", "solid_framework")

    not_all = await roadmap.post(url, json={**opening, "agreed_by": ["KOR", "JPN"]}, headers=ADMIN)
    assert not_all.status_code == 409, not_all.text
    assert not_all.json()["missing"] == ["CHN", "RUS"]
    assert "CHN, RUS" in not_all.json()["detail"]
    not_parties = await roadmap.post(
        url, json={**opening, "agreed_by": [*everyone, "USA", "ASEAN", "XXX"]}, headers=ADMIN
    )
    assert not_parties.status_code == 422, not_parties.text
    assert [r["code"] for r in not_parties.json()["refused"]] == ["ASEAN", "USA", "XXX"]
    not_traditional = await roadmap.post(
        url, json={**opening, "issue_area_code": "nuclear_safety"}, headers=ADMIN
    )
    assert not_traditional.status_code == 422, not_traditional.text
    unknown = await roadmap.post(url, json={**opening, "issue_area_code": "nope"}, headers=ADMIN)
    assert unknown.status_code == 422, unknown.text
    assert await count(engine, select(func.count()).select_from(Decision)) == 0

    opened = json_of(await roadmap.post(url, json=opening, headers=ADMIN), 201)
    assert opened["issue_area_code"] == area
    [event] = await decisions_published(roadmap_settings, {opened["id"]})
    assert (event.kind, event.issue_area_code, event.agreed_by) == ("open_issue_area", area, sorted(everyone))


def easier_criteria(document: dict[str, Any]) -> dict[str, Any]:
    """Any held meeting of the track now enters accumulate_practice."""
    changed = copy.deepcopy(document)
    changed["advancement"]["accumulate_practice"] = {"kind": "meetings_held", "count": 1}
    return changed


async def test_a_new_criteria_version_needs_if_match_and_a_valid_document_and_re_evaluates_every_track(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, engine: AsyncEngine
) -> None:
    await traditional_area(bus, engine, "political_military")
    await bus.issue_area("nuclear_safety")
    await bus.issue_area("energy_security")
    lonely = held_meeting(FIRST_TRM_PLUS, ["energy_security"], FIVE_STATES[:1], mechanism=None)
    await bus.held(lonely)
    await bus.all_applied()
    assert (await track_of(roadmap, "energy_security"))["current_stage"] == "gain_support"

    url = "/v1/roadmaps/NAPCI/criteria"
    current = await roadmap.get(url)
    assert current.status_code == 200
    assert current.headers["ETag"] == '"1"'
    document = easier_criteria(current.json()["document"])

    assert (await roadmap.put(url, json=document, headers=ADMIN)).status_code == 428
    stale = await roadmap.put(url, json=document, headers={**ADMIN, "If-Match": '"7"'})
    assert stale.status_code == 412, stale.text
    invalid = copy.deepcopy(document)
    invalid["advancement"]["solid_framework"]["criteria"][1]["periods"] = "decade"
    invalid["tracks"]["exclude_issue_areas"] = ["no_such_area"]
    refused = await roadmap.put(url, json=invalid, headers={**ADMIN, "If-Match": '"1"'})
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "advancement.solid_framework.criteria[1].periods"
    unknown_area = copy.deepcopy(document)
    unknown_area["tracks"]["exclude_issue_areas"] = ["no_such_area"]
    refused = await roadmap.put(url, json=unknown_area, headers={**ADMIN, "If-Match": '"1"'})
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "tracks.exclude_issue_areas[0]"
    assert [e["field"] for e in refused.json()["errors"]] == ["tracks.exclude_issue_areas[0]"]

    adopted = await roadmap.put(url, json=document, headers={**ADMIN, "If-Match": '"1"'})
    assert adopted.status_code == 200, adopted.text
    assert adopted.headers["ETag"] == '"2"'
    assert adopted.json()["version"] == 2
    assert (await roadmap.get(url)).json()["version"] == 2

    track = await track_of(roadmap, "energy_security")
    assert (track["current_stage"], track["since"]) == ("accumulate_practice", FIRST_TRM_PLUS.isoformat())
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    advanced = [h for h in history if h["kind"] == "advanced"]
    assert [(h["track"], h["criteria_version"], h["completed_by"]) for h in advanced] == [
        ("energy_security", 2, lonely.meeting.meeting_id)
    ]
    adoption = {h["track"]: h for h in history if h["kind"] == "criteria_adopted"}
    assert set(adoption) == {"napci", "nuclear_safety", "energy_security"}
    assert {h["criteria_version"] for h in adoption.values()} == {2}
    assert adoption["energy_security"]["to_stage"] == "accumulate_practice"
    async with engine.connect() as connection:
        versions = set(await connection.scalars(select(TrackRecord.criteria_version)))
    assert versions == {2}
    announced = select(func.count()).select_from(outbox).where(outbox.c.topic == "roadmap.criteria.v1")
    assert await count(engine, announced) == 1


async def test_simulating_the_second_trm_plus_meeting_answers_solid_framework_and_changes_nothing(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, engine: AsyncEngine
) -> None:
    await bus.issue_area("nuclear_safety")
    first = held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], FIVE_STATES)
    await bus.held(first)
    await reaches(roadmap, "nuclear_safety", "accumulate_practice")
    await bus.all_applied()

    tables = (HeldMeeting, StageChange, TrackRecord, Decision)
    before = [await count(engine, select(func.count()).select_from(t)) for t in tables]
    events_before = await count(engine, select(func.count()).select_from(outbox))

    body = {
        "issue_area_codes": ["nuclear_safety"],
        "track": "1",
        "level": "senior_officials",
        "mechanism_code": "TRM+",
        "held_on": SECOND_TRM_PLUS.isoformat(),
        "attendees": [
            {"member_code": code, "kind": kind, "status_on_meeting_date": status, "role": role}
            for code, kind, status, role in FIVE_STATES
        ],
        "outcomes": [],
    }
    answer = json_of(await roadmap.post("/v1/roadmaps/NAPCI/simulate", json=body))
    [track] = answer["tracks"]
    assert (track["track"], track["current_stage"], track["would_reach"]) == (
        "nuclear_safety",
        "accumulate_practice",
        "solid_framework",
    )
    [step] = track["advancements"]
    assert step["to_stage"] == "solid_framework"
    assert step["completed_by"] == answer["simulated_meeting_id"]
    root = step["criteria"][0]
    assert root["met"]
    assert set(root["evidence"]["meeting_ids"]) == {first.meeting.meeting_id, answer["simulated_meeting_id"]}
    assert track["next"] is None

    assert (await track_of(roadmap, "nuclear_safety"))["current_stage"] == "accumulate_practice"
    after = [await count(engine, select(func.count()).select_from(t)) for t in tables]
    assert after == before
    assert await count(engine, select(func.count()).select_from(outbox)) == events_before
    assert date.fromisoformat(str(body["held_on"])) == SECOND_TRM_PLUS
