"""The rules of a roadmap track: where it stands (one judgement for storing, reading and simulating), how
decisions move it, and who must agree to a decision.

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

Consensus (`consensus`), as the seed's principles mean it ("consensus-based agenda expansion",
"ownership by all participants", "open participation"): observers watch rather than decide, and the DPRK
may join at any stage, from which day it is a party. The parties to a decision are the states
whose status on the decision's date is `participant`: every one of them must be among `agreed_by`, and
nobody else may be (an unknown code, a member that is not a state, or a state that is not participating
on that date is refused by name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from common.errors import Conflict, RuleViolated
from common.participation import StatusSince, status_on
from roadmap.criteria import CriteriaDocument, TrackScope
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


def _advancements(
    document: CriteriaDocument, track: str, origin: Origin, held: bool, facts: Sequence[Fact], today: date
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
        )
    )


def _reached(origin: Origin, advancements: Sequence[Advancement]) -> tuple[str, StageStart | None]:
    if not advancements:
        return origin.stage, origin.start
    last = advancements[-1]
    return last.to_stage, StageStart(on=last.on, after_fact_id=last.completed_by)


# --- Decisions -----------------------------------------------------------------------------------


def decided(
    document: CriteriaDocument, track: str, stored: Position, *, kind: str, on: date, decision_id: str
) -> Position:
    """The position a decision leaves: advance / move_back go one stage on / back (409 at either end)
    and criteria count from that stage and the decision's date; hold keeps the stage and stops criteria
    until a later advance or move_back."""
    stored = stored.known_to(document)
    if kind == "hold":
        return Position(
            stage=stored.stage,
            since=stored.since,
            origin=Origin(stage=stored.stage, start=stored.since, key=decision_id),
            held=True,
        )
    stages = [stage.code for stage in document.ordered_stages()]
    position = stages.index(stored.stage)
    if kind == "advance":
        if position + 1 >= len(stages):
            raise Conflict(f"track {track!r} is at the last stage, {stored.stage!r}", field="kind")
        target = stages[position + 1]
    else:
        if position == 0:
            raise Conflict(f"track {track!r} is at the first stage, {stored.stage!r}", field="kind")
        target = stages[position - 1]
    start = StageStart(on=on)
    return Position(stage=target, since=start, origin=Origin(stage=target, start=start, key=decision_id))


def check_decision_date(decided_on: date, *, today: date, last_change: date | None, what: str) -> None:
    """A decision is dated no later than today and no earlier than the last change of what it judges,
    so every rule is judged as of `decided_on` on the record as it stood then, and the history of a
    track reads in date order."""
    if decided_on > today:
        raise RuleViolated(f"decided_on {decided_on} is in the future (today is {today})", field="decided_on")
    if last_change is not None and decided_on < last_change:
        raise Conflict(
            f"decided_on {decided_on} is before the last change of {what} ({last_change}); "
            "a decision cannot rewrite what was recorded after it",
            field="decided_on",
            last_change=last_change.isoformat(),
        )


# --- Consensus -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A member as the roadmap knows it: its kind and its participation status over time."""

    code: str
    kind: str
    status_history: tuple[tuple[date, str], ...]

    def status_on(self, day: date) -> str | None:
        return status_on((StatusSince(status, since) for since, status in self.status_history), day)


def parties_on(members: Iterable[Party], day: date) -> list[str]:
    """The parties to a consensus on `day`: the states whose status then is `participant`."""
    return sorted(m.code for m in members if m.kind == "state" and m.status_on(day) == "participant")


def consensus(agreed_by: Sequence[str], members: Mapping[str, Party], on: date) -> list[str]:
    """Checks that `agreed_by` is the consensus of the parties on `on`; returns it sorted.

    422 naming each code that is not a party (unknown, not a state, or not participating on that date);
    409 naming every party that is missing.
    """
    parties = set(parties_on(members.values(), on))
    refused = []
    for code in sorted(set(agreed_by)):
        member = members.get(code)
        if member is None:
            refused.append({"code": code, "reason": "not a known member"})
        elif member.kind != "state":
            refused.append({"code": code, "reason": f"a {member.kind}, not a state"})
        elif code not in parties:
            status = member.status_on(on) or "no status"
            refused.append({"code": code, "reason": f"{status} on {on}, not a participant"})
    if refused:
        named = ", ".join(f"{r['code']} ({r['reason']})" for r in refused)
        raise RuleViolated(
            f"agreed_by names members that are not parties to a consensus on {on}: {named}",
            field="agreed_by",
            refused=refused,
        )
    missing = sorted(parties - set(agreed_by))
    if missing:
        raise Conflict(
            f"every state participating on {on} must agree; missing: {', '.join(missing)}",
            field="agreed_by",
            missing=missing,
        )
    return sorted(set(agreed_by))
