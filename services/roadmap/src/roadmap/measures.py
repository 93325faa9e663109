"""One criterion judged over the facts in a track's scope: what each kind of criterion counts
(meetings held, distinct participants, outcomes, regularity, mechanism expansions), the evidence behind
the count, and the words that describe it. `roadmap.evaluation` walks stages with it: with a `Tally`,
which says whether a criterion is met as facts enter and leave its windows, to find the fact that meets
it, and with `Measures`, which judges it with its evidence, once that fact is found.

Who counts (issue 5): observers, and members not in good standing on the meeting date, never count
where a criterion counts members (`roadmap.facts.AttendeeFact.counts`).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from roadmap.criteria.document import (
    GOOD_STANDING_STATUSES,
    AllOf,
    AnyOf,
    Criterion,
    DistinctParticipants,
    LeafCriterion,
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


# --- Tallying ----------------------------------------------------------------------------------


class Tally:
    """Whether a criterion is met, kept as facts enter and leave its windows: what
    `Measures.criterion(...).met` answers for the facts entered so far, judged on the day of the last
    `slide`, without the evidence.

    A judgement looks for the first fact whose prefix meets a criterion (`roadmap.evaluation`); judging
    each prefix from scratch costs the whole window per candidate, so a track whose stage lasts long
    cost the square of its history. A tally costs what enters and leaves: facts enter in (date, id)
    order, each leaf counts what each fact adds to it (and takes it back when the fact leaves a rolling
    window), and the counts say whether it is met. `tests/test_tally.py` holds it to `Measures`.
    """

    def __init__(self, criterion: Criterion, scope: TrackScope, stage_began: StageStart) -> None:
        self.root = _node(criterion, scope, stage_began)
        self.leaves = list(self.root.leaves())

    def enter(self, fact: Fact) -> None:
        """The next fact of the prefix, in (date, id) order."""
        for leaf in self.leaves:
            leaf.enter(fact)

    def slide(self, today: date) -> None:
        """Judged on `today`, never earlier than before: rolling windows let go of what they no longer
        hold."""
        for leaf in self.leaves:
            leaf.slide(today)

    @property
    def met(self) -> bool:
        return self.root.met()


class _Node:
    def leaves(self) -> Iterable[_Leaf]:
        raise NotImplementedError

    def met(self) -> bool:
        raise NotImplementedError


@dataclass
class _Combined(_Node):
    every: bool
    parts: list[_Node]

    def leaves(self) -> Iterable[_Leaf]:
        for part in self.parts:
            yield from part.leaves()

    def met(self) -> bool:
        answers = (part.met() for part in self.parts)
        return all(answers) if self.every else any(answers)


# What one fact adds to a leaf: a number of things counted, and the distinct keys (members, periods,
# expansions) it brings.
Share = tuple[int, tuple[Hashable, ...]]


@dataclass
class _Leaf(_Node):
    """One criterion that counts: `share` says what a fact adds to it, `enough` whether the counts meet it."""

    share: Callable[[Fact], Share | None]
    enough: Callable[[int, int], bool]
    stage_began: StageStart
    rolling_days: int | None
    counted: int = 0
    keys: Counter[Hashable] = field(default_factory=Counter)
    held: deque[tuple[date, Share]] = field(default_factory=deque)

    def leaves(self) -> Iterable[_Leaf]:
        yield self

    def enter(self, fact: Fact) -> None:
        if self.rolling_days is None and not self.stage_began.precedes(fact):
            return
        share = self.share(fact)
        if share is None:
            return
        counted, keys = share
        self.counted += counted
        self.keys.update(keys)
        if self.rolling_days is not None:
            self.held.append((fact.on, share))

    def slide(self, today: date) -> None:
        if self.rolling_days is None:
            return
        oldest = today - timedelta(days=self.rolling_days)
        while self.held and self.held[0][0] <= oldest:
            _, (counted, keys) = self.held.popleft()
            self.counted -= counted
            self.keys.subtract(keys)
            for key in keys:
                if self.keys[key] <= 0:
                    del self.keys[key]

    def met(self) -> bool:
        return self.enough(self.counted, len(self.keys))


def _node(criterion: Criterion, scope: TrackScope, stage_began: StageStart) -> _Node:
    if isinstance(criterion, AllOf | AnyOf):
        parts = [_node(child, scope, stage_began) for child in criterion.criteria]
        return _Combined(every=isinstance(criterion, AllOf), parts=parts)
    window = criterion.window
    rolling = None if window == "since_stage_began" else window.rolling.days
    share, enough = _counting(criterion, scope)
    return _Leaf(share=share, enough=enough, stage_began=stage_began, rolling_days=rolling)


def _counting(
    criterion: LeafCriterion, scope: TrackScope
) -> tuple[Callable[[Fact], Share | None], Callable[[int, int], bool]]:
    """What a fact adds to the criterion, and whether the counts meet it: as `Measures` counts."""
    if isinstance(criterion, MechanismExpansion):
        codes = set(criterion.mechanism_codes)

        def expansion(fact: Fact) -> Share | None:
            if (
                not isinstance(fact, MechanismExpansionFact)
                or not scope.covers_mechanism(fact.agenda)
                or (codes and fact.mechanism_code not in codes)
            ):
                return None
            return 0, tuple((fact.mechanism_code, member) for member in fact.added_member_codes)

        return expansion, lambda counted, distinct: distinct >= criterion.count

    meeting_filter = criterion.filter

    def meeting(fact: Fact) -> HeldMeetingFact | None:
        if (
            isinstance(fact, HeldMeetingFact)
            and scope.covers(fact.issue_area_codes, fact.level)
            and _matches(fact, meeting_filter)
        ):
            return fact
        return None

    if isinstance(criterion, MeetingsHeld):

        def held(fact: Fact) -> Share | None:
            return None if meeting(fact) is None else (1, ())

        return held, lambda counted, distinct: counted >= criterion.count

    if isinstance(criterion, DistinctParticipants):

        def participants(fact: Fact) -> Share | None:
            found = meeting(fact)
            if found is None:
                return None
            return 0, tuple(_counted(found, criterion.member_kind, criterion.statuses))

        return participants, lambda counted, distinct: distinct >= criterion.count

    if isinstance(criterion, Outcomes):
        types = set(criterion.types)

        def outcomes(fact: Fact) -> Share | None:
            found = meeting(fact)
            if found is None:
                return None
            standing = _counted(found, criterion.member_kind, criterion.statuses)
            made, behind_meeting = 0, set[str]()
            for outcome in found.outcomes:
                behind = standing & set(outcome.member_codes)
                if outcome.type in types and behind:
                    made += 1
                    behind_meeting |= behind
            return made, tuple(behind_meeting)

        def enough(counted: int, distinct: int) -> bool:
            return counted >= criterion.count and distinct >= criterion.distinct_members

        return outcomes, enough

    def periods(fact: Fact) -> Share | None:
        found = meeting(fact)
        return None if found is None else (0, (_period(found.held_on, criterion.periods),))

    return periods, lambda counted, distinct: distinct >= criterion.count


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
