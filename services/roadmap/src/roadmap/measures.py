"""One criterion judged over the facts in a track's scope: what each kind of criterion counts
(meetings held, distinct participants, outcomes, regularity, mechanism expansions), the evidence behind
the count, and the words that describe it. `roadmap.evaluation` walks stages with it.

Who counts (issue 5): observers, and members not in good standing on the meeting date, never count
where a criterion counts members (`roadmap.facts.AttendeeFact.counts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from roadmap.criteria.document import (
    GOOD_STANDING_STATUSES,
    AllOf,
    AnyOf,
    Criterion,
    DistinctParticipants,
    MechanismExpansion,
    MeetingFilter,
    MeetingsHeld,
    Outcomes,
    Regularity,
    TrackScope,
    Window,
)
from roadmap.facts import Fact, HeldMeetingFact, MechanismExpansionFact, StageStart

# --- Results -------------------------------------------------------------------------------------


class Result(BaseModel):
    """Results are values: never changed once made, equal when their contents are."""

    model_config = ConfigDict(frozen=True)


class CountedMeeting(Result):
    """A meeting that counts, with the members whose attendance (or support) made it count."""

    meeting_id: str
    held_on: date
    member_codes: tuple[str, ...]


class Evidence(Result):
    """What counts: ids of meetings, outcomes and mechanism expansions, and the members behind them;
    `meetings` names, for each counted meeting, the members that made it count."""

    meeting_ids: tuple[str, ...] = ()
    outcome_ids: tuple[str, ...] = ()
    expansion_ids: tuple[str, ...] = ()
    member_codes: tuple[str, ...] = ()
    meetings: tuple[CountedMeeting, ...] = ()

    @classmethod
    def of_meetings(cls, counted: Iterable[CountedMeeting], **others: tuple[str, ...]) -> Evidence:
        meetings = tuple(sorted(counted, key=lambda m: (m.held_on, m.meeting_id)))
        return cls(meeting_ids=tuple(sorted(m.meeting_id for m in meetings)), meetings=meetings, **others)

    @classmethod
    def union(cls, parts: Iterable[Evidence]) -> Evidence:
        parts = list(parts)
        merged: dict[str, CountedMeeting] = {}
        for meeting in (m for p in parts for m in p.meetings):
            kept = merged.get(meeting.meeting_id)
            codes = set(meeting.member_codes) | (set(kept.member_codes) if kept else set())
            merged[meeting.meeting_id] = meeting.model_copy(update={"member_codes": tuple(sorted(codes))})
        return cls(
            meeting_ids=tuple(sorted({i for p in parts for i in p.meeting_ids})),
            outcome_ids=tuple(sorted({i for p in parts for i in p.outcome_ids})),
            expansion_ids=tuple(sorted({i for p in parts for i in p.expansion_ids})),
            member_codes=tuple(sorted({i for p in parts for i in p.member_codes})),
            meetings=tuple(sorted(merged.values(), key=lambda m: (m.held_on, m.meeting_id))),
        )


class CriterionResult(Result):
    """One criterion judged: `value` against `target`; for all_of / any_of, how many parts are met.

    Outcomes also measure the distinct members behind them (`members_value` against `members_target`).
    """

    path: str
    kind: str
    description: str
    target: int
    value: int
    members_target: int | None = None
    members_value: int | None = None
    met: bool
    evidence: Evidence
    criteria: tuple[CriterionResult, ...] = ()


# --- Measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    """The facts a criterion is judged on: those of the track's scope known on `today`, a stage
    having begun at `stage_began`."""

    scope: TrackScope
    facts: Sequence[Fact]
    stage_began: StageStart
    today: date

    def criterion(self, criterion: Criterion, path: str) -> CriterionResult:
        if isinstance(criterion, AllOf | AnyOf):
            return self._combined(criterion, path)
        if isinstance(criterion, MeetingsHeld):
            return self._meetings_held(criterion, path)
        if isinstance(criterion, DistinctParticipants):
            return self._distinct_participants(criterion, path)
        if isinstance(criterion, Outcomes):
            return self._outcomes(criterion, path)
        if isinstance(criterion, Regularity):
            return self._regularity(criterion, path)
        return self._mechanism_expansion(criterion, path)

    def _combined(self, criterion: AllOf | AnyOf, path: str) -> CriterionResult:
        parts = tuple(
            self.criterion(child, f"{path}.criteria[{i}]") for i, child in enumerate(criterion.criteria)
        )
        met_parts = [part for part in parts if part.met]
        if isinstance(criterion, AllOf):
            met, target = len(met_parts) == len(parts), len(parts)
            description = f"all of {len(parts)} criteria"
            evidence = Evidence.union(part.evidence for part in parts)
        else:
            met, target = bool(met_parts), 1
            description = f"any of {len(parts)} criteria"
            # What counts is what met; while nothing does, show everything gathered so far.
            evidence = Evidence.union(part.evidence for part in (met_parts or parts))
        return CriterionResult(
            path=path,
            kind=criterion.kind,
            description=description,
            target=target,
            value=len(met_parts),
            met=met,
            evidence=evidence,
            criteria=parts,
        )

    def _in_window(self, fact: Fact, window: Window) -> bool:
        if window == "since_stage_began":
            return self.stage_began.precedes(fact)
        return self.today - timedelta(days=window.rolling.days) < fact.on <= self.today

    def _meetings(self, meeting_filter: MeetingFilter, window: Window) -> list[HeldMeetingFact]:
        return [
            fact
            for fact in self.facts
            if isinstance(fact, HeldMeetingFact)
            and self.scope.covers(fact.issue_area_codes, fact.level)
            and self._in_window(fact, window)
            and _matches(fact, meeting_filter)
        ]

    def _meetings_held(self, criterion: MeetingsHeld, path: str) -> CriterionResult:
        meetings = self._meetings(criterion.filter, criterion.window)
        return CriterionResult(
            path=path,
            kind=criterion.kind,
            description=(
                f"at least {criterion.count} held meeting(s){_describe(criterion.filter, criterion.window)}"
            ),
            target=criterion.count,
            value=len(meetings),
            met=len(meetings) >= criterion.count,
            evidence=Evidence.of_meetings(_attended(m, criterion.filter) for m in meetings),
        )

    def _distinct_participants(self, criterion: DistinctParticipants, path: str) -> CriterionResult:
        meetings: list[CountedMeeting] = []
        members: set[str] = set()
        for meeting in self._meetings(criterion.filter, criterion.window):
            counted = _counted(meeting, criterion.member_kind, criterion.statuses)
            if counted:
                meetings.append(_counted_meeting(meeting, counted))
                members |= counted
        kind = criterion.member_kind or "member"
        return CriterionResult(
            path=path,
            kind=criterion.kind,
            description=(
                f"at least {criterion.count} distinct {kind}(s) in good standing attended"
                f"{_describe(criterion.filter, criterion.window)}"
            ),
            target=criterion.count,
            value=len(members),
            met=len(members) >= criterion.count,
            evidence=Evidence.of_meetings(meetings, member_codes=tuple(sorted(members))),
        )

    def _outcomes(self, criterion: Outcomes, path: str) -> CriterionResult:
        meetings: list[CountedMeeting] = []
        outcomes: list[str] = []
        members: set[str] = set()
        for meeting in self._meetings(criterion.filter, criterion.window):
            standing = _counted(meeting, criterion.member_kind, criterion.statuses)
            behind_meeting: set[str] = set()
            for outcome in meeting.outcomes:
                behind = standing & set(outcome.member_codes)
                if outcome.type in criterion.types and behind:
                    outcomes.append(outcome.id)
                    behind_meeting |= behind
            if behind_meeting:
                meetings.append(_counted_meeting(meeting, behind_meeting))
                members |= behind_meeting
        met = len(outcomes) >= criterion.count and len(members) >= criterion.distinct_members
        return CriterionResult(
            path=path,
            kind=criterion.kind,
            description=(
                f"at least {criterion.count} outcome(s) of type {', '.join(criterion.types)} from at least "
                f"{criterion.distinct_members} distinct member(s) in good standing"
                f"{_describe(criterion.filter, criterion.window)}"
            ),
            target=criterion.count,
            value=len(outcomes),
            members_target=criterion.distinct_members,
            members_value=len(members),
            met=met,
            evidence=Evidence.of_meetings(
                meetings, outcome_ids=tuple(sorted(outcomes)), member_codes=tuple(sorted(members))
            ),
        )

    def _regularity(self, criterion: Regularity, path: str) -> CriterionResult:
        meetings = self._meetings(criterion.filter, criterion.window)
        periods = {_period(m.held_on, criterion.periods) for m in meetings}
        return CriterionResult(
            path=path,
            kind=criterion.kind,
            description=(
                f"matching meetings held in at least {criterion.count} distinct {criterion.periods}s"
                f"{_describe(criterion.filter, criterion.window)}"
            ),
            target=criterion.count,
            value=len(periods),
            met=len(periods) >= criterion.count,
            evidence=Evidence.of_meetings(_attended(m, criterion.filter) for m in meetings),
        )

    def _mechanism_expansion(self, criterion: MechanismExpansion, path: str) -> CriterionResult:
        expansions = [
            fact
            for fact in self.facts
            if isinstance(fact, MechanismExpansionFact)
            and self.scope.covers_mechanism(fact.agenda)
            and (not criterion.mechanism_codes or fact.mechanism_code in criterion.mechanism_codes)
            and self._in_window(fact, criterion.window)
        ]
        added = {(fact.mechanism_code, member) for fact in expansions for member in fact.added_member_codes}
        mechanisms = ", ".join(criterion.mechanism_codes) or "a mechanism of the track"
        window = _describe_window(criterion.window)
        return CriterionResult(
            path=path,
            kind=criterion.kind,
            description=f"{mechanisms} gained at least {criterion.count} member(s){window}",
            target=criterion.count,
            value=len(added),
            met=len(added) >= criterion.count,
            evidence=Evidence(
                expansion_ids=tuple(sorted(fact.id for fact in expansions)),
                member_codes=tuple(sorted({member for _, member in added})),
            ),
        )


def _matches(meeting: HeldMeetingFact, meeting_filter: MeetingFilter) -> bool:
    if meeting_filter.issue_areas and not set(meeting_filter.issue_areas) & set(meeting.issue_area_codes):
        return False
    if meeting_filter.tracks and meeting.track not in meeting_filter.tracks:
        return False
    if meeting_filter.mechanisms and meeting.mechanism_code not in meeting_filter.mechanisms:
        return False
    if meeting_filter.levels and meeting.level not in meeting_filter.levels:
        return False
    attending = meeting_filter.min_attending
    if attending is None:
        return True
    counted = [a for a in meeting.attendees if a.counts(attending.member_kind, attending.statuses)]
    return len(counted) >= attending.count


def _counted(meeting: HeldMeetingFact, member_kind: str | None, statuses: Iterable[str]) -> set[str]:
    return {a.member_code for a in meeting.attendees if a.counts(member_kind, statuses)}


def _counted_meeting(meeting: HeldMeetingFact, member_codes: Iterable[str]) -> CountedMeeting:
    return CountedMeeting(
        meeting_id=meeting.meeting_id, held_on=meeting.held_on, member_codes=tuple(sorted(member_codes))
    )


def _attended(meeting: HeldMeetingFact, meeting_filter: MeetingFilter) -> CountedMeeting:
    """The members whose attendance made the meeting count: those the filter's `min_attending` counts,
    or, without one, every attendee in good standing (never an observer)."""
    attending = meeting_filter.min_attending
    if attending is None:
        return _counted_meeting(meeting, _counted(meeting, None, GOOD_STANDING_STATUSES))
    return _counted_meeting(meeting, _counted(meeting, attending.member_kind, attending.statuses))


def _period(day: date, periods: str) -> str:
    return str(day.year) if periods == "year" else f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _describe(meeting_filter: MeetingFilter, window: Window) -> str:
    parts = []
    if meeting_filter.issue_areas:
        parts.append(f" on {' or '.join(meeting_filter.issue_areas)}")
    if meeting_filter.tracks:
        parts.append(f" on Track {' or '.join(meeting_filter.tracks)}")
    if meeting_filter.mechanisms:
        parts.append(f" of {' or '.join(meeting_filter.mechanisms)}")
    if meeting_filter.levels:
        parts.append(f" at {' or '.join(meeting_filter.levels)} level")
    if meeting_filter.min_attending is not None:
        attending = meeting_filter.min_attending
        kind = attending.member_kind or "member"
        parts.append(f" with at least {attending.count} attending {kind}(s) in good standing")
    return "".join(parts) + _describe_window(window)


def _describe_window(window: Window) -> str:
    if window == "since_stage_began":
        return ", since the stage began"
    return f", in the last {window.rolling.days} days"
