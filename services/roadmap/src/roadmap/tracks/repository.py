"""Every query of the tracks and of the facts they are judged by: held meetings, and the registry's
issue areas and mechanisms as the roadmap keeps them. Receives the session; never commits."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Table,
    Text,
    cast,
    delete,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.meetings import MeetingHeld
from common.readmodel import upsert_if_newer
from roadmap.criteria.document import CriteriaDocument, TrackScope
from roadmap.facts import (
    Fact,
    HeldMeetingFact,
    MechanismExpansionFact,
    MechanismRecord,
    Membership,
    StageStart,
    expansions_of,
)
from roadmap.models import (
    HeldMeeting,
    KnownIssueArea,
    KnownMechanism,
    KnownMember,
    StageChange,
    TrackRecord,
)
from roadmap.tracks.domain import Origin, Position


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# --- Facts and what the roadmap knows of the registry ---------------------------------------------


async def store_held_meetings(session: AsyncSession, batch: Sequence[MeetingHeld]) -> list[bool]:
    """Keeps the meetings (each unless a newer version of it is kept), in two statements whatever their
    number; for each, True if no version of it was kept before. A meeting twice in `batch` is kept at
    its highest version, and only its first is new."""
    ids = [data.meeting.meeting_id for data in batch]
    kept = set(await session.scalars(select(HeldMeeting.meeting_id).where(HeldMeeting.meeting_id.in_(ids))))
    latest: dict[str, MeetingHeld] = {}
    for data in batch:
        known = latest.get(data.meeting.meeting_id)
        if known is None or data.meeting.version > known.meeting.version:
            latest[data.meeting.meeting_id] = data
    rows = [
        {
            "meeting_id": meeting_id,
            "held_on": data.held_on,
            "issue_area_codes": sorted(set(data.meeting.issue_area_codes)),
            "data": data.model_dump(mode="json"),
            "version": data.meeting.version,
        }
        for meeting_id, data in latest.items()
    ]
    await upsert_if_newer(session, _table(HeldMeeting), rows, key="meeting_id")
    fresh = []
    for meeting_id in ids:
        fresh.append(meeting_id not in kept)
        kept.add(meeting_id)
    return fresh


async def held_meetings_page(session: AsyncSession, *, after: str | None, limit: int) -> list[HeldMeeting]:
    """Held meetings the roadmap knows, by meeting id, from after `after`; up to `limit` of them."""
    query = select(HeldMeeting).order_by(HeldMeeting.meeting_id).limit(limit)
    if after is not None:
        query = query.where(HeldMeeting.meeting_id > after)
    return list(await session.scalars(query))


async def known_issue_areas(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(KnownIssueArea.code).order_by(KnownIssueArea.code)))


async def open_issue_areas(session: AsyncSession) -> list[str]:
    """The areas that have a track: a locked traditional area has none until a decision opens it."""
    query = select(KnownIssueArea.code).where(KnownIssueArea.open.is_(True)).order_by(KnownIssueArea.code)
    return list(await session.scalars(query))


# A held meeting as a fact needs neither its title nor its invitations (`HeldMeetingFact.from_stored`):
# the database leaves them out, a third of each stored event.
FACT_DATA = HeldMeeting.data.delete_path(["meeting", "participants"]).delete_path(["meeting", "title"])
# The version of a row PostgreSQL keeps: the transaction that wrote it. A stored meeting's row and its
# `xmin` together name one content, whatever the database (ids are the whole cluster's).
ROW_VERSION = literal_column("xmin::text::bigint", BigInteger)


class DecodedFacts:
    """The held meetings last decoded into facts, by row and row version, at most `capacity` of them.

    A judgement of a track whose criteria's windows hold many meetings read and decoded each of them on
    every meeting of the track; decoding was most of what it cost. A row version never changes content,
    so what was decoded once serves every later judgement, in this process, of any database."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._facts: OrderedDict[tuple[str, int], HeldMeetingFact] = OrderedDict()

    def get(self, meeting_id: str, row_version: int) -> HeldMeetingFact | None:
        fact = self._facts.get((meeting_id, row_version))
        if fact is not None:
            self._facts.move_to_end((meeting_id, row_version))
        return fact

    def put(self, meeting_id: str, row_version: int, fact: HeldMeetingFact) -> None:
        self._facts[(meeting_id, row_version)] = fact
        self._facts.move_to_end((meeting_id, row_version))
        while len(self._facts) > self.capacity:
            self._facts.popitem(last=False)


DECODED = DecodedFacts(capacity=10_000)


async def _held_facts(session: AsyncSession, *where: ColumnElement[bool]) -> list[HeldMeetingFact]:
    """The held meetings `where` selects, as facts: listed by row version, and only those not decoded
    before read in full (then two statements rather than one)."""
    listed = (await session.execute(select(HeldMeeting.meeting_id, ROW_VERSION).where(*where))).tuples().all()
    facts = {meeting_id: DECODED.get(meeting_id, row_version) for meeting_id, row_version in listed}
    missing = [meeting_id for meeting_id, fact in facts.items() if fact is None]
    if missing:
        query = select(HeldMeeting.meeting_id, ROW_VERSION, FACT_DATA).where(
            HeldMeeting.meeting_id.in_(missing)
        )
        for meeting_id, row_version, data in (await session.execute(query)).tuples():
            fact = HeldMeetingFact.from_stored(data)
            DECODED.put(meeting_id, row_version, fact)
            facts[meeting_id] = fact
    return [fact for fact in facts.values() if fact is not None]


async def all_facts(session: AsyncSession) -> list[Fact]:
    """Every fact kept, as the evaluation core takes them: the held meetings, and the expansions the
    mechanisms' latest memberships show (roadmap.facts.expansions_of)."""
    facts: list[Fact] = [HeldMeetingFact.from_stored(row) for row in await session.scalars(select(FACT_DATA))]
    facts.extend(await expansions(session))
    return facts


async def facts_of(
    session: AsyncSession,
    scopes: Sequence[TrackScope],
    *,
    held_from: date | None = None,
    held_until: date | None = None,
) -> list[Fact]:
    """The facts a judgement of these tracks counts: the held meetings they cover, found by their
    issue areas and levels, and every expansion (few, and any of them may concern any track).

    A judgement walks candidates in (date, id) order and may also stop at a fact of no track of its
    own right after where a stage began: `facts_from` brings those. `held_from`, `held_until`: only the
    meetings held on those days or between them."""
    areas = sorted({area for scope in scopes for area in scope.issue_areas})
    levels = sorted({level for scope in scopes for level in scope.levels})
    covered: list[ColumnElement[bool]] = []
    if areas:
        covered.append(HeldMeeting.issue_area_codes.op("?|")(cast(areas, ARRAY(Text))))
    if levels:
        covered.append(func.jsonb_extract_path_text(HeldMeeting.data, "meeting", "level").in_(levels))
    if any(scope.untagged for scope in scopes):
        covered.append(func.jsonb_array_length(HeldMeeting.issue_area_codes) == 0)
    facts: list[Fact] = []
    if covered:
        where = [or_(*covered)]
        if held_from is not None:
            where.append(HeldMeeting.held_on >= held_from)
        if held_until is not None:
            where.append(HeldMeeting.held_on <= held_until)
        facts.extend(await _held_facts(session, *where))
    facts.extend(await expansions(session))
    return facts


async def facts_from(session: AsyncSession, starts: Iterable[StageStart], today: date) -> list[Fact]:
    """For each start, the first held meeting at or after it in (date, id) order, known on `today`:
    the first candidate a judgement from that start looks at, whatever track it is of (a rolling
    window may already be met by the facts before it)."""
    # Ids compare by code point, as `roadmap.facts.position` does, not by the database's collation.
    meeting_id = HeldMeeting.meeting_id.collate("C")
    facts: list[Fact] = []
    for start in starts:
        row = await session.scalar(
            select(FACT_DATA)
            .where(
                tuple_(HeldMeeting.held_on, meeting_id)
                >= tuple_(literal(start.on, Date), literal(start.after_fact_id or "", Text)),
                HeldMeeting.held_on <= today,
            )
            .order_by(HeldMeeting.held_on, meeting_id)
            .limit(1)
        )
        if row is not None:
            facts.append(HeldMeetingFact.from_stored(row))
    return facts


async def expansions(session: AsyncSession) -> list[MechanismExpansionFact]:
    """The expansions the mechanisms' latest memberships show (roadmap.facts.expansions_of)."""
    mechanisms = [
        MechanismRecord(
            code=row.code,
            agenda=row.agenda,
            expands_code=row.expands_code,
            memberships=tuple(
                Membership(
                    member_code=m["member_code"],
                    joined_on=date.fromisoformat(m["joined_on"]) if m.get("joined_on") else None,
                    left_on=date.fromisoformat(m["left_on"]) if m.get("left_on") else None,
                )
                for m in row.memberships
            ),
        )
        for row in await session.scalars(select(KnownMechanism))
    ]
    return expansions_of(mechanisms)


# --- Tracks and their history ----------------------------------------------------------------------


async def locked_track(
    session: AsyncSession, roadmap_code: str, track: str, *, first_stage: str, criteria_version: int
) -> TrackRecord:
    """The track's row, created at the first stage if it has none, locked until the transaction ends."""
    await session.execute(
        insert(_table(TrackRecord))
        .values(
            roadmap_code=roadmap_code,
            track=track,
            current_stage=first_stage,
            since=None,
            since_after=None,
            criteria_version=criteria_version,
            version=1,
        )
        .on_conflict_do_nothing(index_elements=["roadmap_code", "track"])
    )
    record = await session.scalar(
        select(TrackRecord)
        .where(TrackRecord.roadmap_code == roadmap_code, TrackRecord.track == track)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert record is not None
    return record


def position_of(record: TrackRecord | None, document: CriteriaDocument) -> Position:
    """The stored position of a track (the initial one when it has no row yet)."""
    if record is None:
        return Position.initial(document)
    since = None if record.since is None else StageStart(on=record.since, after_fact_id=record.since_after)
    origin = Origin(stage=document.first_stage(), key=record.origin_decision or "")
    if record.origin_stage is not None:
        start = (
            None
            if record.origin_on is None
            else StageStart(on=record.origin_on, after_fact_id=record.origin_after)
        )
        origin = Origin(stage=record.origin_stage, start=start, key=record.origin_decision or "")
    return Position(stage=record.current_stage, since=since, origin=origin, held=record.held).known_to(
        document
    )


def store_position(record: TrackRecord, position: Position, criteria_version: int) -> bool:
    """Writes the position into the track's row; True (and the row's version bumped) if it changed."""
    origin = position.origin
    values = {
        "current_stage": position.stage,
        "since": None if position.since is None else position.since.on,
        "since_after": None if position.since is None else position.since.after_fact_id,
        "origin_stage": origin.stage if (origin.start is not None or origin.key) else None,
        "origin_on": None if origin.start is None else origin.start.on,
        "origin_after": None if origin.start is None else origin.start.after_fact_id,
        "origin_decision": origin.key or None,
        "held": position.held,
        "criteria_version": criteria_version,
    }
    if all(getattr(record, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(record, name, value)
    record.version += 1
    return True


async def last_change(session: AsyncSession, roadmap_code: str, track: str) -> date | None:
    """The date of the track's latest advancement or decision."""
    found: date | None = await session.scalar(
        select(func.max(StageChange.advanced_on)).where(
            StageChange.roadmap_code == roadmap_code,
            StageChange.track == track,
            StageChange.kind.in_(("advanced", "decision")),
        )
    )
    return found


async def tracks_of(session: AsyncSession, roadmap_code: str) -> dict[str, TrackRecord]:
    rows = await session.scalars(select(TrackRecord).where(TrackRecord.roadmap_code == roadmap_code))
    return {row.track: row for row in rows}


async def recorded_advancements(
    session: AsyncSession, roadmap_code: str, track: str, origin: str = ""
) -> dict[str, StageChange]:
    """The history lines of stages criteria advanced the track into counting from `origin`, by stage."""
    query = select(StageChange).where(
        StageChange.roadmap_code == roadmap_code,
        StageChange.track == track,
        StageChange.kind == "advanced",
        StageChange.origin == origin,
    )
    return {change.to_stage: change for change in await session.scalars(query)}


def add_stage_change(session: AsyncSession, change: StageChange) -> None:
    session.add(change)


async def history(session: AsyncSession, roadmap_code: str, track: str | None = None) -> list[StageChange]:
    query = select(StageChange).where(StageChange.roadmap_code == roadmap_code)
    if track is not None:
        query = query.where(StageChange.track == track)
    rows = await session.scalars(query.order_by(StageChange.advanced_on, StageChange.track, StageChange.id))
    return list(rows)


# --- The rebuild (roadmap.rebuild) -----------------------------------------------------------------

# Derived from the topics: emptied, then filled again by the replay.
DERIVED = (HeldMeeting, KnownIssueArea, KnownMechanism, KnownMember)


async def clear_derived(session: AsyncSession) -> None:
    for model in DERIVED:
        await session.execute(delete(model))
    # A track with an origin keeps its row: a decision (not on any topic the roadmap consumes) or an
    # earlier criteria version set it, and the replay re-derives the stage from it.
    await session.execute(
        delete(TrackRecord).where(TrackRecord.origin_stage.is_(None), TrackRecord.held.is_(False))
    )
