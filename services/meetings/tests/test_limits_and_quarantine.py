"""One partner's write cannot stall the service's events (issue #12): bodies, fields and the correlation id
are bounded, an event too large for Kafka is refused at the write, and an outbox row Kafka can never take
is quarantined, holding back only its own meeting's later events. On real PostgreSQL and Kafka."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select

from common.contracts.meetings import MEETING_TOPIC
from common.db import create_engine
from common.messaging.envelope import CloudEvent
from common.messaging.quarantine import QuarantinedEvent, discard, quarantined
from common.messaging.tables import audit_log, outbox
from common.testing.fixtures import eventually, running_app
from meetings.config import MeetingsSettings
from meetings.main import create_app
from support.meetings import (
    ADMIN,
    RegistryOnTheBus,
    events_about,
    meeting_body,
    problem_of,
    schedule,
    unique_area,
    unique_code,
    wait_for_events,
)

pytestmark = pytest.mark.integration

MEGABYTE_AND_A_BIT = 1_100_000


async def recorded(settings: MeetingsSettings) -> tuple[int, int]:
    """Outbox rows and audit entries in the service's database."""
    engine = create_engine(settings.sqlalchemy_url)
    async with engine.connect() as connection:
        rows = await connection.scalar(select(func.count()).select_from(outbox))
        entries = await connection.scalar(select(func.count()).select_from(audit_log))
    await engine.dispose()
    return int(rows or 0), int(entries or 0)


async def valid_body(registry: RegistryOnTheBus) -> dict[str, Any]:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    return meeting_body(host, [area])


async def test_a_title_of_a_megabyte_is_refused_with_413_and_nothing_is_recorded(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    body = await valid_body(registry)
    before = await recorded(meetings_settings)

    answer = await meetings.post(
        "/v1/meetings", json={**body, "title": {"en": "T" * MEGABYTE_AND_A_BIT}}, headers=ADMIN
    )

    refused = problem_of(answer, 413)
    assert refused["type"] == "https://neacoop.org/problems/content-too-large"
    assert refused["max_bytes"] == meetings_settings.http_max_body_bytes
    assert await recorded(meetings_settings) == before
    assert (await meetings.get("/v1/meetings")).json()["items"] == []


async def test_a_body_that_declares_no_length_is_cut_off_at_the_limit_with_413(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    before = await recorded(meetings_settings)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"title": {"en": "'
        for _ in range(MEGABYTE_AND_A_BIT // 65_536):
            yield b"T" * 65_536
        yield b'"}}'

    answer = await meetings.post(
        "/v1/meetings", content=chunks(), headers={**ADMIN, "content-type": "application/json"}
    )

    assert "content-length" not in answer.request.headers
    assert problem_of(answer, 413)["type"] == "https://neacoop.org/problems/content-too-large"
    assert await recorded(meetings_settings) == before


async def test_a_title_longer_than_its_limit_is_refused_with_422_naming_the_field(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    body = await valid_body(registry)
    before = await recorded(meetings_settings)

    answer = await meetings.post("/v1/meetings", json={**body, "title": {"en": "T" * 100_000}}, headers=ADMIN)

    assert problem_of(answer, 422)["field"] == "title.en"
    assert await recorded(meetings_settings) == before


async def test_an_oversized_correlation_id_is_replaced_neither_copied_into_the_event_nor_echoed(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    body = await valid_body(registry)
    oversized = "c" * MEGABYTE_AND_A_BIT

    answer = await meetings.post("/v1/meetings", json=body, headers={**ADMIN, "X-Correlation-ID": oversized})

    assert answer.status_code == 201, answer.text
    replaced = answer.headers["X-Correlation-ID"]
    assert uuid.UUID(replaced)
    [event] = await wait_for_events(meetings_settings, answer.json()["id"], 1)
    assert event.correlationid == replaced


async def test_a_correlation_id_of_odd_characters_is_replaced_and_a_short_token_kept(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    body = await valid_body(registry)
    kept = await meetings.post(
        "/v1/meetings", json=body, headers={**ADMIN, "X-Correlation-ID": "partner-1:req.42_a"}
    )
    odd = await meetings.get("/v1/meetings", headers={"X-Correlation-ID": "a b<script>"})

    assert kept.headers["X-Correlation-ID"] == "partner-1:req.42_a"
    assert uuid.UUID(odd.headers["X-Correlation-ID"])


async def test_a_write_whose_event_would_be_too_large_for_kafka_is_refused_before_it_commits(
    registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    # Within every field's limit, a meeting with a hundred long document links still makes an event over
    # the (lowered) limit: the write is refused, so the relay never meets it.
    settings = meetings_settings.model_copy(update={"outbox_max_event_bytes": 16_384})
    body = await valid_body(registry)
    links = [f"https://docs.example.org/{n}/" + "d" * 1_900 for n in range(100)]
    async with running_app(create_app(settings)) as meetings:
        before = await recorded(settings)

        answer = await meetings.post("/v1/meetings", json={**body, "documents": links}, headers=ADMIN)

        refused = problem_of(answer, 422)
        assert refused["type"] == "https://neacoop.org/problems/event-too-large"
        assert refused["field"].startswith("meeting.documents.")
        assert refused["max_event_bytes"] == 16_384
        assert await recorded(settings) == before


async def insert_oversized_event(settings: MeetingsSettings, meeting_id: str) -> str:
    """An outbox row of the meeting larger than Kafka takes, as a write before the limits could make it."""
    event = CloudEvent(
        source="urn:neacoop:meetings",
        type="org.neacoop.meetings.meeting.updated.v1",
        subject=meeting_id,
        data={"meeting": {"meeting_id": meeting_id, "title": {"en": "T" * MEGABYTE_AND_A_BIT}}},
    )
    engine = create_engine(settings.sqlalchemy_url)
    async with engine.begin() as connection:
        await connection.execute(
            insert(outbox).values(
                event_id=event.id,
                topic=MEETING_TOPIC,
                event_type=event.type,
                subject=meeting_id,
                envelope=event.model_dump(mode="json"),
            )
        )
    await engine.dispose()
    return event.id


async def quarantine_of(settings: MeetingsSettings) -> list[QuarantinedEvent]:
    engine = create_engine(settings.sqlalchemy_url)
    try:
        return await quarantined(engine)
    finally:
        await engine.dispose()


async def test_an_event_too_large_for_kafka_is_quarantined_and_holds_back_only_its_own_meeting(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    stalled = await schedule(meetings, await valid_body(registry))
    await wait_for_events(meetings_settings, stalled["id"], 1)
    oversized = await insert_oversized_event(meetings_settings, stalled["id"])
    changed = await meetings.patch(
        f"/v1/meetings/{stalled['id']}", json={"city": "Ulaanbaatar"}, headers={**ADMIN, "If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text

    # Another meeting's events are published although an earlier row can never be.
    other = await schedule(meetings, await valid_body(registry))
    [scheduled] = await wait_for_events(meetings_settings, other["id"], 1)
    assert scheduled.data["meeting"]["meeting_id"] == other["id"]

    async def set_aside() -> list[QuarantinedEvent] | None:
        return await quarantine_of(meetings_settings) or None

    [held] = await eventually(set_aside, what="the oversized row quarantined")
    assert (held.event_id, held.subject, held.reason, held.held_back) == (
        oversized,
        stalled["id"],
        "too_large",
        1,
    )
    assert "MessageSizeTooLargeError" in (held.error or "")
    # The stalled meeting's change waits behind it, unpublished, so its order is kept: a meeting scheduled
    # after the change is published, the change is not.
    third = await schedule(meetings, await valid_body(registry))
    await wait_for_events(meetings_settings, third["id"], 1)
    assert [e.type.split(".")[-2] for e in await events_about(meetings_settings, stalled["id"])] == [
        "scheduled"
    ]

    engine = create_engine(meetings_settings.sqlalchemy_url)
    try:
        assert await discard(engine, [oversized]) == [oversized]
    finally:
        await engine.dispose()

    events = await wait_for_events(meetings_settings, stalled["id"], 2)
    assert [e.type.split(".")[-2] for e in events] == ["scheduled", "updated"]
    assert events[1].data["meeting"]["city"] == "Ulaanbaatar"
    assert oversized not in [e.id for e in events]
    assert await quarantine_of(meetings_settings) == []
