"""A correction of a member's history in the registry reaches the meetings service's copy through Kafka:
the status the meetings service validates against on a date changes with it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

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
from support.meetings import meeting_body, unique_area, unique_code

pytestmark = pytest.mark.integration

ADMIN = admin_headers()


@dataclass
class Stack:
    registry: httpx.AsyncClient
    meetings: httpx.AsyncClient


@pytest.fixture
async def stack(infrastructure: Infrastructure) -> AsyncIterator[Stack]:
    registry_db = await migrated_database(infrastructure, "registry")
    meetings_db = await migrated_database(infrastructure, "meetings")
    registry = create_registry(service_settings(RegistrySettings, infrastructure, registry_db))
    meetings = create_meetings(service_settings(MeetingsSettings, infrastructure, meetings_db))
    async with running_app(registry) as registry_client, running_app(meetings) as meetings_client:
        yield Stack(registry=registry_client, meetings=meetings_client)


async def posted(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> None:
    answer = await client.post(path, json=body, headers=ADMIN)
    assert answer.status_code == 201, answer.text


async def test_a_corrected_suspension_changes_the_status_the_meetings_service_sees_on_a_date(
    stack: Stack,
) -> None:
    host, area = unique_code(), unique_area()
    member = {"code": host, "kind": "state", "names": {"en": f"State {host}"}}
    await posted(
        stack.registry,
        "/v1/members",
        {**member, "status": "participant", "status_effective_from": "2013-05-01"},
    )
    await posted(
        stack.registry, "/v1/issue-areas", {"code": area, "names": {"en": "Area"}, "kind": "non_traditional"}
    )
    suspension = {"status": "suspended", "effective_from": "2015-03-01", "reason": "arrears"}
    await posted(stack.registry, f"/v1/members/{host}/status", suspension)
    meeting = meeting_body(host, [area])  # 2015-11-04 in Seoul

    async def refused_as_suspended() -> dict[str, Any] | None:
        answer = await stack.meetings.post("/v1/meetings", json=meeting, headers=ADMIN)
        problem = dict(answer.json())
        return problem if problem.get("status_on_meeting_date") == "suspended" else None

    refused = await eventually(refused_as_suspended, what="meetings learning of the suspension")
    assert refused["field"] == "host_code"

    # The minutes show the suspension began a year later: the 2015 meeting was hosted in good standing.
    correction = {"period_effective_from": "2015-03-01", "effective_from": "2016-03-01", "reason": "minutes"}
    await posted(stack.registry, f"/v1/members/{host}/status/corrections", correction)

    async def accepted() -> httpx.Response | None:
        answer = await stack.meetings.post("/v1/meetings", json=meeting, headers=ADMIN)
        return answer if answer.status_code == 201 else None

    await eventually(accepted, what="meetings applying member.status_corrected")
    later = meeting_body(
        host, [area], starts_at="2016-06-01T09:00:00+09:00", ends_at="2016-06-01T18:00:00+09:00"
    )
    still_refused = await stack.meetings.post("/v1/meetings", json=later, headers=ADMIN)
    assert (still_refused.status_code, still_refused.json()["status_on_meeting_date"]) == (422, "suspended")
