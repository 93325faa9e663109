"""Use cases: keep the facts of other services' events, settle the tracks they touch, read the tracks,
record decisions, adopt criteria versions, and answer what a meeting would change.

Every track is judged one way (`roadmap.domain.judge`): the consumer stores the judgement, the read API
answers it, the what-if asks it with one more fact. Each advancement not recorded yet appends to the
track's history and records a `stage_advanced` event through the outbox, in the caller's transaction.
Never commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, get_args

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.meetings import MeetingHeld, OutcomeType
from common.contracts.registry import IssueAreaState, MechanismState, MemberKind
from common.contracts.roadmap import (
    CriteriaVersionAdopted,
    CriterionExplanation,
    DecisionRecorded,
    StageAdvanced,
)
from common.errors import Conflict, NotFound, PreconditionRequired, RuleViolated
from common.http import check_if_match
from common.messaging.outbox import Outbox
from roadmap import domain, repository
from roadmap.criteria import (
    CriteriaDocument,
    CriteriaRefused,
    Problem,
    TrackScope,
    parse_document,
    track_scopes,
    validate_references,
)
from roadmap.domain import Judgement
from roadmap.evaluation import Evaluation
from roadmap.facts import AttendeeFact, Fact, HeldMeetingFact, OutcomeFact
from roadmap.models import CriteriaVersion, Decision, StageChange
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


def every_track(scope: TrackScope) -> bool:
    return True


async def record_held_meeting(session: AsyncSession, outbox: Outbox, data: MeetingHeld) -> None:
    await repository.store_held_meeting(session, data)
    fact = HeldMeetingFact.from_event(data)
    known = set(await repository.known_issue_areas(session))
    unknown = sorted(set(fact.issue_area_codes) - known)
    if unknown:
        # Kept as a fact all the same: once the registry announces the area, its track counts it.
        logger.warning("meeting held on issue areas not known", meeting_id=fact.meeting_id, unknown=unknown)
    await settle(session, outbox, lambda scope: domain.concerns(scope, fact))


async def mechanism_learnt(session: AsyncSession, outbox: Outbox, mechanism: MechanismState) -> None:
    """Once the copy keeps the mechanism's latest state (`roadmap.read_model`): its expansions are
    derived from every mechanism's memberships (a mechanism that expands another depends on the other's
    members too), so every track is settled again: mechanism events are rare."""
    await settle(session, outbox, every_track)


async def issue_area_learnt(session: AsyncSession, outbox: Outbox, area: IssueAreaState) -> None:
    # Facts on the area may have arrived before the area did, and an opened area gets its track now.
    await settle(session, outbox, lambda scope: area.code in scope.issue_areas)


async def settle(session: AsyncSession, outbox: Outbox, affected: ScopeTest) -> None:
    """Settles, in every roadmap, the tracks whose scope `affected` accepts."""
    documents = await repository.current_documents(session)
    if not documents:
        return
    areas = await repository.open_issue_areas(session)
    facts = await repository.all_facts(session)
    for document in documents:
        for scope in track_scopes(document, areas):
            if affected(scope):
                await settle_track(session, outbox, document, scope.code, facts)


async def settle_track(
    session: AsyncSession, outbox: Outbox, document: CriteriaDocument, track: str, facts: Sequence[Fact]
) -> Judgement:
    """Stores what `domain.judge` says of the track, records each advancement not recorded yet from the
    track's origin (announcing it), and corrects the recorded ones a late fact changed."""
    roadmap_code = document.roadmap_code
    record = await repository.locked_track(
        session, roadmap_code, track, first_stage=document.first_stage(), criteria_version=document.version
    )
    judgement = domain.judge(document, track, repository.position_of(record, document), facts, today())
    origin = judgement.position.origin.key
    recorded = await repository.recorded_advancements(session, roadmap_code, track, origin)
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
    await session.flush()
    return judgement


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
    tracks = []
    for scope in scopes:
        stored = repository.position_of(records.get(scope.code), document)
        judged = domain.judge(document, scope.code, stored, facts, day)
        position = judged.position
        tracks.append(
            TrackRead(
                track=scope.code,
                issue_areas=sorted(scope.issue_areas),
                untagged=scope.untagged,
                levels=sorted(scope.levels),
                current_stage=position.stage,
                since=None if position.since is None else position.since.on,
                held=position.held,
                next=next_stage(judged.next),
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


# --- Decisions (issue 5, item 4; issue 11, item 2) ----------------------------------------------------


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

    Every rule is judged as of `decided_on`, which may not lie in the future nor before the last change
    of the track the decision judges (`domain.check_decision_date`): the parties who must agree
    (`domain.consensus`), the track's stage, and for an opening the initiative's stage.
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
    from_stage = to_stage = None
    if command.kind == "open_issue_area":
        agreed_by = await _check_opening(session, document, command)
    else:
        agreed_by, from_stage, to_stage = await _apply_to_track(
            session, outbox, document, command, decision_id
        )
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
    logger.info("decision recorded", roadmap=roadmap_code, kind=command.kind, decision_id=decision_id)
    return decision


async def _agreed(session: AsyncSession, command: DecisionCreate) -> list[str]:
    return domain.consensus(command.agreed_by, await repository.parties(session), command.decided_on)


async def _apply_to_track(
    session: AsyncSession,
    outbox: Outbox,
    document: CriteriaDocument,
    command: DecisionCreate,
    decision_id: str,
) -> tuple[list[str], str, str]:
    track = command.track
    if not track:
        raise RuleViolated(f"a {command.kind} decision names its track", field="track")
    scopes = track_scopes(document, await repository.open_issue_areas(session))
    if track not in {scope.code for scope in scopes}:
        raise RuleViolated(f"roadmap {document.roadmap_code!r} has no track {track!r}", field="track")
    roadmap_code = document.roadmap_code
    domain.check_decision_date(
        command.decided_on,
        today=today(),
        last_change=await repository.last_change(session, roadmap_code, track),
        what=f"track {track!r}",
    )
    agreed_by = await _agreed(session, command)
    record = await repository.locked_track(
        session, roadmap_code, track, first_stage=document.first_stage(), criteria_version=document.version
    )
    stored = repository.position_of(record, document)
    position = domain.decided(
        document, track, stored, kind=command.kind, on=command.decided_on, decision_id=decision_id
    )
    repository.store_position(record, position, document.version)
    repository.add_stage_change(
        session,
        StageChange(
            roadmap_code=roadmap_code,
            track=track,
            from_stage=stored.stage,
            to_stage=position.stage,
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
    await session.flush()
    if command.kind != "hold":
        # Facts dated from the decision on may carry the track further at once.
        await settle_track(session, outbox, document, track, await repository.all_facts(session))
    return agreed_by, stored.stage, position.stage


async def _check_opening(
    session: AsyncSession, document: CriteriaDocument, command: DecisionCreate
) -> list[str]:
    """Opening a traditional issue area (the seed's "consensus-based agenda expansion"), allowed only:
    - for a traditional, locked area the roadmap knows (422 otherwise);
    - when the criteria in force say how one opens (`opening`: the track standing for the initiative as
      a whole and the stage it must have reached), and that track stands there on `decided_on` (409);
    - with every state participating on `decided_on` agreeing, and nobody else (`domain.consensus`).
    Locked areas have no track, so nothing but this decision concerns them.
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
    rule = document.opening
    if rule is None:
        raise Conflict(
            f"criteria version {document.version} does not say when an issue area opens (`opening`); "
            "adopt a version that does",
            field="issue_area_code",
        )
    roadmap_code = document.roadmap_code
    domain.check_decision_date(
        command.decided_on,
        today=today(),
        last_change=await repository.last_change(session, roadmap_code, rule.track),
        what=f"track {rule.track!r}",
    )
    records = await repository.tracks_of(session, roadmap_code)
    # No change of the track after `decided_on`: where it stands now is where it stood then.
    reached = repository.position_of(records.get(rule.track), document).stage
    if domain.stage_order(document, reached) < domain.stage_order(document, rule.stage):
        raise Conflict(
            f"track {rule.track!r} (the initiative as a whole) is at {reached!r} on {command.decided_on}; "
            f"an issue area opens only from the {rule.stage!r} stage",
            field="issue_area_code",
            stage=reached,
            required_stage=rule.stage,
        )
    return await _agreed(session, command)


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
    for scope in track_scopes(document, await repository.open_issue_areas(session)):
        judged = await settle_track(session, outbox, document, scope.code, facts)
        _record_adoption(session, document, judged, before.get(scope.code, document.first_stage()))
    await session.flush()
    await outbox.record(
        session,
        CriteriaVersionAdopted(
            roadmap_code=roadmap_code, version=version, document=stored, adopted_by=adopted_by
        ),
        subject=roadmap_code,
    )
    logger.info("criteria adopted", roadmap=roadmap_code, version=version)
    return CriteriaRead(roadmap_code=roadmap_code, version=version, document=stored)


def _record_adoption(
    session: AsyncSession, document: CriteriaDocument, judged: Judgement, from_stage: str
) -> None:
    """A history line for the track: where the new version leaves it, and its next stage judged today."""
    upcoming = next_stage(judged.next)
    repository.add_stage_change(
        session,
        StageChange(
            roadmap_code=document.roadmap_code,
            track=judged.track,
            from_stage=from_stage,
            to_stage=judged.position.stage,
            advanced_on=today(),
            completed_by=f"criteria@{document.version}",
            criteria_version=document.version,
            explanation=[] if upcoming is None else [c.model_dump(mode="json") for c in upcoming.criteria],
            kind="criteria_adopted",
            origin=f"criteria@{document.version}",
        ),
    )


# --- What-if (issue 5, item 5) -----------------------------------------------------------------------


def next_stage(judged: Evaluation | None) -> NextStageRead | None:
    """How the track stands against the criteria of the stage it would enter next, if there is one."""
    if judged is None:
        return None
    return NextStageRead(
        stage=judged.into_stage,
        met=judged.met,
        stage_began=judged.stage_began,
        criteria=explanation(judged.criterion),
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
    """What the tracks the meeting belongs to would reach if it were held: `domain.judge` over the facts
    kept and the hypothetical one, from each track's stored position; nothing is stored and no event is
    recorded."""
    document = await document_of(session, roadmap_code)
    fact = simulated_fact(meeting)
    facts: list[Fact] = [*await repository.all_facts(session), fact]
    records = await repository.tracks_of(session, roadmap_code)
    day = max(today(), meeting.held_on)
    answers = []
    for scope in track_scopes(document, await repository.open_issue_areas(session)):
        if not scope.covers(fact.issue_area_codes, fact.level):
            continue
        stored = repository.position_of(records.get(scope.code), document)
        judged = domain.judge(document, scope.code, stored, facts, day)
        current = domain.stage_order(document, stored.stage)
        ahead = [a for a in judged.advancements if domain.stage_order(document, a.to_stage) > current]
        answers.append(
            SimulatedTrack(
                track=scope.code,
                current_stage=stored.stage,
                would_reach=judged.position.stage,
                held=stored.held,
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
                next=next_stage(judged.next),
            )
        )
    return SimulationRead(
        roadmap_code=roadmap_code,
        criteria_version=document.version,
        simulated_meeting_id=fact.meeting_id,
        tracks=answers,
    )
