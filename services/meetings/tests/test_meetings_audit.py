"""Who changed a meeting (issue 11, item 8), on the real Kafka broker and PostgreSQL: each event names the
API client or `admin` as the CloudEvents attribute `actor` and in the data's metadata, and the meetings
service answers `GET /v1/audit` from its own records."""

from __future__ import annotations

import httpx
import pytest

from common.testing.fixtures import admin_headers
from meetings.config import MeetingsSettings
from support.meetings import (
    RegistryOnTheBus,
    confirm,
    meeting_body,
    schedule,
    unique_area,
    unique_code,
    wait_for_events,
)

pytestmark = pytest.mark.integration

ADMIN = admin_headers()
SCHEDULED = "org.neacoop.meetings.meeting.scheduled.v1"
CONFIRMED = "org.neacoop.meetings.meeting.confirmed.v1"


async def test_a_meeting_scheduled_by_a_partner_names_its_client_and_confirmed_by_the_admin_names_admin(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    partner = await registry.client(host, ["meetings:write"])
    client_id = partner["Authorization"].removeprefix("Bearer ").split(".")[0]

    meeting = await schedule(meetings, meeting_body(host, [area]), partner)
    await confirm(meetings, meeting["id"])

    scheduled, confirmed = await wait_for_events(meetings_settings, meeting["id"], 2)
    assert (scheduled.type, scheduled.actor, scheduled.data["metadata"]) == (
        SCHEDULED,
        client_id,
        {"actor": client_id},
    )
    assert (confirmed.type, confirmed.actor, confirmed.data["metadata"]) == (
        CONFIRMED,
        "admin",
        {"actor": "admin"},
    )

    answer = await meetings.get("/v1/audit", params={"subject": meeting["id"]}, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert [(e["event_id"], e["event_type"], e["actor"]) for e in answer.json()["items"]] == [
        (scheduled.id, SCHEDULED, client_id),
        (confirmed.id, CONFIRMED, "admin"),
    ]
    # The audit is the administrators': the partner that made the change may not read it.
    refused = await meetings.get("/v1/audit", params={"subject": meeting["id"]}, headers=partner)
    assert refused.status_code == 403, refused.text
