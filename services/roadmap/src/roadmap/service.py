"""Use cases: keep the facts of other services' events and re-evaluate the tracks they touch.

Re-evaluation runs `advance` from the track's first stage over every fact kept (roadmap.evaluation):
deterministic, so a re-delivered event never counts twice and the order events arrive in across topics
does not change the result. Each advancement not recorded yet updates the track, appends to its history
and records a `stage_advanced` event through the outbox, in the caller's transaction. Never commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.meetings import MeetingHeld
from common.contracts.registry import IssueAreaState, MechanismMembersAdded, MechanismState
from common.contracts.roadmap import CriterionExplanation
from common.errors import NotFound
from common.messaging.outbox import Outbox
from roadmap import repository
from roadmap.criteria import CriteriaDocument, TrackScope, track_scopes
from roadmap.evaluation import Fact, HeldMeetingFact, MechanismExpansionFact, StageStart, advance, evaluate
from roadmap.models import StageChange
from roadmap.schemas import (
    AdvancementRead,
    HistoryRead,
    NextStageRead,
    RoadmapRead,
    RoadmapSummary,
    StageRead,
    TrackRead,
)
from roadmap.state import explanation, stage_advanced

logger = log.get_logger(__name__)

ScopeTest = Callable[[TrackScope], bool]


def today() -> date:
    return datetime.now(UTC).date()


async def record_held_meeting(session: AsyncSession, outbox: Outbox, data: MeetingHeld) -> None:
    await repository.store_held_meeting(session, data)
    fact = HeldMeetingFact.from_event(data)
    known = set(await repository.known_issue_areas(session))
    unknown = sorted(set(fact.issue_area_codes) - known)
    if unknown:
        # Kept as a fact all the same: once the registry announces the area, its track counts it.
        logger.warning("meeting held on issue areas not known", meeting_id=fact.meeting_id, unknown=unknown)
    await reevaluate(session, outbox, lambda scope: scope.covers(fact.issue_area_codes))


async def record_expansion(
    session: AsyncSession, outbox: Outbox, data: MechanismMembersAdded, *, recorded_on: date
) -> None:
    await learn_mechanism(session, outbox, data.mechanism)
    fact = MechanismExpansionFact.from_event(data, recorded_on=recorded_on)
    await repository.store_expansion(session, fact)
    agenda = await repository.mechanism_agenda(session, fact.mechanism_code)
    areas = (agenda,) if agenda else fact.issue_area_codes
    if not areas:
        logger.warning("mechanism without agenda gained members: no track follows it", id=fact.id)
        return
    await reevaluate(session, outbox, lambda scope: scope.covers(areas))


async def learn_mechanism(session: AsyncSession, outbox: Outbox, mechanism: MechanismState) -> None:
    before = await repository.mechanism_agenda(session, mechanism.code)
    await repository.learn_mechanism(session, mechanism.code, mechanism.agenda, mechanism.version)
    after = await repository.mechanism_agenda(session, mechanism.code)
    if before != after and await repository.has_expansions(session, mechanism.code):
        # Its expansions move to the tracks of the new agenda.
        areas = {area for area in (before, after) if area}
        await reevaluate(session, outbox, lambda scope: bool(scope.issue_areas & areas))


async def learn_issue_area(session: AsyncSession, outbox: Outbox, area: IssueAreaState) -> None:
    await repository.learn_issue_area(session, area.code, area.kind, area.open, area.version)
    # Facts on the area may have arrived before the area did: its new track counts them now.
    await reevaluate(session, outbox, lambda scope: area.code in scope.issue_areas)


async def reevaluate(session: AsyncSession, outbox: Outbox, affected: ScopeTest) -> None:
    """Re-evaluates, in every roadmap, the tracks whose scope `affected` accepts."""
    documents = await repository.current_documents(session)
    if not documents:
        return
    known = await repository.known_issue_areas(session)
    facts = await repository.all_facts(session)
    for document in documents:
        for scope in track_scopes(document, known):
            if affected(scope):
                await reevaluate_track(session, outbox, document, scope.code, facts)


async def reevaluate_track(
    session: AsyncSession, outbox: Outbox, document: CriteriaDocument, track: str, facts: Iterable[Fact]
) -> None:
    roadmap_code = document.roadmap_code
    first = document.first_stage()
    record = await repository.locked_track(
        session, roadmap_code, track, first_stage=first, criteria_version=document.version
    )
    advancements = advance(document, track=track, current_stage=first, facts=facts, today=today())
    recorded = await repository.recorded_stages(session, roadmap_code, track)
    for advancement in advancements:
        if advancement.to_stage in recorded:
            continue
        event = stage_advanced(roadmap_code, advancement)
        repository.add_stage_change(
            session,
            StageChange(
                roadmap_code=roadmap_code,
                track=track,
                from_stage=advancement.from_stage,
                to_stage=advancement.to_stage,
                advanced_on=advancement.on,
                completed_by=advancement.completed_by,
                criteria_version=document.version,
                explanation=[part.model_dump(mode="json") for part in event.explanation],
            ),
        )
        await outbox.record(session, event, subject=f"{roadmap_code}/{track}")
        logger.info(
            "track advanced",
            roadmap=roadmap_code,
            track=track,
            to_stage=advancement.to_stage,
            completed_by=advancement.completed_by,
        )
    if not advancements:
        return
    last = advancements[-1]
    order = {stage.code: stage.order for stage in document.stages}
    # Only a decision moves a track back (issue 5): a recomputation that lands earlier leaves it be.
    if order[last.to_stage] < order.get(record.current_stage, 0):
        return
    changed = (record.current_stage, record.since, record.since_after, record.criteria_version) != (
        last.to_stage,
        last.on,
        last.completed_by,
        document.version,
    )
    if changed:
        record.current_stage = last.to_stage
        record.since = last.on
        record.since_after = last.completed_by
        record.criteria_version = document.version
        record.version += 1
    await session.flush()


# --- Reads ------------------------------------------------------------------------------------------


async def document_of(session: AsyncSession, roadmap_code: str) -> CriteriaDocument:
    document = await repository.current_document(session, roadmap_code)
    if document is None:
        raise NotFound(f"no roadmap {roadmap_code!r}", field="code")
    return document


def summary(document: CriteriaDocument) -> RoadmapSummary:
    return RoadmapSummary(
        code=document.roadmap_code,
        criteria_version=document.version,
        stages=[StageRead(code=s.code, order=s.order, name=s.name) for s in document.ordered_stages()],
    )


async def roadmaps(session: AsyncSession) -> list[RoadmapSummary]:
    return [summary(document) for document in await repository.current_documents(session)]


async def progress(session: AsyncSession, roadmap_code: str, track: str | None = None) -> RoadmapRead:
    """Every track (or the one asked for) with its stage and, for the next stage, each criterion today."""
    document = await document_of(session, roadmap_code)
    scopes = track_scopes(document, await repository.known_issue_areas(session))
    if track is not None:
        scopes = [scope for scope in scopes if scope.code == track]
        if not scopes:
            raise NotFound(f"roadmap {roadmap_code!r} has no track {track!r}", field="track")
    records = await repository.tracks_of(session, roadmap_code)
    facts = await repository.all_facts(session)
    tracks = []
    for scope in scopes:
        record = records.get(scope.code)
        stage = record.current_stage if record is not None else document.first_stage()
        since = record.since if record is not None else None
        began = (
            StageStart(on=since, after_fact_id=record.since_after)
            if record is not None and since is not None
            else StageStart.beginning()
        )
        into = document.next_stage(stage)
        upcoming = None
        if into is not None and into in document.advancement:
            judged = evaluate(
                document, track=scope.code, into_stage=into, facts=facts, stage_began=began, today=today()
            )
            upcoming = NextStageRead(
                stage=into,
                met=judged.met,
                stage_began=judged.stage_began,
                criteria=explanation(judged.criterion),
            )
        tracks.append(
            TrackRead(
                track=scope.code,
                issue_areas=sorted(scope.issue_areas),
                untagged=scope.untagged,
                current_stage=stage,
                since=since,
                next=upcoming,
            )
        )
    return RoadmapRead(**summary(document).model_dump(), tracks=tracks)


async def stage_history(session: AsyncSession, roadmap_code: str) -> HistoryRead:
    await document_of(session, roadmap_code)
    rows = await repository.history(session, roadmap_code)
    return HistoryRead(
        roadmap_code=roadmap_code,
        items=[
            AdvancementRead(
                track=row.track,
                from_stage=row.from_stage,
                to_stage=row.to_stage,
                advanced_on=row.advanced_on,
                completed_by=row.completed_by,
                criteria_version=row.criteria_version,
                explanation=[CriterionExplanation.model_validate(part) for part in row.explanation],
            )
            for row in rows
        ],
    )
