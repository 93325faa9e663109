"""The 2011-2014 history of the reference file, recorded through the meetings API on the registry's seed,
leaves every roadmap track in the stage README.md's default criteria say (roadmap.defaults.HISTORY_STAGES),
with explanations naming the meetings that count.

The registry, meetings and roadmap services run in process, each on its own fresh database, talking only
through the real Kafka broker.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from common.contracts import CATALOG
from common.contracts.roadmap import DECISION_TOPIC
from common.db import create_engine
from common.messaging.outbox import Outbox
from common.testing import history
from common.testing.fixtures import (
    admin_headers,
    eventually,
    migrated_database,
    running_app,
    service_settings,
    start_group_at_end,
)
from common.testing.infrastructure import Infrastructure
from meetings.config import MeetingsSettings
from meetings.consumers import GROUP as MEETINGS_GROUP
from meetings.consumers import HANDLERS as MEETINGS_HANDLERS
from meetings.main import create_app as create_meetings
from registry.config import RegistrySettings
from registry.consumers import GROUP as REGISTRY_GROUP
from registry.main import create_app as create_registry
from registry.seed import REFERENCE_STATUS_SINCE, ReferenceMember
from roadmap.config import RoadmapSettings
from roadmap.consumers import GROUP as ROADMAP_GROUP
from roadmap.consumers import handlers as roadmap_handlers
from roadmap.defaults import HISTORY_STAGES
from roadmap.main import create_app as create_roadmap
from roadmap.models import HeldMeeting

pytestmark = pytest.mark.integration

ADMIN = admin_headers()


@dataclass
class Stack:
    registry: httpx.AsyncClient
    meetings: httpx.AsyncClient
    roadmap: httpx.AsyncClient
    roadmap_settings: RoadmapSettings


@pytest.fixture
async def stack(infrastructure: Infrastructure) -> AsyncIterator[Stack]:
    registry_settings = service_settings(
        RegistrySettings, infrastructure, await migrated_database(infrastructure, "registry")
    )
    meetings_settings = service_settings(
        MeetingsSettings, infrastructure, await migrated_database(infrastructure, "meetings")
    )
    roadmap_settings = service_settings(
        RoadmapSettings, infrastructure, await migrated_database(infrastructure, "roadmap")
    )
    # Earlier tests' events on the shared topics stay unseen: these services hear only this test's.
    await start_group_at_end(registry_settings, REGISTRY_GROUP, {DECISION_TOPIC})
    await start_group_at_end(
        meetings_settings, MEETINGS_GROUP, {CATALOG.for_data_type(h.data).topic for h in MEETINGS_HANDLERS}
    )
    await start_group_at_end(
        roadmap_settings,
        ROADMAP_GROUP,
        {CATALOG.for_data_type(h.data).topic for h in roadmap_handlers(Outbox(service="roadmap"))},
    )
    async with (
        running_app(create_registry(registry_settings)) as registry,
        running_app(create_meetings(meetings_settings)) as meetings,
        running_app(create_roadmap(roadmap_settings)) as roadmap,
    ):
        yield Stack(registry=registry, meetings=meetings, roadmap=roadmap, roadmap_settings=roadmap_settings)


async def record(stack: Stack, meeting: history.HistoricMeeting) -> str:
    async def scheduled() -> str | None:
        try:
            return await history.schedule(stack.meetings, meeting, ADMIN)
        except history.NotYetKnown:
            return None

    meeting_id = await eventually(scheduled, what=f"the meetings service knowing all of {meeting.title!r}")
    await history.hold(stack.meetings, meeting_id, meeting, ADMIN)
    return meeting_id


async def test_the_2011_2014_history_leaves_each_track_in_its_documented_stage(stack: Stack) -> None:
    reference = history.load_reference()
    imported = await stack.registry.post("/v1/import", json=reference, headers=ADMIN)
    assert imported.status_code == 200, imported.text

    ids: dict[str, str] = {}
    for meeting in history.historic_meetings(reference):
        ids[meeting.title] = await record(stack, meeting)

    engine = create_engine(stack.roadmap_settings.sqlalchemy_url, pool_size=1)
    try:

        async def all_held_meetings_applied() -> bool:
            async with engine.connect() as connection:
                count = await connection.scalar(select(func.count()).select_from(HeldMeeting))
            return count == len(ids)

        await eventually(
            all_held_meetings_applied, timeout=60, what="the roadmap applying every meeting held"
        )
    finally:
        await engine.dispose()

    answer = await stack.roadmap.get("/v1/roadmaps/NAPCI")
    assert answer.status_code == 200, answer.text
    stages = {track["track"]: track["current_stage"] for track in answer.json()["tracks"]}
    assert stages == HISTORY_STAGES

    lines = (await stack.roadmap.get("/v1/roadmaps/NAPCI/history")).json()["items"]
    advanced = {line["track"]: line for line in lines if line["kind"] == "advanced"}
    # Every track past its first stage says why; napci's support came from the US and Chinese summits.
    assert set(advanced) == {track for track, stage in HISTORY_STAGES.items() if stage != "gain_support"}
    napci = advanced["napci"]
    assert napci["to_stage"] == "accumulate_practice"
    assert napci["completed_by"] == ids["ROK-China summit"]
    support = evidence_of(napci, "outcomes")
    assert set(support["meeting_ids"]) == {ids["ROK-US summit"], ids["ROK-China summit"]}
    assert set(support["member_codes"]) == {"USA", "CHN"}


def test_the_replay_reads_the_references_statuses_from_the_day_the_registrys_seed_dates_them() -> None:
    assert history.STATUS_SINCE == REFERENCE_STATUS_SINCE
    assert ReferenceMember.model_fields["status"].default == history.STATUS_IF_NOT_GIVEN


def test_in_the_replay_only_members_in_good_standing_on_the_date_sign_or_support_and_observers_watch() -> (
    None
):
    meetings = {m.title: m for m in history.historic_meetings(history.load_reference())}
    for summit, observer in [("ROK-EU summit", "EU"), ("ROK-ASEAN summit", "ASEAN")]:
        attending = [a["member_code"] for a in meetings[summit].held["attendance"]]
        assert attending == ["KOR", observer]
        assert meetings[summit].held["outcomes"] == []
    # KOR, the default host, had no status yet in 2011: the GTI concept note has no one to sign it.
    assert meetings["GTI 12th Consultative Commission Meeting"].held["outcomes"] == []
    supporters = [
        (m.held_on.isoformat(), code)
        for m in meetings.values()
        for outcome in m.held["outcomes"]
        for code in outcome["member_codes"]
    ]
    assert supporters == [
        ("2013-05-01", "USA"),
        ("2013-06-01", "CHN"),
        ("2013-11-01", "RUS"),
        ("2014-03-01", "CAN"),
    ]


def evidence_of(line: dict[str, Any], kind: str) -> dict[str, Any]:
    """The evidence of the line's first met criterion of this kind."""
    for part in line["explanation"]:
        if part["kind"] == kind and part["met"]:
            evidence: dict[str, Any] = part["evidence"]
            return evidence
    raise AssertionError(f"no met {kind} criterion in {line['explanation']}")


async def test_trm_plus_created_through_the_api_as_an_expansion_of_trm_counts_and_the_story_still_works(
    stack: Stack,
) -> None:
    # The reference without TRM+: the registry's API creates it, as an expansion of TRM, dated.
    reference = history.load_reference()
    reference["mechanisms"] = [m for m in reference["mechanisms"] if m["code"] != "TRM+"]
    imported = await stack.registry.post("/v1/import", json=reference, headers=ADMIN)
    assert imported.status_code == 200, imported.text
    trm_plus = {
        "code": "TRM+",
        "names": {"en": "Top Regulators' Meeting Plus"},
        "agenda": "nuclear_safety",
        "expands_code": "TRM",
        "member_codes": ["KOR", "JPN", "CHN", "USA", "RUS"],
        "joined_on": "2013-09-01",
    }
    created = await stack.registry.post("/v1/mechanisms", json=trm_plus, headers=ADMIN)
    assert created.status_code == 201, created.text

    async def expanded() -> dict[str, Any] | None:
        answer = await stack.roadmap.get("/v1/roadmaps/NAPCI/tracks/nuclear_safety")
        if answer.status_code == 404:  # the roadmap does not know the issue area yet
            return None
        track: dict[str, Any] = answer.json()
        return track if track["current_stage"] == "accumulate_practice" else None

    track = await eventually(expanded, what="nuclear_safety counting TRM+ as an expansion of TRM")
    assert track["since"] == "2013-09-01"

    # The story: the 1st and 2nd TRM+ meetings take nuclear_safety to the framework stage.
    story = [
        {"title": "1st TRM+", "date": "2013-10-28", "host": "JPN"},
        {"title": "2nd TRM+", "date": "2014-05-20", "host": "KOR"},
    ]
    entries = [
        {
            **entry,
            "mechanism": "TRM+",
            "issue_areas": ["nuclear_safety"],
            "participants": trm_plus["member_codes"],
        }
        for entry in story
    ]
    ids = [
        await record(stack, meeting)
        for meeting in history.historic_meetings({**reference, "history": entries})
    ]

    async def at_framework() -> dict[str, Any] | None:
        track = (await stack.roadmap.get("/v1/roadmaps/NAPCI/tracks/nuclear_safety")).json()
        return track if track["current_stage"] == "solid_framework" else None

    await eventually(at_framework, what="nuclear_safety reaching the framework stage")
    lines = (await stack.roadmap.get("/v1/roadmaps/NAPCI/history")).json()["items"]
    nuclear = [line for line in lines if line["track"] == "nuclear_safety"]
    assert [(line["to_stage"], line["completed_by"]) for line in nuclear] == [
        ("accumulate_practice", "mechanism:TRM+:expands:TRM"),
        ("solid_framework", ids[1]),
    ]
    assert set(evidence_of(nuclear[1], "regularity")["meeting_ids"]) == set(ids)
    expansion = evidence_of(nuclear[0], "mechanism_expansion")
    assert expansion["member_codes"] == ["RUS", "USA"]
    # No other track moved.
    stages = {
        t["track"]: t["current_stage"]
        for t in (await stack.roadmap.get("/v1/roadmaps/NAPCI")).json()["tracks"]
    }
    assert {track for track, stage in stages.items() if stage != "gain_support"} == {"nuclear_safety"}
