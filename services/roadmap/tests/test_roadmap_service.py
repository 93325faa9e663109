"""The roadmap service on the real Kafka broker and PostgreSQL: held meetings and mechanism expansions,
published as the meetings service and the registry publish them, advance tracks with explanations."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import httpx
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts.roadmap import TRACK_TOPIC, StageAdvanced
from common.messaging.tables import outbox
from common.testing.fixtures import admin_headers, eventually
from roadmap.config import RoadmapSettings
from roadmap.models import HeldMeeting, StageChange
from support.roadmap import (
    FIRST_TRM_PLUS,
    FIVE_STATES,
    SECOND_TRM_PLUS,
    AttendeeRow,
    OthersOnTheBus,
    advancements_about,
    count,
    held_meeting,
    json_of,
    reaches,
    track_of,
)


async def test_the_trm_plus_example_advances_exactly_the_nuclear_safety_track_to_solid_framework(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    await others.issue_area("nuclear_safety")
    await others.issue_area("energy_security")
    first = held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], FIVE_STATES)
    second = held_meeting(SECOND_TRM_PLUS, ["nuclear_safety"], FIVE_STATES)
    await others.held(first)
    await others.held(second)

    track = await reaches(roadmap, "nuclear_safety", "solid_framework")
    assert track["since"] == SECOND_TRM_PLUS.isoformat()
    assert track["next"] is None

    ids = {first.meeting.meeting_id, second.meeting.meeting_id}

    async def both_published() -> list[StageAdvanced] | None:
        found = await advancements_about(roadmap_settings, ids)
        return found if len(found) >= 2 else None

    published = await eventually(both_published, what="two stage_advanced events")
    events = sorted(published, key=lambda e: e.to_stage)
    assert [(e.track, e.from_stage, e.to_stage) for e in events] == [
        ("nuclear_safety", "gain_support", "accumulate_practice"),
        ("nuclear_safety", "accumulate_practice", "solid_framework"),
    ]
    framework = events[1]
    assert framework.advanced_on == SECOND_TRM_PLUS
    assert framework.completed_by == second.meeting.meeting_id
    root = framework.explanation[0]
    assert root.path == "advancement.solid_framework"
    assert root.met
    assert set(root.evidence.meeting_ids) == ids
    regularity = next(part for part in framework.explanation if part.kind == "regularity")
    assert (regularity.value, regularity.target) == (2, 2)
    assert set(regularity.evidence.meeting_ids) == ids

    roadmap_now = json_of(await roadmap.get("/v1/roadmaps/NAPCI"))
    stages = {t["track"]: t["current_stage"] for t in roadmap_now["tracks"]}
    assert stages == {
        "napci": "gain_support",
        "energy_security": "gain_support",
        "nuclear_safety": "solid_framework",
    }
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    assert [(h["track"], h["to_stage"]) for h in history] == [
        ("nuclear_safety", "accumulate_practice"),
        ("nuclear_safety", "solid_framework"),
    ]
    assert set(history[1]["explanation"][0]["evidence"]["meeting_ids"]) == ids


async def test_settling_a_track_times_its_evaluation(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus
) -> None:
    evaluations = "neacoop_roadmap_evaluation_duration_seconds_count"
    before = REGISTRY.get_sample_value(evaluations) or 0.0
    await others.issue_area("nuclear_safety")
    await others.held(held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], FIVE_STATES))
    await reaches(roadmap, "nuclear_safety", "accumulate_practice")

    timed = REGISTRY.get_sample_value(evaluations) or 0.0
    # At least the nuclear-safety track, settled when the meeting was applied.
    assert timed >= before + 1
    assert (REGISTRY.get_sample_value("neacoop_roadmap_evaluation_duration_seconds_sum") or 0.0) > 0


async def test_delivering_every_event_twice_changes_nothing_twice(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    await others.issue_area("nuclear_safety")
    first = held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], FIVE_STATES)
    second = held_meeting(SECOND_TRM_PLUS, ["nuclear_safety"], FIVE_STATES)
    # The later meeting first, each twice as the same record, then again as a new event of the same fact.
    for data in (second, first):
        event = await others.held(data)
        await others.send(event, "meetings.meeting.v1")
    await others.held(second)
    await others.held(first)
    await others.all_applied()

    track = await reaches(roadmap, "nuclear_safety", "solid_framework")
    assert track["since"] == SECOND_TRM_PLUS.isoformat()
    assert await count(engine, select(func.count()).select_from(StageChange)) == 2
    assert await count(engine, select(func.count()).select_from(HeldMeeting)) == 2
    recorded = select(func.count()).select_from(outbox).where(outbox.c.topic == TRACK_TOPIC)
    assert await count(engine, recorded) == 2

    ids = {first.meeting.meeting_id, second.meeting.meeting_id}

    async def published() -> list[StageAdvanced] | None:
        found = await advancements_about(roadmap_settings, ids)
        return found if len(found) >= 2 else None

    assert len(await eventually(published, what="the stage_advanced events")) == 2


async def test_a_meeting_attended_only_by_observers_does_not_count(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus, engine: AsyncEngine
) -> None:
    await others.issue_area("nuclear_safety")
    observers = [(code, kind, status, "observer") for code, kind, status, _ in FIVE_STATES]
    not_in_standing: list[AttendeeRow] = [
        (code, kind, "suspended", role) for code, kind, _, role in FIVE_STATES
    ]
    await others.held(held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], observers))
    await others.held(held_meeting(SECOND_TRM_PLUS, ["nuclear_safety"], not_in_standing))
    await others.all_applied()

    assert await count(engine, select(func.count()).select_from(HeldMeeting)) == 2
    track = await track_of(roadmap, "nuclear_safety")
    assert track["current_stage"] == "gain_support"
    meetings_held = next(c for c in track["next"]["criteria"] if c["kind"] == "meetings_held")
    assert (meetings_held["value"], meetings_held["target"], meetings_held["met"]) == (0, 1, False)
    assert await count(engine, select(func.count()).select_from(StageChange)) == 0


async def test_a_meeting_on_an_unknown_issue_area_is_recorded_and_counts_once_the_area_is_known(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus, engine: AsyncEngine
) -> None:
    area = f"area_{secrets.token_hex(4)}"
    meeting = held_meeting(FIRST_TRM_PLUS, [area], FIVE_STATES, mechanism=None)
    await others.held(meeting)
    await others.all_applied()

    async with engine.connect() as connection:
        kept = await connection.scalar(
            select(HeldMeeting.meeting_id).where(HeldMeeting.meeting_id == meeting.meeting.meeting_id)
        )
    assert kept == meeting.meeting.meeting_id
    tracks = json_of(await roadmap.get("/v1/roadmaps/NAPCI"))["tracks"]
    assert area not in {t["track"] for t in tracks}
    assert {t["current_stage"] for t in tracks} == {"gain_support"}

    # The registry announces the area later: its new track counts the meeting kept before.
    await others.issue_area(area)
    track = await reaches(roadmap, area, "accumulate_practice")
    assert track["since"] == FIRST_TRM_PLUS.isoformat()


async def test_a_mechanism_gaining_members_advances_the_track_of_its_agenda(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus
) -> None:
    area = f"area_{secrets.token_hex(4)}"
    await others.issue_area(area)
    await others.members_added(f"MECH_{secrets.token_hex(3)}", area, ["USA", "RUS"], date(2013, 10, 1))
    track = await reaches(roadmap, area, "accumulate_practice")
    history = json_of(await roadmap.get("/v1/roadmaps/NAPCI/history"))["items"]
    [advancement] = [h for h in history if h["track"] == area]
    assert advancement["completed_by"].startswith("mechanism:MECH_")
    assert track["since"] == "2013-10-01"


async def test_the_roadmap_shows_each_criterion_with_its_value_target_and_evidence(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus
) -> None:
    # Judged today: the regularity criterion's rolling window of three years must still hold the meeting.
    recently = datetime.now(UTC).date() - timedelta(days=200)
    await others.issue_area("nuclear_safety")
    first = held_meeting(recently, ["nuclear_safety"], FIVE_STATES)
    await others.held(first)
    await reaches(roadmap, "nuclear_safety", "accumulate_practice")

    answer = json_of(await roadmap.get("/v1/roadmaps/NAPCI"))
    assert answer["code"] == "NAPCI"
    assert answer["criteria_version"] == 1
    assert [s["code"] for s in answer["stages"]] == ["gain_support", "accumulate_practice", "solid_framework"]
    track = next(t for t in answer["tracks"] if t["track"] == "nuclear_safety")
    assert track["since"] == recently.isoformat()
    upcoming = track["next"]
    assert upcoming["stage"] == "solid_framework"
    assert not upcoming["met"]
    by_path = {c["path"]: c for c in upcoming["criteria"]}
    since_began = by_path["advancement.solid_framework.criteria[0]"]
    assert (since_began["kind"], since_began["value"], since_began["target"]) == ("meetings_held", 0, 1)
    assert since_began["evidence"]["meeting_ids"] == []
    regular = by_path["advancement.solid_framework.criteria[1]"]
    assert (regular["kind"], regular["value"], regular["target"]) == ("regularity", 1, 2)
    assert regular["evidence"]["meeting_ids"] == [first.meeting.meeting_id]
    assert by_path["advancement.solid_framework"]["value"] == 0

    napci = next(t for t in answer["tracks"] if t["track"] == "napci")
    assert napci["current_stage"] == "gain_support"
    assert napci["since"] is None
    assert napci["next"]["stage"] == "accumulate_practice"

    listed = json_of(await roadmap.get("/v1/roadmaps"))["items"]
    assert [r["code"] for r in listed] == ["NAPCI"]


async def test_unknown_roadmaps_and_tracks_are_404_problems(roadmap: httpx.AsyncClient) -> None:
    for path in ("/v1/roadmaps/NOPE", "/v1/roadmaps/NAPCI/tracks/nope", "/v1/roadmaps/NOPE/history"):
        answer = await roadmap.get(path)
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"] == "application/problem+json"


async def test_administrators_page_through_the_held_meetings_the_roadmap_applied(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus
) -> None:
    await others.issue_area("nuclear_safety")
    meetings = [
        held_meeting(day, ["nuclear_safety"], FIVE_STATES) for day in (FIRST_TRM_PLUS, SECOND_TRM_PLUS)
    ]
    for meeting in meetings:
        await others.held(meeting)
    wanted = {m.meeting.meeting_id for m in meetings}

    async def all_applied() -> set[str] | None:
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            params = {"limit": "1", **({"cursor": cursor} if cursor else {})}
            answer = await roadmap.get("/v1/facts/held-meetings", params=params, headers=admin_headers())
            assert answer.status_code == 200, answer.text
            page = answer.json()
            seen |= {item["meeting_id"] for item in page["items"]}
            cursor = page["next_cursor"]
            if cursor is None:
                return seen if wanted <= seen else None

    await eventually(all_applied, what="both meetings listed, one per page")
    assert (await roadmap.get("/v1/facts/held-meetings")).status_code == 401
