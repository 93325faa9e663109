"""The initiative's rules under legitimate but unusual requests (issue 11), on the real Kafka broker and
PostgreSQL: consensus, decisions dated as of their day, locked areas, expansion, one judgement, evidence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts.registry import (
    IssueAreaRegistered,
    IssueAreaState,
    MechanismMembership,
    MechanismRegistered,
    MechanismState,
    MemberRegistered,
    MemberState,
)
from common.testing.fixtures import admin_headers
from roadmap.config import RoadmapSettings
from roadmap.models import Decision, StageChange
from support.roadmap import (
    FIRST_TRM_PLUS,
    FIVE_STATES,
    SECOND_TRM_PLUS,
    OthersOnTheBus,
    count,
    held_meeting,
    json_of,
    reaches,
    track_of,
)

pytestmark = pytest.mark.integration

ADMIN = admin_headers()
DECISIONS = "/v1/roadmaps/NAPCI/decisions"
SUMMITS = (date(2013, 6, 27), date(2014, 3, 6))


@pytest.fixture
async def bus(
    roadmap: httpx.AsyncClient, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> OthersOnTheBus:
    return OthersOnTheBus(roadmap_settings)


async def member(bus: OthersOnTheBus, code: str, kind: str, *periods: tuple[str, str]) -> None:
    state = MemberState.model_validate(
        {
            "code": code,
            "kind": kind,
            "names": {"en": code},
            "status_history": [
                {"status": status, "effective_from": on, "reason": "reference"} for status, on in periods
            ],
            "version": 1,
        }
    )
    await bus.publish(MemberRegistered(member=state), service="registry", subject=code)


async def the_members(bus: OthersOnTheBus) -> None:
    """Five participating states, the DPRK invited until 2016, then participating; the EU observing."""
    for code in ("KOR", "JPN", "CHN", "RUS", "USA"):
        await member(bus, code, "state", ("participant", "2010-01-01"))
    await member(bus, "PRK", "state", ("invited", "2013-05-01"), ("participant", "2016-01-01"))
    await member(bus, "EU", "regional_organization", ("observer", "2013-05-01"))
    await bus.all_applied()


def decision(kind: str, decided_on: date, agreed_by: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "agreed_by": agreed_by,
        "justification": "agreed at the senior officials' meeting",
        "decided_on": decided_on.isoformat(),
        **fields,
    }


FIVE = ["CHN", "JPN", "KOR", "RUS", "USA"]


async def test_a_decision_agreed_by_one_state_or_by_unknown_codes_is_refused_and_changes_nothing(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, engine: AsyncEngine
) -> None:
    await bus.issue_area("nuclear_safety")
    await the_members(bus)
    on = date(2015, 3, 2)

    alone = await roadmap.post(
        DECISIONS, json=decision("advance", on, ["KOR"], track="nuclear_safety"), headers=ADMIN
    )
    assert alone.status_code == 409, alone.text
    assert (alone.json()["field"], alone.json()["missing"]) == ("agreed_by", ["CHN", "JPN", "RUS", "USA"])
    stranger = await roadmap.post(
        DECISIONS, json=decision("move_back", on, [*FIVE, "XXX", "EU"], track="nuclear_safety"), headers=ADMIN
    )
    assert stranger.status_code == 422, stranger.text
    assert stranger.json()["refused"] == [
        {"code": "EU", "reason": "a regional_organization, not a state"},
        {"code": "XXX", "reason": "not a known member"},
    ]
    invited = await roadmap.post(
        DECISIONS, json=decision("hold", on, [*FIVE, "PRK"], track="nuclear_safety"), headers=ADMIN
    )
    assert invited.status_code == 422, invited.text
    assert "PRK (invited on 2015-03-02" in invited.json()["detail"]
    assert await count(engine, select(func.count()).select_from(Decision)) == 0
    assert await count(engine, select(func.count()).select_from(StageChange)) == 0
    assert (await track_of(roadmap, "nuclear_safety"))["current_stage"] == "gain_support"

    agreed = await roadmap.post(
        DECISIONS, json=decision("advance", on, FIVE, track="nuclear_safety"), headers=ADMIN
    )
    assert agreed.status_code == 201, agreed.text
    assert agreed.json()["agreed_by"] == FIVE


async def test_a_decision_is_judged_as_of_its_date_which_may_be_neither_future_nor_before_the_last_change(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, engine: AsyncEngine
) -> None:
    await bus.issue_area("nuclear_safety")
    await the_members(bus)
    future = date.today() + timedelta(days=400)
    ahead = await roadmap.post(
        DECISIONS, json=decision("advance", future, FIVE, track="nuclear_safety"), headers=ADMIN
    )
    assert ahead.status_code == 422, ahead.text
    assert ahead.json()["field"] == "decided_on"

    first = await roadmap.post(
        DECISIONS,
        json=decision("advance", date(2016, 6, 1), [*FIVE, "PRK"], track="nuclear_safety"),
        headers=ADMIN,
    )
    assert first.status_code == 201, first.text
    backdated = await roadmap.post(
        DECISIONS, json=decision("move_back", date(2014, 11, 10), FIVE, track="nuclear_safety"), headers=ADMIN
    )
    assert backdated.status_code == 409, backdated.text
    assert (backdated.json()["field"], backdated.json()["last_change"]) == ("decided_on", "2016-06-01")
    # From 2016 the DPRK participates: it is a party to every later decision.
    without_dprk = await roadmap.post(
        DECISIONS, json=decision("move_back", date(2016, 7, 1), FIVE, track="nuclear_safety"), headers=ADMIN
    )
    assert without_dprk.status_code == 409, without_dprk.text
    assert without_dprk.json()["missing"] == ["PRK"]
    later = await roadmap.post(
        DECISIONS,
        json=decision("move_back", date(2016, 7, 1), [*FIVE, "PRK"], track="nuclear_safety"),
        headers=ADMIN,
    )
    assert later.status_code == 201, later.text

    listed = [d["decided_on"] for d in json_of(await roadmap.get(DECISIONS))["items"]]
    assert listed == sorted(listed) == ["2016-06-01", "2016-07-01"]
    history = [h["advanced_on"] for h in json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]]
    assert history == sorted(history)


async def test_the_backdated_opening_that_escaped_the_dprks_veto_is_refused(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus, engine: AsyncEngine
) -> None:
    await traditional_area(bus, "political_military")
    await bus.issue_area("nuclear_safety")
    await the_members(bus)
    # The initiative as a whole reaches the framework stage only in 2017, when the DPRK participates.
    for held_on in (date(2016, 6, 27), date(2017, 3, 6)):
        summit = held_meeting(held_on, ["nuclear_safety"], FIVE_STATES, mechanism=None, level="summit")
        await bus.held(summit)
    await reaches(roadmap, "napci", "solid_framework")
    opening = {"issue_area_code": "political_military"}

    now = await roadmap.post(
        DECISIONS, json=decision("open_issue_area", date(2018, 1, 10), FIVE, **opening), headers=ADMIN
    )
    assert now.status_code == 409, now.text
    assert now.json()["missing"] == ["PRK"]
    backdated = await roadmap.post(
        DECISIONS, json=decision("open_issue_area", date(2014, 11, 10), FIVE, **opening), headers=ADMIN
    )
    assert backdated.status_code == 409, backdated.text
    assert backdated.json()["field"] == "decided_on"
    assert await count(engine, select(func.count()).select_from(Decision)) == 0
    agreed = await roadmap.post(
        DECISIONS,
        json=decision("open_issue_area", date(2018, 1, 10), [*FIVE, "PRK"], **opening),
        headers=ADMIN,
    )
    assert agreed.status_code == 201, agreed.text


async def traditional_area(bus: OthersOnTheBus, code: str) -> None:
    state = IssueAreaState(code=code, names={"en": code}, kind="traditional", open=False, version=1)
    await bus.publish(IssueAreaRegistered(issue_area=state), service="registry", subject=code)
    await bus.all_applied()


async def test_a_new_traditional_area_has_no_track_that_criteria_or_decisions_could_advance(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    await traditional_area(bus, "maritime_security")
    await the_members(bus)
    assert (await roadmap.get("/v1/roadmaps/NAPCI/tracks/maritime_security")).status_code == 404
    tracks = {t["track"] for t in json_of(await roadmap.get("/v1/roadmaps/NAPCI"))["tracks"]}
    assert "maritime_security" not in tracks
    advanced = await roadmap.post(
        DECISIONS, json=decision("advance", date(2015, 3, 2), FIVE, track="maritime_security"), headers=ADMIN
    )
    assert advanced.status_code == 422, advanced.text
    assert advanced.json()["field"] == "track"


def mechanism(code: str, agenda: str | None, members: dict[str, date | None], **more: Any) -> MechanismState:
    return MechanismState(
        code=code,
        names={"en": code},
        agenda=agenda,
        memberships=[MechanismMembership(member_code=m, joined_on=on) for m, on in members.items()],
        version=more.pop("version", 1),
        **more,
    )


async def test_founding_members_are_no_expansion_but_a_later_member_and_an_expanding_mechanism_are(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    for area in ("trade_facilitation", "nuclear_safety"):
        await bus.issue_area(area)
    founders = dict.fromkeys(["CHN", "KOR", "MNG", "RUS"], date(2015, 3, 1))
    await bus.members_added("GTI-TFC", "trade_facilitation", list(founders), date(2015, 3, 1), founders=())
    await bus.all_applied()
    track = await track_of(roadmap, "trade_facilitation")
    assert track["current_stage"] == "gain_support"
    assert track["next"]["met"] is False

    await bus.members_added(
        "GTI-TFC",
        "trade_facilitation",
        ["JPN"],
        date(2016, 5, 1),
        founders=tuple(founders),
        founded_on=date(2015, 3, 1),
        version=3,
    )
    grown = await reaches(roadmap, "trade_facilitation", "accumulate_practice")
    assert grown["since"] == "2016-05-01"

    trm = mechanism("TRM", "nuclear_safety", dict.fromkeys(["CHN", "JPN", "KOR"], date(2008, 12, 13)))
    await bus.publish(MechanismRegistered(mechanism=trm), service="registry", subject="TRM")
    trm_plus = mechanism(
        "TRM+",
        "nuclear_safety",
        dict.fromkeys(["CHN", "JPN", "KOR", "RUS", "USA"], date(2013, 9, 1)),
        expands_code="TRM",
    )
    await bus.publish(MechanismRegistered(mechanism=trm_plus), service="registry", subject="TRM+")
    expanded = await reaches(roadmap, "nuclear_safety", "accumulate_practice")
    assert expanded["since"] == "2013-09-01"
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    [line] = [h for h in history if h["track"] == "nuclear_safety"]
    assert line["completed_by"] == "mechanism:TRM+:expands:TRM"
    [expansion] = [c for c in line["explanation"] if c["kind"] == "mechanism_expansion"]
    assert expansion["evidence"]["member_codes"] == ["RUS", "USA"]


async def test_a_mechanism_without_an_agenda_gaining_a_member_moves_no_track_in_the_store_or_the_read_view(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    await bus.issue_area("nuclear_safety")
    founded = dict.fromkeys(["KOR", "JPN"], date(2012, 1, 1))
    gained = mechanism("NO-AGENDA", None, {**founded, "MNG": date(2014, 1, 1)}, version=2)
    await bus.publish(MechanismRegistered(mechanism=gained), service="registry", subject="NO-AGENDA")
    await bus.all_applied()
    for track in json_of(await roadmap.get("/v1/roadmaps/NAPCI"))["tracks"]:
        assert (track["track"], track["current_stage"], track["next"]["met"]) == (
            track["track"],
            "gain_support",
            False,
        )

    summit = {
        "issue_area_codes": ["nuclear_safety"],
        "level": "summit",
        "held_on": "2014-02-01",
        "attendees": [{"member_code": "KOR", "kind": "state", "status_on_meeting_date": "participant"}],
    }
    answer = json_of(await roadmap.post("/v1/roadmaps/NAPCI/simulate", json=summit))
    napci = next(t for t in answer["tracks"] if t["track"] == "napci")
    assert (napci["would_reach"], napci["advancements"]) == ("gain_support", [])
    assert napci["next"]["met"] is False

    # Where the read view and the store once disagreed, a criteria version adopted later advanced napci,
    # "completed by" that mechanism: a new version judges every track again and still moves none.
    criteria = await roadmap.get("/v1/roadmaps/NAPCI/criteria")
    adopted = await roadmap.put(
        "/v1/roadmaps/NAPCI/criteria",
        json=criteria.json()["document"],
        headers={**ADMIN, "If-Match": criteria.headers["ETag"]},
    )
    assert adopted.status_code == 200, adopted.text
    stages = {
        t["track"]: t["current_stage"] for t in json_of(await roadmap.get("/v1/roadmaps/NAPCI"))["tracks"]
    }
    assert set(stages.values()) == {"gain_support"}, stages
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    assert {h["track"] for h in history if h["kind"] == "criteria_adopted"} == set(stages)
    assert not [h for h in history if h["kind"] == "advanced" or "NO-AGENDA" in str(h["completed_by"])]


async def test_the_evidence_names_the_states_that_attended_each_counted_meeting(
    roadmap: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    await bus.issue_area("nuclear_safety")
    with_observer = [*FIVE_STATES, ("EU", "regional_organization", "observer", "observer")]
    first = held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], with_observer)
    second = held_meeting(SECOND_TRM_PLUS, ["nuclear_safety"], FIVE_STATES[:3])
    await bus.held(first)
    await bus.held(second)
    track = await reaches(roadmap, "nuclear_safety", "solid_framework")
    assert track["next"] is None
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    framework = next(h for h in history if h["to_stage"] == "solid_framework")
    regularity = next(c for c in framework["explanation"] if c["kind"] == "regularity")
    assert [(m["meeting_id"], m["member_codes"]) for m in regularity["evidence"]["meetings"]] == [
        (first.meeting.meeting_id, sorted(code for code, *_ in FIVE_STATES)),
        (second.meeting.meeting_id, sorted(code for code, *_ in FIVE_STATES[:3])),
    ]
