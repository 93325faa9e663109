"""Judging a roadmap track against its criteria: pure, deterministic, order-independent.

Facts (roadmap.facts) are what the roadmap keeps of other services' events: held meetings, and the
expansions its copy of the registry's mechanisms shows. Every function here takes the facts as a
collection and first deduplicates them by id (a re-delivered event is the same fact; of two versions of
one meeting the higher `version` wins) and sorts them by (date, id), so the same set of facts in any
order, with any duplicates, gives the same result. Judging one criterion over them is
`roadmap.measures`; this module walks the stages with it.

When a stage begins (the decision that `advance` applies):
    A stage begins *right after the fact that completed the previous stage's criterion*: on that fact's
    date, after that fact in the (date, id) order (`StageStart`). A `since_stage_began` window therefore
    holds only facts strictly after the completing one, so the meeting that moved a track into a stage
    never counts again toward leaving it. A document that wants to look back across stages says so with
    a `rolling` window, which holds every fact of the last N days up to the day of evaluation, whichever
    stage it fell in. `advance` walks the facts in (date, id) order and applies stage after stage: a
    track may advance several stages on one batch of facts (a rebuild, a late event), each stage being
    completed by the earliest fact that meets its criterion, judged on that fact's day; one single fact
    can complete two stages only if the later stage's criterion counts it through a rolling window.
    Facts dated after `today` are ignored.

For a result that does not depend on arrival order, callers evaluate from the track's origin (the
first stage, or the stage a recorded decision set) over all facts, rather than step by step as facts
arrive: a late fact dated earlier may change which meeting completed a stage.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from roadmap.criteria.document import (
    AllOf,
    AnyOf,
    CriteriaDocument,
    Criterion,
    RollingWindow,
    TrackScope,
    track_scope,
)
from roadmap.facts import Fact, HeldMeetingFact, StageStart, distinct_facts, position
from roadmap.measures import CriterionResult, Measures, Result, Tally

# --- Results -------------------------------------------------------------------------------------


class Evaluation(Result):
    roadmap_code: str
    criteria_version: int
    track: str
    into_stage: str
    stage_began: date
    stage_began_after: str | None = None
    today: date
    met: bool
    criterion: CriterionResult


class Advancement(Result):
    """A track moved from one stage to the next on `on`, completed by the fact `completed_by`."""

    track: str
    from_stage: str
    to_stage: str
    on: date
    completed_by: str
    evaluation: Evaluation


# --- Judging -------------------------------------------------------------------------------------


def evaluate(
    document: CriteriaDocument,
    *,
    track: str,
    into_stage: str,
    facts: Iterable[Fact],
    stage_began: StageStart,
    today: date,
) -> Evaluation:
    """Judge the criterion to advance `track` INTO `into_stage`, for a stage that began at `stage_began`.

    Raises KeyError for a track the document does not have or a stage without a criterion.
    """
    known = [fact for fact in distinct_facts(facts) if fact.on <= today]
    return _judged(document, track_scope(document, track), track, into_stage, known, stage_began, today)


def _judged(
    document: CriteriaDocument,
    scope: TrackScope,
    track: str,
    into_stage: str,
    known: Sequence[Fact],
    stage_began: StageStart,
    today: date,
) -> Evaluation:
    """`evaluate` over facts already distinct, sorted and known on `today`."""
    measures = Measures(scope=scope, facts=known, stage_began=stage_began, today=today)
    result = measures.criterion(document.advancement[into_stage], f"advancement.{into_stage}")
    return Evaluation(
        roadmap_code=document.roadmap_code,
        criteria_version=document.version,
        track=track,
        into_stage=into_stage,
        stage_began=stage_began.on,
        stage_began_after=stage_began.after_fact_id,
        today=today,
        met=result.met,
        criterion=result,
    )


def advance(
    document: CriteriaDocument,
    *,
    track: str,
    current_stage: str,
    facts: Iterable[Fact],
    today: date,
    stage_began: StageStart | None = None,
    judged_before: tuple[date, str] | None = None,
) -> list[Advancement]:
    """Apply stage after stage while the next stage's criterion is met (see the module docstring).

    A stage without a criterion in the document is reached only by a decision: advancing stops there.
    `judged_before` is a position before which the first stage's candidates were judged already, on
    these facts but the ones from there on, and did not meet its criterion: they are not judged again
    (a prefix that ends before the new facts is the same prefix).
    """
    timeline = [fact for fact in distinct_facts(facts) if fact.on <= today]
    start = stage_began or StageStart.beginning()
    stage = current_stage
    advancements: list[Advancement] = []
    while (into := document.next_stage(stage)) is not None and into in document.advancement:
        completed = _earliest_completion(document, track, into, timeline, start, judged_before)
        judged_before = None
        if completed is None:
            break
        fact, evaluation = completed
        advancements.append(
            Advancement(
                track=track,
                from_stage=stage,
                to_stage=into,
                on=fact.on,
                completed_by=fact.id,
                evaluation=evaluation,
            )
        )
        stage, start = into, StageStart(on=fact.on, after_fact_id=fact.id)
    return advancements


def _earliest_completion(
    document: CriteriaDocument,
    track: str,
    into: str,
    timeline: Sequence[Fact],
    start: StageStart,
    judged_before: tuple[date, str] | None = None,
) -> tuple[Fact, Evaluation] | None:
    """The first fact of `timeline` from `start` on whose prefix, judged on its day, meets the criterion.

    The same answer as judging every prefix in turn, without its quadratic cost:
    - Measures count only the facts of the track (its meetings, and expansions), so each prefix is judged
      on those alone, and only on those a window can hold: after `start`, or within the longest rolling
      window of the candidate's day.
    - Every criterion is an "at least" count, so it can only be met by more facts. After the first
      candidate, one that is not a fact of the track adds nothing to count, and its later day can only
      push facts out of a rolling window: it cannot meet a criterion the candidate before it did not.
      The first candidate is always judged: a rolling window may already hold facts from before `start`.
    - Whether a prefix meets the criterion is kept by a `Tally` as the prefix grows, so each candidate
      costs the facts it adds; the evidence is gathered once, for the candidate that meets it.
    """
    scope = track_scope(document, track)
    criterion = document.advancement[into]
    reach = _longest_rolling_window(criterion)
    counted = [fact for fact in timeline if _counts_for(scope, fact)]
    keys = [position(fact) for fact in counted]
    days = [fact.on for fact in counted]
    start_key = (start.on, start.after_fact_id or "")
    after_start = bisect_right(keys, start_key)
    # The prefix enters the tally from where any window of a candidate can reach: the first candidate's.
    first_day = next((fact.on for fact in timeline if position(fact) >= start_key), None)
    if first_day is None:
        return None
    entered = (
        after_start
        if reach is None
        else min(after_start, bisect_right(days, first_day - timedelta(days=reach)))
    )
    tally = Tally(criterion, scope, start)
    first = True
    for fact in timeline:
        if position(fact) < start_key:
            continue
        if judged_before is not None and position(fact) < judged_before:
            first = False
            continue
        if not first and not _counts_for(scope, fact):
            continue
        first = False
        through = bisect_right(keys, position(fact))
        for entering in counted[entered:through]:
            tally.enter(entering)
        entered = max(entered, through)
        tally.slide(fact.on)
        if not tally.met:
            continue
        lowest = after_start
        if reach is not None:
            lowest = min(lowest, bisect_right(days, fact.on - timedelta(days=reach)))
        evaluation = _judged(document, scope, track, into, counted[lowest:through], start, fact.on)
        # The tally only spares judging the prefixes that do not meet it: the judgement decides.
        if evaluation.met:
            return fact, evaluation
    return None


def _counts_for(scope: TrackScope, fact: Fact) -> bool:
    """Whether a criterion of the track may count the fact (`roadmap.measures` counts no other)."""
    if isinstance(fact, HeldMeetingFact):
        return scope.covers(fact.issue_area_codes, fact.level)
    return True


def longest_rolling_window(document: CriteriaDocument) -> int | None:
    """The days of the longest rolling window of any criterion of the document; None when it has none."""
    reaches = [_longest_rolling_window(criterion) for criterion in document.advancement.values()]
    known = [reach for reach in reaches if reach is not None]
    return max(known) if known else None


def _longest_rolling_window(criterion: Criterion) -> int | None:
    """The days of the longest rolling window in the criterion; None when it has none."""
    if isinstance(criterion, AllOf | AnyOf):
        reaches = [_longest_rolling_window(child) for child in criterion.criteria]
        known = [reach for reach in reaches if reach is not None]
        return max(known) if known else None
    if isinstance(criterion.window, RollingWindow):
        return criterion.window.rolling.days
    return None
