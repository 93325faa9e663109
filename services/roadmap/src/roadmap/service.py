"""Use cases: keep the facts of other services' events and re-evaluate the tracks they touch.

Re-evaluation runs `advance` from the track's first stage over every fact kept (roadmap.evaluation):
deterministic, so a re-delivered event never counts twice and the order events arrive in across topics
does not change the result. Each advancement not recorded yet updates the track, appends to its history
and records a `stage_advanced` event through the outbox, in the caller's transaction. Never commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, get_args

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.meetings import MeetingHeld, OutcomeType
from common.contracts.registry import (
    IssueAreaState,
    MechanismMembersAdded,
    MechanismState,
    MemberKind,
    MemberState,
)
from common.contracts.roadmap import (
    CriteriaVersionAdopted,
    CriterionExplanation,
    DecisionRecorded,
    StageAdvanced,
)
from common.errors import Conflict, NotFound, PreconditionRequired, RuleViolated
from common.http import check_if_match
from common.messaging.outbox import Outbox
from roadmap import repository
from roadmap.criteria import (
    CriteriaDocument,
    CriteriaRefused,
    Problem,
    TrackScope,
    parse_document,
    track_scopes,
    validate_references,
)
from roadmap.evaluation import (
    AttendeeFact,
    Fact,
    HeldMeetingFact,
    MechanismExpansionFact,
    OutcomeFact,
    StageStart,
    advance,
    evaluate,
)
from roadmap.models import CriteriaVersion, Decision, StageChange, TrackRecord
from roadmap.schemas import (
    AdvancementRead,
    CriteriaRead,
    DecisionCreate,
    DecisionList,
    DecisionRead,
    HistoryRead,
    NextStageRead,
    RoadmapRead,
    RoadmapSummary,
    SimulatedAdvancement,
    SimulatedMeeting,
    SimulatedTrack,
    SimulationRead,
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
    await reevaluate(session, outbox, lambda scope: scope.covers(fact.issue_area_codes, fact.level))


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


def _origin(document: CriteriaDocument, record: TrackRecord | None) -> tuple[str, StageStart | None, str]:
    """Where criteria count from: (stage, start, origin key) — the last advance / move_back decision's
    stage and date, or the first stage since the beginning."""
    codes = {stage.code for stage in document.stages}
    if record is None or record.origin_stage is None or record.origin_stage not in codes:
        return document.first_stage(), None, ""
    began = StageStart(on=record.origin_on) if record.origin_on is not None else None
    return record.origin_stage, began, record.origin_decision or ""


async def reevaluate_track(
    session: AsyncSession, outbox: Outbox, document: CriteriaDocument, track: str, facts: Iterable[Fact]
) -> None:
    """Runs `advance` from the track's origin (see `_origin`) over every fact; a held track stays put."""
    roadmap_code = document.roadmap_code
    first = document.first_stage()
    record = await repository.locked_track(
        session, roadmap_code, track, first_stage=first, criteria_version=document.version
    )
    if record.held:
        # A hold decision stops criteria moving the track until a later advance or move_back decision.
        return
    origin_stage, began, origin = _origin(document, record)
    advancements = advance(
        document, track=track, current_stage=origin_stage, facts=facts, today=today(), stage_began=began
    )
    recorded = await repository.recorded_advancements(session, roadmap_code, track, origin)
    for advancement in advancements:
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
        if stage not in {s.code for s in document.stages}:
            stage = document.first_stage()
        since = record.since if record is not None else None
        began = (
            StageStart(on=since, after_fact_id=record.since_after)
            if record is not None and since is not None
            else StageStart.beginning()
        )
        into = document.next_stage(stage)
        upcoming = next_stage(document, scope.code, into, facts, began, today())
        tracks.append(
            TrackRead(
                track=scope.code,
                issue_areas=sorted(scope.issue_areas),
                untagged=scope.untagged,
                levels=sorted(scope.levels),
                current_stage=stage,
                since=since,
                held=record.held if record is not None else False,
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
                kind=row.kind,
                decision_id=row.decision_id,
                justification=row.justification,
            )
            for row in rows
        ],
    )


# --- Members: who must agree to open an issue area ---------------------------------------------------


async def learn_member(session: AsyncSession, member: MemberState) -> None:
    history = [period.model_dump(mode="json") for period in member.status_history]
    await repository.learn_member(session, member.code, member.kind, history, member.version)


def _status_on(status_history: Sequence[dict[str, Any]], day: date) -> str | None:
    current = None
    for period in status_history:
        if date.fromisoformat(period["effective_from"]) <= day:
            current = period["status"]
    return current


async def participating_states(session: AsyncSession, on: date) -> list[str]:
    """States whose status in force on `on` is `participant`: the parties to a consensus."""
    members = await repository.members_of_kind(session, "state")
    return sorted(m.code for m in members if _status_on(m.status_history, on) == "participant")


# --- Decisions (issue 5, item 4) ---------------------------------------------------------------------


def decision_read(row: Decision) -> DecisionRead:
    return DecisionRead(
        id=row.id,
        roadmap_code=row.roadmap_code,
        kind=row.kind,
        track=row.track,
        issue_area_code=row.issue_area_code,
        agreed_by=row.agreed_by,
        justification=row.justification,
        decided_on=row.decided_on,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
    )


async def record_decision(
    session: AsyncSession, outbox: Outbox, roadmap_code: str, command: DecisionCreate, *, recorded_by: str
) -> Decision:
    """Records a consensus decision, applies it and announces `decision.recorded` (subject: its id).

    - advance / move_back: the track moves to the next / previous stage (409 at either end); criteria
      then count from that stage and the decision date (the track's new origin), so a track moved back
      is not pushed forward again by the facts that took it there, only by facts dated from the decision
      on. The decision is the track's history line; no `stage_advanced` event is recorded for it.
    - hold: the track stays where it is and criteria no longer advance it until a later advance or
      move_back decision.
    - open_issue_area: see `_check_opening`.
    """
    document = await document_of(session, roadmap_code)
    decision_id = str(uuid.uuid4())
    agreed_by = sorted(set(command.agreed_by))
    from_stage = to_stage = None
    if command.kind == "open_issue_area":
        await _check_opening(session, document, command, agreed_by)
    else:
        from_stage, to_stage = await _apply_to_track(session, document, command, decision_id)
    decision = Decision(
        id=decision_id,
        roadmap_code=roadmap_code,
        kind=command.kind,
        track=command.track if command.kind != "open_issue_area" else None,
        issue_area_code=command.issue_area_code if command.kind == "open_issue_area" else None,
        agreed_by=agreed_by,
        justification=command.justification,
        decided_on=command.decided_on,
        from_stage=from_stage,
        to_stage=to_stage,
        recorded_by=recorded_by,
    )
    repository.add_decision(session, decision)
    await outbox.record(
        session,
        DecisionRecorded(
            decision_id=decision_id,
            roadmap_code=roadmap_code,
            kind=command.kind,
            track=decision.track,
            issue_area_code=decision.issue_area_code,
            agreed_by=agreed_by,
            justification=command.justification,
            decided_on=command.decided_on,
        ),
        subject=decision_id,
    )
    await session.flush()
    if command.kind in ("advance", "move_back") and command.track is not None:
        # Facts dated from the decision on may carry the track further at once.
        facts = await repository.all_facts(session)
        await reevaluate_track(session, outbox, document, command.track, facts)
    logger.info("decision recorded", roadmap=roadmap_code, kind=command.kind, decision_id=decision_id)
    return decision


async def _apply_to_track(
    session: AsyncSession, document: CriteriaDocument, command: DecisionCreate, decision_id: str
) -> tuple[str, str]:
    if not command.track:
        raise RuleViolated(f"a {command.kind} decision names its track", field="track")
    codes = {scope.code for scope in track_scopes(document, await repository.known_issue_areas(session))}
    if command.track not in codes:
        raise RuleViolated(f"roadmap {document.roadmap_code!r} has no track {command.track!r}", field="track")
    record = await repository.locked_track(
        session,
        document.roadmap_code,
        command.track,
        first_stage=document.first_stage(),
        criteria_version=document.version,
    )
    stages = [stage.code for stage in document.ordered_stages()]
    current = record.current_stage if record.current_stage in stages else stages[0]
    position = stages.index(current)
    if command.kind == "advance":
        if position + 1 >= len(stages):
            raise Conflict(f"track {command.track!r} is at the last stage, {current!r}", field="kind")
        target = stages[position + 1]
    elif command.kind == "move_back":
        if position == 0:
            raise Conflict(f"track {command.track!r} is at the first stage, {current!r}", field="kind")
        target = stages[position - 1]
    else:
        target = current
    if command.kind == "hold":
        record.held = True
    else:
        record.held = False
        record.current_stage = target
        record.since = command.decided_on
        record.since_after = None
        record.origin_stage = target
        record.origin_on = command.decided_on
        record.origin_decision = decision_id
    record.version += 1
    repository.add_stage_change(
        session,
        StageChange(
            roadmap_code=document.roadmap_code,
            track=command.track,
            from_stage=current,
            to_stage=target,
            advanced_on=command.decided_on,
            completed_by=decision_id,
            criteria_version=document.version,
            explanation=[],
            kind="decision",
            origin=decision_id,
            decision_id=decision_id,
            justification=command.justification,
        ),
    )
    return current, target


async def _check_opening(
    session: AsyncSession, document: CriteriaDocument, command: DecisionCreate, agreed_by: list[str]
) -> None:
    """Opening a traditional issue area (the seed's "consensus-based approach"), allowed only:
    - for a traditional, locked area the roadmap knows (422 otherwise);
    - from the framework stage, the roadmap's last stage: the area's own track must be there or, for an
      area with no track (traditional areas are excluded from tracks until opened), the roadmap as a
      whole, i.e. the furthest stage any track reached (409 otherwise);
    - with every state whose status today is `participant` among `agreed_by` (409 naming the missing).
    """
    code = command.issue_area_code
    if not code:
        raise RuleViolated("an open_issue_area decision names the issue area", field="issue_area_code")
    area = await repository.issue_area(session, code)
    if area is None:
        raise RuleViolated(f"issue area {code!r} is not known to the roadmap", field="issue_area_code")
    if area.kind != "traditional" or area.open:
        raise RuleViolated(
            f"issue area {code!r} is not a locked traditional area (kind {area.kind}, open {area.open})",
            field="issue_area_code",
        )
    ordered = document.ordered_stages()
    framework = ordered[-1].code
    order = {stage.code: stage.order for stage in ordered}
    records = await repository.tracks_of(session, document.roadmap_code)
    codes = {scope.code for scope in track_scopes(document, await repository.known_issue_areas(session))}
    if code in codes:
        record = records.get(code)
        reached = record.current_stage if record is not None else ordered[0].code
        where = f"track {code!r}"
    else:
        reached = max(
            (r.current_stage for r in records.values() if r.current_stage in order),
            key=lambda stage: order[stage],
            default=ordered[0].code,
        )
        where = f"roadmap {document.roadmap_code!r} (its furthest track)"
    if reached != framework:
        raise Conflict(
            f"{where} is at {reached!r}; an issue area opens only from the {framework!r} stage",
            field="issue_area_code",
            stage=reached,
            required_stage=framework,
        )
    missing = sorted(set(await participating_states(session, command.decided_on)) - set(agreed_by))
    if missing:
        raise Conflict(
            f"every participating state must agree; missing: {', '.join(missing)}",
            field="agreed_by",
            missing=missing,
        )


async def decisions(session: AsyncSession, roadmap_code: str) -> DecisionList:
    await document_of(session, roadmap_code)
    return DecisionList(
        items=[decision_read(row) for row in await repository.decisions(session, roadmap_code)]
    )


# --- Criteria versions (issue 5, items 2 and 8) ------------------------------------------------------


async def criteria(session: AsyncSession, roadmap_code: str) -> CriteriaRead:
    row = await repository.criteria_version(session, roadmap_code)
    if row is None:
        raise NotFound(f"no roadmap {roadmap_code!r}", field="code")
    return CriteriaRead(roadmap_code=roadmap_code, version=row.version, document=row.document)


def _refuse(problems: Sequence[Problem]) -> RuleViolated:
    first = problems[0]
    return RuleViolated(
        f"the criteria document is refused: {first.path}: {first.message}",
        field=first.path,
        errors=[{"field": problem.path, "message": problem.message} for problem in problems],
    )


async def adopt_criteria(
    session: AsyncSession,
    outbox: Outbox,
    roadmap_code: str,
    raw: dict[str, Any],
    *,
    if_match: str | None,
    adopted_by: str,
) -> CriteriaRead:
    """Adopts a new criteria version (the one in force + 1; the body's `version` is ignored) and
    re-evaluates every track under it, over all facts.

    Each track gets a `criteria_adopted` history line naming the version, with the judgement of its
    next stage; advancements are recorded and announced as usual. A track further on than the new
    criteria would put it stays where it is: only a decision moves a track back.
    """
    if if_match is None:
        raise PreconditionRequired("send If-Match with the criteria version you read", field="If-Match")
    current = await repository.criteria_version(session, roadmap_code)
    if current is None:
        raise NotFound(f"no roadmap {roadmap_code!r}", field="code")
    check_if_match(if_match, current.version)
    version = current.version + 1
    try:
        document = parse_document({**raw, "version": version})
    except CriteriaRefused as refused:
        raise _refuse(refused.problems) from refused
    known = await repository.known_issue_areas(session)
    problems = []
    if document.roadmap_code != roadmap_code:
        problems.append(Problem("roadmap_code", f"the document is for {document.roadmap_code!r}"))
    problems += validate_references(
        document,
        known,
        await repository.known_mechanisms(session),
        get_args(MemberKind),
        get_args(OutcomeType),
    )
    if problems:
        raise _refuse(problems)
    stored = document.model_dump(mode="json")
    repository.add_criteria_version(
        session, CriteriaVersion(roadmap_code=roadmap_code, version=version, document=stored)
    )
    await session.flush()
    before = {
        track: r.current_stage for track, r in (await repository.tracks_of(session, roadmap_code)).items()
    }
    facts = await repository.all_facts(session)
    for scope in track_scopes(document, known):
        await reevaluate_track(session, outbox, document, scope.code, facts)
    await _record_adoption(session, document, before, facts)
    await outbox.record(
        session,
        CriteriaVersionAdopted(
            roadmap_code=roadmap_code, version=version, document=stored, adopted_by=adopted_by
        ),
        subject=roadmap_code,
    )
    logger.info("criteria adopted", roadmap=roadmap_code, version=version)
    return CriteriaRead(roadmap_code=roadmap_code, version=version, document=stored)


async def _record_adoption(
    session: AsyncSession, document: CriteriaDocument, before: dict[str, str], facts: list[Fact]
) -> None:
    """One history line per track: where the new version leaves it, and its next stage judged today."""
    progress_now = await progress(session, document.roadmap_code)
    for track in progress_now.tracks:
        record = await repository.locked_track(
            session,
            document.roadmap_code,
            track.track,
            first_stage=document.first_stage(),
            criteria_version=document.version,
        )
        if record.criteria_version != document.version:
            record.criteria_version = document.version
            record.version += 1
        repository.add_stage_change(
            session,
            StageChange(
                roadmap_code=document.roadmap_code,
                track=track.track,
                from_stage=before.get(track.track, document.first_stage()),
                to_stage=track.current_stage,
                advanced_on=today(),
                completed_by=f"criteria@{document.version}",
                criteria_version=document.version,
                explanation=[]
                if track.next is None
                else [c.model_dump(mode="json") for c in track.next.criteria],
                kind="criteria_adopted",
                origin=f"criteria@{document.version}",
            ),
        )
    await session.flush()


# --- What-if (issue 5, item 5) -----------------------------------------------------------------------


def next_stage(
    document: CriteriaDocument,
    track: str,
    into: str | None,
    facts: Sequence[Fact],
    began: StageStart,
    day: date,
) -> NextStageRead | None:
    """How the track stands against the criteria of the stage it would enter next, if there is one."""
    if into is None or into not in document.advancement:
        return None
    judged = evaluate(document, track=track, into_stage=into, facts=facts, stage_began=began, today=day)
    return NextStageRead(
        stage=into, met=judged.met, stage_began=judged.stage_began, criteria=explanation(judged.criterion)
    )


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


async def simulate(session: AsyncSession, roadmap_code: str, meeting: SimulatedMeeting) -> SimulationRead:
    """What the tracks the meeting belongs to would reach if it were held: computed from the facts kept
    and the hypothetical one, purely; nothing is stored and no event is recorded."""
    document = await document_of(session, roadmap_code)
    fact = simulated_fact(meeting)
    facts: list[Fact] = [*await repository.all_facts(session), fact]
    records = await repository.tracks_of(session, roadmap_code)
    order = {stage.code: stage.order for stage in document.stages}
    day = max(today(), meeting.held_on)
    answers = []
    for scope in track_scopes(document, await repository.known_issue_areas(session)):
        if not scope.covers(fact.issue_area_codes, fact.level):
            continue
        record = records.get(scope.code)
        current = record.current_stage if record is not None and record.current_stage in order else None
        current = current or document.first_stage()
        held = record.held if record is not None else False
        origin_stage, began, _ = _origin(document, record)
        advancements = (
            []
            if held
            else advance(
                document,
                track=scope.code,
                current_stage=origin_stage,
                facts=facts,
                today=day,
                stage_began=began,
            )
        )
        ahead = [a for a in advancements if order[a.to_stage] > order[current]]
        would_reach = ahead[-1].to_stage if ahead else current
        if ahead:
            start = StageStart(on=ahead[-1].on, after_fact_id=ahead[-1].completed_by)
        elif record is not None and record.since is not None:
            start = StageStart(on=record.since, after_fact_id=record.since_after)
        else:
            start = StageStart.beginning()
        into = document.next_stage(would_reach)
        upcoming = next_stage(document, scope.code, into, facts, start, day)
        answers.append(
            SimulatedTrack(
                track=scope.code,
                current_stage=current,
                would_reach=would_reach,
                held=held,
                advancements=[
                    SimulatedAdvancement(
                        from_stage=a.from_stage,
                        to_stage=a.to_stage,
                        on=a.on,
                        completed_by=a.completed_by,
                        criteria=explanation(a.evaluation.criterion),
                    )
                    for a in ahead
                ],
                next=upcoming,
            )
        )
    return SimulationRead(
        roadmap_code=roadmap_code,
        criteria_version=document.version,
        simulated_meeting_id=fact.meeting_id,
        tracks=answers,
    )
