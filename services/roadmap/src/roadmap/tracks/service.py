"""Use cases of the tracks: settle them as facts arrive, and answer where they stand, their history and
what a meeting would change.

Every track is judged one way (`roadmap.tracks.domain.judge`): `settle_track` stores the judgement (for
the consumer, a decision and a criteria adoption alike), the reads answer it from the stored position,
the what-if asks it with one more fact (`domain.what_if`). Each advancement not recorded yet appends to
the track's history and records a `stage_advanced` event through the outbox, in the caller's
transaction. Never commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common import metrics
from common.contracts.roadmap import StageAdvanced
from common.errors import NotFound
from common.messaging.outbox import Outbox
from roadmap.criteria import repository as criteria_repository
from roadmap.criteria.document import CriteriaDocument, TrackScope, track_scopes
from roadmap.evaluation import longest_rolling_window
from roadmap.facts import AttendeeFact, Fact, HeldMeetingFact, OutcomeFact
from roadmap.facts import position as facts_position
from roadmap.models import StageChange, TrackRecord
from roadmap.state import stage_advanced
from roadmap.tracks import domain, repository
from roadmap.tracks.domain import Judgement, Position, WhatIf
from roadmap.tracks.schemas import SimulatedMeeting

logger = log.get_logger(__name__)

ScopeTest = Callable[[TrackScope], bool]


def today() -> date:
    return datetime.now(UTC).date()


def every_track(scope: TrackScope) -> bool:
    return True


# --- Settling ----------------------------------------------------------------------------------------


async def settle(
    session: AsyncSession, outbox: Outbox, affected: ScopeTest, new: Sequence[HeldMeetingFact] = ()
) -> None:
    """Settles, in every roadmap, the tracks whose scope `affected` accepts.

    `new`: held meetings that no version of was kept before this transaction, and the only facts it
    added. A track judged today that they all come after where its stage began is judged on from there
    (`domain.judge_onwards`), over the facts its criteria's windows hold: what it costs depends on
    those, not on the history. A track judged today at a stage no criterion moves on from is judged
    from its origin over the facts up to where that stage began (`_up_to_its_stage`), whenever the new
    meetings were held. Any other track is judged from its origin over every fact."""
    documents = await criteria_repository.current_documents(session)
    if not documents:
        return
    areas = await repository.open_issue_areas(session)
    tracks = [
        (document, scope)
        for document in documents
        for scope in track_scopes(document, areas)
        if affected(scope)
    ]
    # Every track is locked before any fact is read: a meeting another transaction settled in one of
    # them is then among the facts, and the stored position a later judgement starts from saw it.
    locked = [(document, scope, await _locked(session, document, scope.code)) for document, scope in tracks]
    facts: list[Fact] | None = None
    for document, scope, record in locked:
        position = repository.position_of(record, document)
        day = today()
        judgement = await _onwards(session, document, scope, record, position, new, day)
        if judgement is None:
            judgement = await _up_to_its_stage(session, document, scope, record, position, new, day)
        if judgement is None:
            if facts is None:
                # The facts of the tracks settled, not of every track.
                facts = await repository.facts_of(session, [scope for _, scope in tracks])
            judgement = await _judged(session, document, scope.code, position, facts, day)
        await _store(session, outbox, document, record, judgement, day)


async def settle_track(
    session: AsyncSession, outbox: Outbox, document: CriteriaDocument, track: str, facts: Sequence[Fact]
) -> Judgement:
    """Stores what `domain.judge` says of the track, records each advancement not recorded yet from the
    track's origin (announcing it), and corrects the recorded ones a late fact changed.

    `facts` hold at least the track's own (`repository.facts_of`)."""
    record = await _locked(session, document, track)
    position = repository.position_of(record, document)
    day = today()
    judgement = await _judged(session, document, track, position, facts, day)
    # The callers read the facts before locking the track: a meeting settled meanwhile may be missing,
    # so the next meeting judges the track from its origin rather than on from here.
    await _store(session, outbox, document, record, judgement, None)
    return judgement


async def _locked(session: AsyncSession, document: CriteriaDocument, track: str) -> TrackRecord:
    return await repository.locked_track(
        session,
        document.roadmap_code,
        track,
        first_stage=document.first_stage(),
        criteria_version=document.version,
    )


async def _judged(
    session: AsyncSession,
    document: CriteriaDocument,
    track: str,
    position: Position,
    facts: Sequence[Fact],
    day: date,
) -> Judgement:
    """`domain.judge` over `facts` and the first fact after each start the judgement walks from, so
    the judgement is the one over every fact."""
    starts = [start for start in (position.origin.start, position.since) if start is not None]
    facts = [*facts, *await repository.facts_from(session, starts, day)]
    # The judgement alone: the queries around it are timed by their own spans.
    with metrics.roadmap_evaluation_duration.time():
        return domain.judge(document, track, position, facts, day)


def _judged_today(record: TrackRecord, document: CriteriaDocument, day: date) -> bool:
    """Whether the track's stored position is what `judge` answered on `day` under this criteria version
    (over every fact but those this transaction adds): what a judgement over fewer facts builds on."""
    return record.judged_on == day and record.criteria_version == document.version


async def _onwards(
    session: AsyncSession,
    document: CriteriaDocument,
    scope: TrackScope,
    record: TrackRecord,
    position: Position,
    new: Sequence[HeldMeetingFact],
    day: date,
) -> Judgement | None:
    """`domain.judge_onwards` when it answers what `judge` would (see `settle`); None otherwise."""
    own = [fact for fact in new if domain.concerns(scope, fact) and fact.on <= day]
    since = position.since
    if (
        not own
        # Where the stage began is a fact, the first a judgement from there looks at, before any new one.
        or since is None
        or since.after_fact_id is None
        or not _judged_today(record, document, day)
        or any(not since.precedes(fact) for fact in new)
    ):
        return None
    judged_before = min(facts_position(fact) for fact in own)
    if document.next_stage(position.stage) not in document.advancement:
        # Only a decision moves it on: no fact can.
        return domain.Judgement(track=scope.code, position=position, advancements=(), next=None)
    reach = longest_rolling_window(document)
    held_from = since.on if reach is None else min(since.on, judged_before[0] - timedelta(days=reach))
    facts = await repository.facts_of(session, [scope], held_from=held_from)
    with metrics.roadmap_evaluation_duration.time():
        return domain.judge_onwards(document, scope.code, position, facts, day, judged_before)


async def _up_to_its_stage(
    session: AsyncSession,
    document: CriteriaDocument,
    scope: TrackScope,
    record: TrackRecord,
    position: Position,
    new: Sequence[HeldMeetingFact],
    day: date,
) -> Judgement | None:
    """`_judged` over the facts up to where the track's stage began, when that is what it would answer
    over every fact (see `settle`); None otherwise.

    Facts only added can only complete each stage earlier (every criterion counts "at least"), so from
    its origin the track reaches its stored stage again, at the latest where that stage began: every
    prefix judged on the way ends there. A meeting held before then may change which meeting completed
    each stage (the history is corrected); no fact after it can change anything while no criterion
    leads on from the stage. So a late meeting costs the facts of the track's way to its stage, not
    the ones it gathered since."""
    since = position.since
    if (
        not new
        or since is None
        or position.held
        or not _judged_today(record, document, day)
        or document.next_stage(position.stage) in document.advancement
    ):
        return None
    facts = await repository.facts_of(session, [scope], held_until=since.on)
    return await _judged(session, document, scope.code, position, facts, day)


async def _store(
    session: AsyncSession,
    outbox: Outbox,
    document: CriteriaDocument,
    record: TrackRecord,
    judgement: Judgement,
    judged_on: date | None,
) -> None:
    roadmap_code, track = document.roadmap_code, record.track
    origin = judgement.position.origin.key
    # Only lines the judgement names are corrected: with none, their explanations (whose evidence grows
    # with the history in the criteria's windows) need not be read.
    recorded = (
        await repository.recorded_advancements(session, roadmap_code, track, origin)
        if judgement.advancements
        else {}
    )
    for advancement in judgement.advancements:
        event = stage_advanced(roadmap_code, advancement)
        line = recorded.get(advancement.to_stage)
        if line is not None:
            _correct(line, event)
            continue
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
                kind="advanced",
                origin=origin,
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
    repository.store_position(record, judgement.position, document.version)
    # Not a change of the track (its version stays): what the next judgement may take for known.
    record.judged_on = judged_on
    await session.flush()


def _correct(line: StageChange, event: StageAdvanced) -> None:
    """Brings a recorded advancement in line with what all the facts say now.

    A fact dated earlier than the one that completed a stage can arrive later (topics are not ordered
    against each other): the stage was then reached earlier, by other evidence. The history shows what
    every order of arrival shows; the announcement already sent stays as it was (the stage is the same),
    and the log says what changed.
    """
    explained = [part.model_dump(mode="json") for part in event.explanation]
    now = (event.from_stage, event.advanced_on, event.completed_by, explained)
    if (line.from_stage, line.advanced_on, line.completed_by, line.explanation) == now:
        return
    logger.info(
        "stage history corrected by a late fact",
        track=line.track,
        to_stage=line.to_stage,
        was=(line.advanced_on.isoformat(), line.completed_by),
        now=(event.advanced_on.isoformat(), event.completed_by),
    )
    line.from_stage, line.advanced_on, line.completed_by, line.explanation = now


# --- Reads -------------------------------------------------------------------------------------------


async def document_of(session: AsyncSession, roadmap_code: str) -> CriteriaDocument:
    """The criteria in force of the roadmap, which say its stages and tracks; 404 for no such roadmap."""
    document = await criteria_repository.current_document(session, roadmap_code)
    if document is None:
        raise NotFound(f"no roadmap {roadmap_code!r}", field="code")
    return document


async def roadmaps(session: AsyncSession) -> list[CriteriaDocument]:
    return await criteria_repository.current_documents(session)


@dataclass(frozen=True)
class Standing:
    """A track's scope and what `domain.judge` says of it."""

    scope: TrackScope
    judgement: Judgement


@dataclass(frozen=True)
class Progress:
    document: CriteriaDocument
    tracks: list[Standing]


async def progress(session: AsyncSession, roadmap_code: str, track: str | None = None) -> Progress:
    """Every track (or the one asked for) as `domain.judge` sees it from its stored position today: its
    stage and, for the next stage, each criterion's value, target and evidence."""
    document = await document_of(session, roadmap_code)
    scopes = track_scopes(document, await repository.open_issue_areas(session))
    if track is not None:
        scopes = [scope for scope in scopes if scope.code == track]
        if not scopes:
            raise NotFound(f"roadmap {roadmap_code!r} has no track {track!r}", field="track")
    records = await repository.tracks_of(session, roadmap_code)
    facts = await repository.all_facts(session)
    day = today()
    standings = []
    for scope in scopes:
        stored = repository.position_of(records.get(scope.code), document)
        standings.append(Standing(scope, domain.judge(document, scope.code, stored, facts, day)))
    return Progress(document, standings)


async def stage_history(session: AsyncSession, roadmap_code: str) -> list[StageChange]:
    await document_of(session, roadmap_code)
    return await repository.history(session, roadmap_code)


# --- What-if (issue 5, item 5) -----------------------------------------------------------------------


def simulated_fact(meeting: SimulatedMeeting) -> HeldMeetingFact:
    meeting_id = f"simulated:{uuid.uuid4()}"
    return HeldMeetingFact.normalised(
        meeting_id=meeting_id,
        held_on=meeting.held_on,
        issue_area_codes=meeting.issue_area_codes,
        track=meeting.track,
        level=meeting.level,
        mechanism_code=meeting.mechanism_code,
        attendees=(
            AttendeeFact(a.member_code, a.kind, a.status_on_meeting_date, a.role) for a in meeting.attendees
        ),
        outcomes=(
            OutcomeFact(f"{meeting_id}/outcomes[{index}]", o.type, tuple(o.member_codes))
            for index, o in enumerate(meeting.outcomes)
        ),
    )


@dataclass(frozen=True)
class Simulation:
    document: CriteriaDocument
    meeting: HeldMeetingFact
    tracks: list[WhatIf]


async def simulate(session: AsyncSession, roadmap_code: str, meeting: SimulatedMeeting) -> Simulation:
    """What the tracks the meeting belongs to would reach if it were held (`domain.what_if`), over the
    facts kept, from each track's stored position; nothing is stored and no event is recorded."""
    document = await document_of(session, roadmap_code)
    fact = simulated_fact(meeting)
    facts = await repository.all_facts(session)
    records = await repository.tracks_of(session, roadmap_code)
    stored = {track: repository.position_of(record, document) for track, record in records.items()}
    scopes = track_scopes(document, await repository.open_issue_areas(session))
    day = max(today(), meeting.held_on)
    return Simulation(document, fact, domain.what_if(document, scopes, stored, facts, fact, day))
