"""A stage advanced by a meeting held is the roadmap's own derivation: it names the roadmap as its actor,
on Kafka and in the audit log, with the correlation id of the meeting event that caused it."""

from __future__ import annotations

import uuid

import httpx
import pytest

from common.contracts import make_event
from common.contracts.meetings import MEETING_TOPIC
from common.contracts.roadmap import TRACK_TOPIC
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import admin_headers, eventually
from roadmap.config import RoadmapSettings
from support.roadmap import FIRST_TRM_PLUS, FIVE_STATES, OthersOnTheBus, held_meeting, json_of, reaches

pytestmark = pytest.mark.integration

STAGE_ADVANCED = "org.neacoop.roadmap.track.stage_advanced.v1"


async def test_a_stage_advanced_by_a_partners_meeting_names_the_roadmap_that_derived_it(
    roadmap: httpx.AsyncClient, others: OthersOnTheBus, roadmap_settings: RoadmapSettings
) -> None:
    await others.issue_area("nuclear_safety")
    correlation = str(uuid.uuid4())
    meeting = held_meeting(FIRST_TRM_PLUS, ["nuclear_safety"], FIVE_STATES)
    # As the meetings service publishes it when a partner ministry's client records the meeting held.
    _, held = make_event(
        meeting,
        service="meetings",
        subject=meeting.meeting.meeting_id,
        actor="cl_kor_mofa",
        correlation_id=correlation,
    )
    await others.send(held, MEETING_TOPIC)
    await reaches(roadmap, "nuclear_safety", "accumulate_practice")

    async def announced() -> list[tuple[str | None, CloudEvent]] | None:
        found = [
            (dict(r.headers).get("ce_actor", b"").decode() or None, CloudEvent.from_kafka(r.value, r.headers))
            for r in await read_topic(roadmap_settings, TRACK_TOPIC)
        ]
        return [(header, e) for header, e in found if e.correlationid == correlation] or None

    [(header, advanced)] = await eventually(announced, what="stage_advanced on the topic")
    assert advanced.type == STAGE_ADVANCED
    assert (header, advanced.actor, advanced.data["metadata"]) == ("roadmap", "roadmap", {"actor": "roadmap"})

    audit = json_of(
        await roadmap.get("/v1/audit", params={"subject": "NAPCI/nuclear_safety"}, headers=admin_headers())
    )
    assert [(e["event_id"], e["event_type"], e["actor"], e["correlation_id"]) for e in audit["items"]] == [
        (advanced.id, STAGE_ADVANCED, "roadmap", correlation)
    ]
    assert (await roadmap.get("/v1/audit")).status_code == 401
