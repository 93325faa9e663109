"""The smallest real slice across the bus: a member and an issue area registered in the registry reach the
meetings service's read model through Kafka, and a meeting hosted by it on that area can then be scheduled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from common.contracts.registry import MEMBER_TOPIC
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing.fixtures import (
    admin_headers,
    eventually,
    migrated_database,
    running_app,
    service_settings,
)
from common.testing.infrastructure import Infrastructure
from meetings.config import MeetingsSettings
from meetings.main import create_app as create_meetings
from registry.config import RegistrySettings
from registry.main import create_app as create_registry

pytestmark = pytest.mark.integration


@dataclass
class Stack:
    registry: httpx.AsyncClient
    meetings: httpx.AsyncClient
    registry_settings: RegistrySettings


@pytest.fixture
async def stack(infrastructure: Infrastructure) -> AsyncIterator[Stack]:
    registry_db = await migrated_database(infrastructure, "registry")
    meetings_db = await migrated_database(infrastructure, "meetings")
    registry_settings = service_settings(RegistrySettings, infrastructure, registry_db)
    registry = create_registry(registry_settings)
    meetings = create_meetings(service_settings(MeetingsSettings, infrastructure, meetings_db))
    async with running_app(registry) as registry_client, running_app(meetings) as meetings_client:
        yield Stack(registry=registry_client, meetings=meetings_client, registry_settings=registry_settings)


MONGOLIA = {
    "code": "MNG",
    "kind": "state",
    "names": {"en": "Mongolia", "mn": "Монгол Улс"},
    "status": "participant",
}
NUCLEAR_SAFETY = {"code": "nuclear_safety", "names": {"en": "Nuclear safety"}, "kind": "non_traditional"}
MEETING = {
    "title": {"en": "NAPCI forum on nuclear safety"},
    "issue_area_codes": ["nuclear_safety"],
    "track": "1",
    "level": "senior_officials",
    "host_code": "MNG",
    "city": "Ulaanbaatar",
    "country_code": "MNG",
    "starts_at": "2014-10-28T09:00:00+08:00",
    "ends_at": "2014-10-29T18:00:00+08:00",
    "time_zone": "Asia/Ulaanbaatar",
}


async def test_a_member_registered_in_the_registry_can_host_a_meeting_once_its_event_arrives(
    stack: Stack,
) -> None:
    refused = await stack.meetings.post("/v1/meetings", json=MEETING, headers=admin_headers())
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["field"] == "host_code"

    registered = await stack.registry.post("/v1/members", json=MONGOLIA, headers=admin_headers())
    assert registered.status_code == 201, registered.text
    area = await stack.registry.post("/v1/issue-areas", json=NUCLEAR_SAFETY, headers=admin_headers())
    assert area.status_code == 201, area.text

    async def scheduled() -> httpx.Response | None:
        answer = await stack.meetings.post("/v1/meetings", json=MEETING, headers=admin_headers())
        return answer if answer.status_code == 201 else None

    answer = await eventually(scheduled, what="meetings learning of MNG from the registry's event")
    meeting = answer.json()
    assert meeting["host_code"] == "MNG"
    assert meeting["status"] == "planned"
    fetched = await stack.meetings.get(f"/v1/meetings/{meeting['id']}")
    assert fetched.json()["id"] == meeting["id"]


async def test_both_services_are_ready_when_their_database_and_kafka_are_reachable(stack: Stack) -> None:
    for client in (stack.registry, stack.meetings):
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "kafka": "ok"}


async def test_the_correlation_id_of_a_request_travels_in_the_event_it_causes(stack: Stack) -> None:
    body = {**MONGOLIA, "code": "MNGX"}
    headers = {**admin_headers(), "X-Correlation-ID": "trace-mng-2014"}
    registered = await stack.registry.post("/v1/members", json=body, headers=headers)
    assert registered.headers["x-correlation-id"] == "trace-mng-2014"

    settings = stack.registry_settings

    async def event() -> CloudEvent | None:
        records = await read_topic(settings, MEMBER_TOPIC)
        events = [CloudEvent.from_kafka(r.value, r.headers) for r in records]
        return next((e for e in events if e.subject == "MNGX"), None)

    found = await eventually(event, what="member.registered for MNGX")
    assert found.correlationid == "trace-mng-2014"
