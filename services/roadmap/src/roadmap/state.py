"""What the roadmap's events carry, from the evaluation core's results (roadmap.evaluation)."""

from __future__ import annotations

from common.contracts.roadmap import (
    CountedMeetingState,
    CriterionExplanation,
    EvidenceState,
    StageAdvanced,
)
from roadmap.evaluation import Advancement
from roadmap.measures import CriterionResult


def explanation(result: CriterionResult) -> list[CriterionExplanation]:
    """The criterion and, depth first, its parts: each with its target, value and evidence."""
    evidence = result.evidence
    own = CriterionExplanation(
        path=result.path,
        kind=result.kind,
        description=result.description,
        target=result.target,
        value=result.value,
        members_target=result.members_target,
        members_value=result.members_value,
        met=result.met,
        evidence=EvidenceState(
            meeting_ids=list(evidence.meeting_ids),
            outcome_ids=list(evidence.outcome_ids),
            expansion_ids=list(evidence.expansion_ids),
            member_codes=list(evidence.member_codes),
            meetings=[
                CountedMeetingState(
                    meeting_id=m.meeting_id, held_on=m.held_on, member_codes=list(m.member_codes)
                )
                for m in evidence.meetings
            ],
        ),
    )
    return [own] + [part for child in result.criteria for part in explanation(child)]


def stage_advanced(roadmap_code: str, advancement: Advancement) -> StageAdvanced:
    return StageAdvanced(
        roadmap_code=roadmap_code,
        track=advancement.track,
        from_stage=advancement.from_stage,
        to_stage=advancement.to_stage,
        advanced_on=advancement.on,
        completed_by=advancement.completed_by,
        criteria_version=advancement.evaluation.criteria_version,
        explanation=explanation(advancement.evaluation.criterion),
    )
