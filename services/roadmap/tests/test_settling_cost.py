"""What a held meeting costs the roadmap does not grow with the history of tracks it does not touch: the
statements it runs and the held meetings it loads are those of its own track (issue 15, item 2)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts.meetings import MeetingHeld
from common.db import UnitOfWork
from common.messaging.outbox import Outbox
from roadmap.criteria.document import TrackScope
from roadmap.facts import HeldMeetingFact
from roadmap.models import KnownIssueArea
from roadmap.tracks import intake, repository
from support.roadmap import FIVE_STATES, held_meeting

pytestmark = pytest.mark.integration

OWN_HISTORY = 10


@dataclass
class Cost:
    statements: int = 0
    held_meetings_loaded: int = 0


@contextmanager
def counted(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cost]:
    cost = Cost()
    decode = HeldMeetingFact.from_stored.__func__  # type: ignore[attr-defined]

    def from_stored(cls: type[HeldMeetingFact], data: dict[str, Any]) -> HeldMeetingFact:
        cost.held_meetings_loaded += 1
        fact: HeldMeetingFact = decode(cls, data)
        return fact

    def statement(*_: Any) -> None:
        cost.statements += 1

    with monkeypatch.context() as patch:
        patch.setattr(HeldMeetingFact, "from_stored", classmethod(from_stored))
        event.listen(engine.sync_engine, "before_cursor_execute", statement)
        try:
            yield cost
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", statement)


def meetings_on(area: str, first: date, count: int, *, label: str = "") -> list[MeetingHeld]:
    """One meeting a quarter of five states in good standing, with stable ids."""
    return [
        held_meeting(first + timedelta(days=91 * i), [area], FIVE_STATES, meeting_id=f"{area}-{label}{i:04d}")
        for i in range(count)
    ]


async def store(uow: UnitOfWork, meetings: list[MeetingHeld]) -> None:
    async with uow.transaction() as session:
        await repository.store_held_meetings(session, meetings)


async def open_areas(uow: UnitOfWork, *codes: str) -> None:
    """The issue areas as the registry's events leave them in the roadmap's copy: known and open."""
    async with uow.transaction() as session:
        for code in codes:
            session.add(KnownIssueArea(code=code, kind="non_traditional", open=True, version=1))


async def settle_one(uow: UnitOfWork, data: MeetingHeld) -> None:
    async with uow.transaction() as session:
        await intake.record_held_meeting(session, Outbox(service="roadmap"), data)


async def test_a_held_meeting_costs_what_its_track_holds_not_what_the_roadmap_knows(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    uow = UnitOfWork(engine)
    await open_areas(uow, "energy", "environment", "transport")
    # Two tracks with the same history of their own, never settled yet.
    await store(uow, meetings_on("energy", date(2010, 1, 1), OWN_HISTORY))
    await store(uow, meetings_on("environment", date(2010, 1, 1), OWN_HISTORY))
    probe_on = date(2010, 1, 1) + timedelta(days=91 * OWN_HISTORY)

    with counted(engine, monkeypatch) as early:
        await settle_one(uow, held_meeting(probe_on, ["energy"], FIVE_STATES, meeting_id="energy-probe"))
    known_early = 2 * OWN_HISTORY + 1

    # The history of another track grows a hundredfold, dated before both tracks' own.
    await store(uow, meetings_on("transport", date(1985, 1, 1), 980))
    with counted(engine, monkeypatch) as late:
        await settle_one(
            uow, held_meeting(probe_on, ["environment"], FIVE_STATES, meeting_id="environment-probe")
        )
    known_late = known_early + 980 + 1

    assert known_late > 40 * known_early
    assert early.held_meetings_loaded >= OWN_HISTORY + 1
    assert (late.statements, late.held_meetings_loaded) == (early.statements, early.held_meetings_loaded)


async def test_a_held_meeting_after_where_its_track_stands_costs_the_same_whatever_the_tracks_history(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    uow = UnitOfWork(engine)
    await open_areas(uow, "energy", "environment")
    costs: list[Cost] = []
    for area, history in (("energy", 10), ("environment", 1000)):
        first = date(2020, 1, 1) - timedelta(days=91 * history)
        *kept, last = meetings_on(area, first, history)
        await store(uow, kept)
        # Applied as the consumer applies it: the track is judged over its whole history, and stored.
        await settle_one(uow, last)
        probe = held_meeting(date(2020, 3, 1), [area], FIVE_STATES, meeting_id=f"{area}-probe")
        with counted(engine, monkeypatch) as cost:
            await settle_one(uow, probe)
        costs.append(cost)

    short, long = costs
    assert (long.statements, long.held_meetings_loaded) == (short.statements, short.held_meetings_loaded)
    assert long.held_meetings_loaded < 10


async def test_a_meeting_held_before_a_track_reached_its_last_stage_costs_its_way_there_not_what_followed(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Meetings of one track arrive out of date order (partitions are not ordered against each other):
    one held before the track reached its last stage is judged over the meetings up to there, however
    many the track gathered after."""
    uow = UnitOfWork(engine)
    await open_areas(uow, "energy", "environment")
    costs: list[Cost] = []
    for area, followed_by in (("energy", 10), ("environment", 1000)):
        # A meeting a quarter from 2000: the framework stage (meetings in two years) in 2001.
        *way, reached = meetings_on(area, date(2000, 1, 1), 6)
        await store(uow, way)
        await settle_one(uow, reached)
        *following, last = meetings_on(area, date(2002, 1, 1), followed_by, label="after-")
        await store(uow, following)
        await settle_one(uow, last)
        async with uow.read() as session:
            stage = (await repository.tracks_of(session, "NAPCI"))[area].current_stage
        assert stage == "solid_framework"
        late = held_meeting(date(2000, 2, 1), [area], FIVE_STATES, meeting_id=f"{area}-late")
        with counted(engine, monkeypatch) as cost:
            await settle_one(uow, late)
        costs.append(cost)

    short, long = costs
    assert (long.statements, long.held_meetings_loaded) == (short.statements, short.held_meetings_loaded)
    assert long.held_meetings_loaded < 10


async def test_a_held_meeting_is_decoded_once_per_version_it_is_stored_at(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facts read again are not decoded again; a meeting stored anew (a newer version, or the same
    version written again after a rebuild cleared it) is read as it is stored now."""
    uow = UnitOfWork(engine)
    scope = TrackScope(code="energy", issue_areas=frozenset({"energy"}), untagged=False)
    first = held_meeting(date(2020, 1, 1), ["energy"], FIVE_STATES, meeting_id="energy-decoded", version=6)
    await store(uow, [first])

    async def read() -> list[HeldMeetingFact]:
        async with uow.read() as session:
            return [f for f in await repository.facts_of(session, [scope]) if isinstance(f, HeldMeetingFact)]

    with counted(engine, monkeypatch) as cold:
        (fact,) = await read()
    with counted(engine, monkeypatch) as warm:
        assert await read() == [fact]
    assert (cold.held_meetings_loaded, warm.held_meetings_loaded) == (1, 0)

    fewer = held_meeting(
        date(2020, 1, 1), ["energy"], FIVE_STATES[:2], meeting_id="energy-decoded", version=7
    )
    await store(uow, [fewer])
    (newer,) = await read()
    assert (newer.version, len(newer.attendees)) == (7, 2)

    # Cleared and stored again at the same version with other attendees (another database, a rebuild).
    async with uow.transaction() as session:
        await repository.clear_derived(session)
    again = held_meeting(
        date(2020, 1, 1), ["energy"], FIVE_STATES[:3], meeting_id="energy-decoded", version=7
    )
    await store(uow, [again])
    (stored_again,) = await read()
    assert (stored_again.version, len(stored_again.attendees)) == (7, 3)
