"""Every query of the roadmap service. Receives the session; never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.meetings import MeetingHeld
from common.readmodel import upsert_if_newer
from roadmap.criteria import CriteriaDocument, parse_document
from roadmap.evaluation import Fact, HeldMeetingFact, MechanismExpansionFact
from roadmap.models import (
    CriteriaVersion,
    Decision,
    HeldMeeting,
    KnownIssueArea,
    KnownMechanism,
    KnownMember,
    MechanismExpansion,
    StageChange,
    TrackRecord,
)


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# --- Facts and what the roadmap knows of the registry ---------------------------------------------


async def store_held_meeting(session: AsyncSession, data: MeetingHeld) -> None:
    values = {
        "meeting_id": data.meeting.meeting_id,
        "held_on": data.held_on,
        "issue_area_codes": sorted(set(data.meeting.issue_area_codes)),
        "data": data.model_dump(mode="json"),
        "version": data.meeting.version,
    }
    await upsert_if_newer(session, _table(HeldMeeting), values, key="meeting_id")


async def store_expansion(session: AsyncSession, fact: MechanismExpansionFact) -> None:
    # The id names the mechanism version, so a re-delivered event is the same row.
    statement = insert(_table(MechanismExpansion)).values(
        id=fact.id,
        mechanism_code=fact.mechanism_code,
        joined_on=fact.joined_on,
        added_member_codes=list(fact.added_member_codes),
        issue_area_codes=list(fact.issue_area_codes),
        version=fact.version,
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=["id"]))


async def learn_mechanism(session: AsyncSession, code: str, agenda: str | None, version: int) -> None:
    values = {"code": code, "agenda": agenda, "version": version}
    await upsert_if_newer(session, _table(KnownMechanism), values, key="code")


async def mechanism_agenda(session: AsyncSession, code: str) -> str | None:
    query = select(KnownMechanism.agenda).where(KnownMechanism.code == code)
    agenda: str | None = await session.scalar(query)
    return agenda


async def learn_issue_area(session: AsyncSession, code: str, kind: str, open: bool, version: int) -> None:
    values = {"code": code, "kind": kind, "open": open, "version": version}
    await upsert_if_newer(session, _table(KnownIssueArea), values, key="code")


async def known_issue_areas(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(KnownIssueArea.code).order_by(KnownIssueArea.code)))


async def issue_area(session: AsyncSession, code: str) -> KnownIssueArea | None:
    found: KnownIssueArea | None = await session.get(KnownIssueArea, code)
    return found


async def known_mechanisms(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(KnownMechanism.code).order_by(KnownMechanism.code)))


async def learn_member(
    session: AsyncSession, code: str, kind: str, status_history: list[dict[str, Any]], version: int
) -> None:
    values = {"code": code, "kind": kind, "status_history": status_history, "version": version}
    await upsert_if_newer(session, _table(KnownMember), values, key="code")


async def members_of_kind(session: AsyncSession, kind: str) -> list[KnownMember]:
    return list(await session.scalars(select(KnownMember).where(KnownMember.kind == kind)))


async def has_expansions(session: AsyncSession, mechanism_code: str) -> bool:
    found = await session.scalar(
        select(MechanismExpansion.id).where(MechanismExpansion.mechanism_code == mechanism_code).limit(1)
    )
    return found is not None


async def all_facts(session: AsyncSession) -> list[Fact]:
    """Every fact kept, as the evaluation core takes them.

    A mechanism expansion belongs to the tracks of the mechanism's newest known agenda: an agenda set or
    changed after the members joined still places the expansion, whatever order the events came in.
    """
    facts: list[Fact] = [
        HeldMeetingFact.from_event(MeetingHeld.model_validate(row))
        for row in await session.scalars(select(HeldMeeting.data))
    ]
    agendas = {
        code: agenda
        for code, agenda in (await session.execute(select(KnownMechanism.code, KnownMechanism.agenda))).all()
    }
    for row in await session.scalars(select(MechanismExpansion)):
        agenda = agendas.get(row.mechanism_code)
        facts.append(
            MechanismExpansionFact(
                mechanism_code=row.mechanism_code,
                version=row.version,
                joined_on=row.joined_on,
                added_member_codes=tuple(row.added_member_codes),
                issue_area_codes=(agenda,) if agenda else tuple(row.issue_area_codes),
            )
        )
    return facts


# --- Criteria documents ----------------------------------------------------------------------------


async def current_documents(session: AsyncSession) -> list[CriteriaDocument]:
    """The version in force (the highest) of every roadmap's criteria, by roadmap code."""
    rows = await session.scalars(
        select(CriteriaVersion)
        .distinct(CriteriaVersion.roadmap_code)
        .order_by(CriteriaVersion.roadmap_code, CriteriaVersion.version.desc())
    )
    return [parse_document(row.document) for row in rows]


async def criteria_version(session: AsyncSession, roadmap_code: str) -> CriteriaVersion | None:
    """The row in force, locked until the transaction ends: two adoptions of one version serialise."""
    row: CriteriaVersion | None = await session.scalar(
        select(CriteriaVersion)
        .where(CriteriaVersion.roadmap_code == roadmap_code)
        .order_by(CriteriaVersion.version.desc())
        .limit(1)
        .with_for_update()
    )
    return row


def add_criteria_version(session: AsyncSession, row: CriteriaVersion) -> None:
    session.add(row)


async def current_document(session: AsyncSession, roadmap_code: str) -> CriteriaDocument | None:
    row = await session.scalar(
        select(CriteriaVersion)
        .where(CriteriaVersion.roadmap_code == roadmap_code)
        .order_by(CriteriaVersion.version.desc())
        .limit(1)
    )
    return None if row is None else parse_document(row.document)


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


# --- Decisions -------------------------------------------------------------------------------------


def add_decision(session: AsyncSession, decision: Decision) -> None:
    session.add(decision)


async def decisions(session: AsyncSession, roadmap_code: str) -> list[Decision]:
    query = select(Decision).where(Decision.roadmap_code == roadmap_code)
    return list(await session.scalars(query.order_by(Decision.decided_on, Decision.recorded_at, Decision.id)))
