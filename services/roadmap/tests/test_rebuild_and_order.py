"""The roadmap's state is a function of the events, whatever way they arrive: a rebuild from offset 0
gives the same state, and the order of events across topics (with duplicates) does not change it."""

from __future__ import annotations

import random
import secrets
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts import CATALOG, EventData, make_event
from common.contracts.meetings import Attendee, MeetingHeld, MeetingState, Outcome
from common.contracts.registry import (
    IssueAreaRegistered,
    IssueAreaState,
    MechanismMembersAdded,
    MechanismMembership,
    MechanismRegistered,
    MechanismState,
)
from common.contracts.roadmap import TRACK_TOPIC
from common.db import UnitOfWork, create_engine
from common.messaging.consumer import Handler
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, started
from common.messaging.outbox import Outbox
from common.messaging.tables import outbox
from common.testing.fixtures import eventually, migrated_database
from common.testing.infrastructure import Infrastructure
from roadmap.config import RoadmapSettings
from roadmap.consumers import handlers
from roadmap.models import HeldMeeting, StageChange, TrackRecord
from roadmap.rebuild import rebuild

FIVE_STATES = ("KOR", "JPN", "CHN", "USA", "RUS")


def held(
    held_on: date,
    areas: list[str],
    attending: tuple[str, ...] = FIVE_STATES,
    *,
    role: str = "participant",
    mechanism: str | None = None,
    outcomes: list[Outcome] | None = None,
) -> MeetingHeld:
    """A `meeting.held` event's data as the meetings service sends it; the first state hosts."""
    starts = datetime.combine(held_on, time(1, 0), tzinfo=UTC)
    roles = {code: ("host" if i == 0 and role == "participant" else role) for i, code in enumerate(attending)}
    state = MeetingState.model_validate(
        {
            "meeting_id": str(uuid.uuid4()),
            "title": {"en": "Meeting"},
            "mechanism_code": mechanism,
            "issue_area_codes": areas,
            "track": "1",
            "level": "senior_officials",
            "host_code": attending[0],
            "city": "Seoul",
            "country_code": "KOR",
            "starts_at": starts,
            "ends_at": starts,
            "time_zone": "Asia/Seoul",
            "status": "held",
            "participants": [
                {"member_code": code, "role": roles[code], "response": "accepted", "attendance": "attended"}
                for code in attending
            ],
            "outcomes": outcomes or [],
            "version": 6,
        }
    )
    return MeetingHeld(
        meeting=state,
        held_on=held_on,
        attendees=[
            Attendee.model_validate(
                {
                    "member_code": code,
                    "kind": "state",
                    "status_on_meeting_date": "participant",
                    "role": roles[code],
                }
            )
            for code in attending
        ],
        outcomes=outcomes or [],
        summary="held",
    )


def issue_area(code: str) -> IssueAreaRegistered:
    state = IssueAreaState(code=code, names={"en": code}, kind="non_traditional", open=True, version=1)
    return IssueAreaRegistered(issue_area=state)


def event_of(data: EventData, *, service: str, subject: str) -> tuple[str, CloudEvent]:
    contract, event = make_event(data, service=service, subject=subject)
    return contract.topic, event


async def publish(settings: RoadmapSettings, events: list[tuple[str, CloudEvent]]) -> None:
    await ensure_topics(settings, {topic for topic, _ in events})
    producer = build_producer(settings, client_id="test-rebuild")
    async with started(producer):
        for topic, event in events:
            key, value, headers = event.to_kafka()
            await producer.send_and_wait(topic, value=value, key=key, headers=headers)


def row(record: Row[Any], *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    return {column: value for column, value in record._mapping.items() if column not in without}


async def tables(engine: AsyncEngine, track: str) -> dict[str, Any]:
    """The track's row (its change counter and timestamp aside), its history and announcements."""
    async with engine.connect() as connection:
        tracks = (await connection.execute(select(TrackRecord).where(TrackRecord.track == track))).all()
        history = (
            await connection.execute(
                select(StageChange).where(StageChange.track == track).order_by(StageChange.id)
            )
        ).all()
        announced = await connection.scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.topic == TRACK_TOPIC, outbox.c.subject == f"NAPCI/{track}")
        )
    return {
        "tracks": [row(r, without=("version", "updated_at")) for r in tracks],
        "history": [row(r) for r in history],
        "announced": announced,
    }


async def test_a_rebuild_from_offset_0_gives_the_same_state(
    roadmap: httpx.AsyncClient, roadmap_settings: RoadmapSettings, engine: AsyncEngine
) -> None:
    # The topics hold every earlier test's events too, and the rebuild applies them all: a track of its
    # own issue area keeps this test's result apart from theirs.
    area = f"area_{secrets.token_hex(4)}"
    first = held(date(2013, 10, 28), [area])
    second = held(date(2014, 5, 20), [area])
    await publish(
        roadmap_settings,
        [
            event_of(issue_area(area), service="registry", subject=area),
            event_of(first, service="meetings", subject=first.meeting.meeting_id),
            event_of(second, service="meetings", subject=second.meeting.meeting_id),
        ],
    )

    async def at_framework() -> dict[str, Any] | None:
        answer = await roadmap.get(f"/v1/roadmaps/NAPCI/tracks/{area}")
        found: dict[str, Any] = answer.json() if answer.status_code == 200 else {}
        return found if found.get("current_stage") == "solid_framework" else None

    before_api = await eventually(at_framework, what=f"track {area} reaching solid_framework")
    before = await tables(engine, area)
    assert [h["to_stage"] for h in before["history"]] == ["accumulate_practice", "solid_framework"]
    assert before["announced"] == 2

    counts = await rebuild(roadmap_settings)

    assert counts["applied"] >= 3
    assert counts["failed"] == 0
    assert await tables(engine, area) == before
    assert (await roadmap.get(f"/v1/roadmaps/NAPCI/tracks/{area}")).json() == before_api
    async with engine.connect() as connection:
        kept = set(await connection.scalars(select(HeldMeeting.meeting_id)))
    assert {first.meeting.meeting_id, second.meeting.meeting_id} <= kept


def the_events() -> tuple[list[tuple[str, CloudEvent]], list[tuple[str, CloudEvent]]]:
    """Registry events and meeting events (each list in its topic's order) touching three tracks."""
    joined = date(2013, 9, 1)
    trm = MechanismState(code="TRM+", names={"en": "TRM+"}, agenda="nuclear_safety", version=1)
    grown = trm.model_copy(
        update={
            "version": 2,
            "memberships": [MechanismMembership(member_code=c, joined_on=joined) for c in FIVE_STATES],
        }
    )
    registry = [
        event_of(issue_area("nuclear_safety"), service="registry", subject="nuclear_safety"),
        event_of(issue_area("energy_security"), service="registry", subject="energy_security"),
        event_of(MechanismRegistered(mechanism=trm), service="registry", subject="TRM+"),
        event_of(
            MechanismMembersAdded(mechanism=grown, added_member_codes=["USA", "RUS"], joined_on=joined),
            service="registry",
            subject="TRM+",
        ),
    ]

    def support(by: str) -> Outcome:
        return Outcome(id=str(uuid.uuid4()), type="support_expressed", text="support", member_codes=[by])

    meetings = [
        held(date(2013, 5, 7), [], ("KOR", "USA"), outcomes=[support("USA")]),
        held(date(2013, 6, 27), [], ("KOR", "CHN"), outcomes=[support("CHN")]),
        held(date(2013, 10, 28), ["nuclear_safety"], mechanism="TRM+"),
        held(date(2013, 11, 2), ["energy_security"], role="observer"),
        held(date(2014, 5, 20), ["nuclear_safety"], mechanism="TRM+"),
        held(date(2014, 6, 2), ["energy_security"], ("KOR", "JPN")),
    ]
    return registry, [
        event_of(data, service="meetings", subject=data.meeting.meeting_id) for data in meetings
    ]


def interleavings(
    registry: list[tuple[str, CloudEvent]], meetings: list[tuple[str, CloudEvent]]
) -> list[list[tuple[str, CloudEvent]]]:
    """Orders across topics (each topic keeps its own order, as Kafka keeps it), with duplicates."""
    shuffled: list[tuple[str, CloudEvent]] = []
    rng = random.Random(5)
    left, right = list(registry), list(meetings)
    while left or right:
        source = left if left and (not right or rng.random() < 0.5) else right
        shuffled.append(source.pop(0))
    return [
        registry + meetings,
        meetings + registry,
        # Every event twice: the second time as a re-delivery of the same record.
        [e for pair in zip(meetings + registry, meetings + registry, strict=True) for e in pair],
        shuffled + shuffled[::2],
    ]


async def state_after(infrastructure: Infrastructure, order: list[tuple[str, CloudEvent]]) -> dict[str, Any]:
    """Applies the events, in this order, through the consumer's handlers to a fresh roadmap database."""
    url = await migrated_database(infrastructure, "roadmap")
    engine = create_engine(url, pool_size=1)
    try:
        by_type: dict[str, Handler[Any]] = {
            CATALOG.for_data_type(handler.data).type: handler
            for handler in handlers(Outbox(service="roadmap"))
        }
        uow = UnitOfWork(engine)
        for _, event in order:
            handler = by_type[event.type]
            async with uow.transaction() as session:
                await handler.apply(session, event, handler.data.model_validate(event.data))
        async with engine.connect() as connection:
            tracks = (await connection.execute(select(TrackRecord).order_by(TrackRecord.track))).all()
            history = (
                await connection.execute(
                    select(StageChange).order_by(StageChange.track, StageChange.advanced_on)
                )
            ).all()
            announced = list(
                await connection.scalars(
                    select(outbox.c.subject).where(outbox.c.topic == TRACK_TOPIC).order_by(outbox.c.subject)
                )
            )
        return {
            "tracks": [row(r, without=("version", "updated_at")) for r in tracks],
            "history": [row(r, without=("id", "recorded_at")) for r in history],
            "announced": announced,
        }
    finally:
        await engine.dispose()


async def test_the_order_of_events_across_topics_does_not_change_the_tracks(
    infrastructure: Infrastructure,
) -> None:
    registry, meetings = the_events()
    states = [await state_after(infrastructure, order) for order in interleavings(registry, meetings)]

    first = states[0]
    stages = {t["track"]: t["current_stage"] for t in first["tracks"]}
    assert stages == {
        "napci": "accumulate_practice",
        "nuclear_safety": "solid_framework",
        "energy_security": "gain_support",
    }
    assert first["announced"] == ["NAPCI/napci", "NAPCI/nuclear_safety", "NAPCI/nuclear_safety"]
    for state in states[1:]:
        assert state["tracks"] == first["tracks"]
        assert state["announced"] == first["announced"]
        assert [(h["track"], h["to_stage"]) for h in state["history"]] == [
            (h["track"], h["to_stage"]) for h in first["history"]
        ]


async def test_the_order_of_events_across_topics_does_not_change_the_history(
    infrastructure: Infrastructure,
) -> None:
    registry, meetings = the_events()
    states = [await state_after(infrastructure, order) for order in interleavings(registry, meetings)]
    for state in states[1:]:
        assert state["history"] == states[0]["history"]
