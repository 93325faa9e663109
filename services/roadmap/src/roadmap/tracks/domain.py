"""The rules of a roadmap track: where it stands, one judgement for storing, reading and simulating.

One judgement (`judge`). A track's stored `Position` says where criteria count from (its `Origin`: the
first stage from the beginning, or the stage and date a decision set) and whether a hold stops them.
`judge` runs the criteria from that origin over every fact and answers the stage, when it began, the
advancements on the way, and the next stage's criterion judged today. The consumer stores what `judge`
answers; the read API answers what `judge` answers for the stored position; the what-if asks `judge`
with one more fact. So, once every event is applied, reading a track tells what is stored
(tests/test_track_judgement.py checks it on random histories, decisions and arrival orders).

Only a decision moves a track back (issue 5). When the criteria from the origin land on an earlier stage
than the stored one (a stricter criteria version, a meeting re-announced with fewer attendees), the
origin moves up to where the track stands, so criteria count from there on; the track never falls back
and the next judgement agrees with the stored one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from roadmap.criteria.document import CriteriaDocument, TrackScope
from roadmap.evaluation import Advancement, Evaluation, advance, evaluate
from roadmap.facts import Fact, HeldMeetingFact, StageStart

# --- Where a track stands ------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where criteria count from: `stage`, since `start` (None: the beginning). `key` names what set it
    ("" for the beginning, else the decision's id) and keys the history lines counted from it."""

    stage: str
    start: StageStart | None = None
    key: str = ""


@dataclass(frozen=True)
class Position:
    """A track's stored state: its stage, when that stage began (None: the first stage, from the
    beginning), where criteria count from, and whether a hold stops them."""

    stage: str
    since: StageStart | None
    origin: Origin
    held: bool = False

    @classmethod
    def initial(cls, document: CriteriaDocument) -> Position:
        first = document.first_stage()
        return cls(stage=first, since=None, origin=Origin(stage=first))

    def known_to(self, document: CriteriaDocument) -> Position:
        """The position, or the initial one if a criteria version no longer has its stages."""
        codes = {stage.code for stage in document.stages}
        if self.stage in codes and self.origin.stage in codes:
            return self
        return Position.initial(document)


@dataclass(frozen=True)
class Judgement:
    track: str
    position: Position
    advancements: tuple[Advancement, ...]
    next: Evaluation | None


def concerns(scope: TrackScope, fact: Fact) -> bool:
    """Whether a new fact may move the track: a held meeting moves the tracks it belongs to; a
    mechanism's expansion may move any (its agenda, and the mechanisms that expand it, decide)."""
    if isinstance(fact, HeldMeetingFact):
        return scope.covers(fact.issue_area_codes, fact.level)
    return True


def stage_order(document: CriteriaDocument, stage: str) -> int:
    return next((s.order for s in document.stages if s.code == stage), 0)


def judge(
    document: CriteriaDocument, track: str, stored: Position, facts: Sequence[Fact], today: date
) -> Judgement:
    """Where `track` stands from its stored position, over every fact known, as of `today`."""
    stored = stored.known_to(document)
    origin = stored.origin
    advancements = _advancements(document, track, origin, stored.held, facts, today)
    stage, since = _reached(origin, advancements)
    if stage_order(document, stage) < stage_order(document, stored.stage):
        # Only a decision moves a track back: criteria count on from where it stands.
        origin = Origin(stage=stored.stage, start=stored.since, key=origin.key)
        advancements = _advancements(document, track, origin, stored.held, facts, today)
        stage, since = _reached(origin, advancements)
    position = Position(stage=stage, since=since, origin=origin, held=stored.held)
    into = document.next_stage(stage)
    upcoming = None
    if into is not None and into in document.advancement:
        upcoming = evaluate(
            document,
            track=track,
            into_stage=into,
            facts=facts,
            stage_began=since or StageStart.beginning(),
            today=today,
        )
    return Judgement(track=track, position=position, advancements=advancements, next=upcoming)


def judge_onwards(
    document: CriteriaDocument,
    track: str,
    stored: Position,
    facts: Sequence[Fact],
    today: date,
    judged_before: tuple[date, str],
) -> Judgement:
    """What `judge` says of the track when `stored` is its judgement on the same day over every fact
    but those from `judged_before` on, all of them after where its stage began: the advancements before
    that stage are the same, so the stage is judged on from where it began, over `facts` (at least those
    its criteria's windows hold from there on). Answers the advancements beyond the stored stage only,
    and no next stage's evaluation."""
    stored = stored.known_to(document)
    here = Origin(stage=stored.stage, start=stored.since)
    advancements = _advancements(document, track, here, stored.held, facts, today, judged_before)
    stage, since = _reached(here, advancements)
    position = Position(stage=stage, since=since, origin=stored.origin, held=stored.held)
    return Judgement(track=track, position=position, advancements=advancements, next=None)


def _advancements(
    document: CriteriaDocument,
    track: str,
    origin: Origin,
    held: bool,
    facts: Sequence[Fact],
    today: date,
    judged_before: tuple[date, str] | None = None,
) -> tuple[Advancement, ...]:
    if held:
        # A hold decision stops criteria moving the track until a later advance or move_back decision.
        return ()
    return tuple(
        advance(
            document,
            track=track,
            current_stage=origin.stage,
            facts=facts,
            today=today,
            stage_began=origin.start,
            judged_before=judged_before,
        )
    )


def _reached(origin: Origin, advancements: Sequence[Advancement]) -> tuple[str, StageStart | None]:
    if not advancements:
        return origin.stage, origin.start
    last = advancements[-1]
    return last.to_stage, StageStart(on=last.on, after_fact_id=last.completed_by)


# --- What a meeting would change ---------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIf:
    """One track a hypothetical meeting belongs to: where it stands (`stored`), what `judge` says of it
    with the meeting, and the advancements that would take it beyond its stored stage."""

    stored: Position
    judgement: Judgement
    ahead: tuple[Advancement, ...]


def what_if(
    document: CriteriaDocument,
    scopes: Sequence[TrackScope],
    stored: Mapping[str, Position],
    facts: Sequence[Fact],
    meeting: HeldMeetingFact,
    today: date,
) -> list[WhatIf]:
    """Each track of `scopes` that `meeting` belongs to, judged from its stored position (the initial
    one when it has none) over `facts` and the meeting: the same `judge` the consumer stores."""
    with_meeting: list[Fact] = [*facts, meeting]
    answers = []
    for scope in scopes:
        if not scope.covers(meeting.issue_area_codes, meeting.level):
            continue
        position = stored.get(scope.code) or Position.initial(document)
        judged = judge(document, scope.code, position, with_meeting, today)
        current = stage_order(document, position.stage)
        ahead = tuple(a for a in judged.advancements if stage_order(document, a.to_stage) > current)
        answers.append(WhatIf(stored=position, judgement=judged, ahead=ahead))
    return answers
