"""Use cases of decisions (issue 5, item 4; issue 11, item 2): record a consensus decision, apply it to
its track or open its issue area, announce it; list them. Never commits."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.roadmap import DecisionRecorded
from common.errors import RuleViolated
from common.messaging.outbox import Outbox
from roadmap.criteria.document import CriteriaDocument, track_scopes
from roadmap.decisions import domain, repository
from roadmap.decisions.schemas import DecisionCreate
from roadmap.models import Decision, StageChange
from roadmap.tracks import repository as tracks_repository
from roadmap.tracks import service as tracks

logger = log.get_logger(__name__)


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
    document = await tracks.document_of(session, roadmap_code)
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
    scopes = track_scopes(document, await tracks_repository.open_issue_areas(session))
    if track not in {scope.code for scope in scopes}:
        raise RuleViolated(f"roadmap {document.roadmap_code!r} has no track {track!r}", field="track")
    roadmap_code = document.roadmap_code
    domain.check_decision_date(
        command.decided_on,
        today=tracks.today(),
        last_change=await tracks_repository.last_change(session, roadmap_code, track),
        what=f"track {track!r}",
    )
    agreed_by = await _agreed(session, command)
    record = await tracks_repository.locked_track(
        session, roadmap_code, track, first_stage=document.first_stage(), criteria_version=document.version
    )
    stored = tracks_repository.position_of(record, document)
    position = domain.decided(
        document, track, stored, kind=command.kind, on=command.decided_on, decision_id=decision_id
    )
    tracks_repository.store_position(record, position, document.version)
    tracks_repository.add_stage_change(
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
        facts = await tracks_repository.all_facts(session)
        await tracks.settle_track(session, outbox, document, track, facts)
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
    rule = domain.opening_rule(document, code, await repository.issue_area(session, code))
    roadmap_code = document.roadmap_code
    domain.check_decision_date(
        command.decided_on,
        today=tracks.today(),
        last_change=await tracks_repository.last_change(session, roadmap_code, rule.track),
        what=f"track {rule.track!r}",
    )
    records = await tracks_repository.tracks_of(session, roadmap_code)
    # No change of the track after `decided_on`: where it stands now is where it stood then.
    reached = tracks_repository.position_of(records.get(rule.track), document).stage
    domain.check_opening_stage(document, rule, reached, command.decided_on)
    return await _agreed(session, command)


async def decisions(session: AsyncSession, roadmap_code: str) -> list[Decision]:
    await tracks.document_of(session, roadmap_code)
    return await repository.decisions(session, roadmap_code)
