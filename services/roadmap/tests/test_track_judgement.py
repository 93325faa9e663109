"""One judgement of a track (issue 11, item 1), on random histories, decisions and arrival orders.

The service stores what `tracks.domain.judge` answers as each event arrives (only for the tracks the event
concerns), records decisions with `decisions.domain.decided`, and the read API answers `judge` of the stored
position. These tests drive those same functions the way the service does, with no database, and check
that once every event is applied the read view equals the stored stage, and that without decisions the
order events arrive in does not change where the tracks end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import Conflict
from roadmap.criteria.document import track_scopes
from roadmap.decisions.domain import decided
from roadmap.defaults import napci_criteria
from roadmap.evaluation import longest_rolling_window
from roadmap.facts import AttendeeFact, Fact, HeldMeetingFact, MechanismExpansionFact, OutcomeFact, position
from roadmap.tracks.domain import Position, concerns, judge, judge_onwards, stage_order, what_if

DOCUMENT = napci_criteria()
AREAS = ["environment", "nuclear_safety"]
SCOPES = track_scopes(DOCUMENT, AREAS)
TRACKS = [scope.code for scope in SCOPES]
TODAY = date(2017, 1, 1)
FIRST_DAY = date(2012, 1, 1)
STATES = ["KOR", "JPN", "CHN", "USA", "RUS", "MNG", "PRK"]


def _day(offset: int) -> date:
    return FIRST_DAY + timedelta(days=offset)


@st.composite
def held_meetings(draw: st.DrawFn, index: int) -> HeldMeetingFact:
    codes = draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=6, unique=True))
    attendees = [
        AttendeeFact(
            member_code=code,
            kind="state",
            status=draw(st.sampled_from(["participant", "participant", "observer", "invited"])),
            role=draw(st.sampled_from(["participant", "participant", "observer"])),
        )
        for code in codes
    ]
    supporters = draw(st.lists(st.sampled_from(codes), max_size=3, unique=True))
    meeting_id = f"m{index:03d}"
    return HeldMeetingFact.normalised(
        meeting_id=meeting_id,
        held_on=_day(draw(st.integers(0, (TODAY - FIRST_DAY).days))),
        issue_area_codes=draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=2, unique=True)),
        track=draw(st.sampled_from(["1", "1", "2"])),
        level=draw(st.sampled_from(["senior_officials", "summit"])),
        mechanism_code=None,
        attendees=attendees,
        outcomes=[
            OutcomeFact(f"{meeting_id}/outcomes[{n}]", "support_expressed", (code,))
            for n, code in enumerate(supporters)
        ],
    )


@st.composite
def expansions(draw: st.DrawFn, index: int) -> MechanismExpansionFact:
    on = _day(draw(st.integers(0, (TODAY - FIRST_DAY).days)))
    return MechanismExpansionFact(
        id=f"mechanism:M{index}:joined:{on.isoformat()}",
        mechanism_code=f"M{index}",
        joined_on=on,
        added_member_codes=("MNG",),
        # A mechanism without an agenda belongs to no track, not even napci's.
        agenda=draw(st.sampled_from([*AREAS, None])),
    )


@st.composite
def facts(draw: st.DrawFn, most: int = 12) -> list[Fact]:
    count = draw(st.integers(1, most))
    return [
        draw(st.one_of(held_meetings(index), expansions(index)) if index % 3 == 2 else held_meetings(index))
        for index in range(count)
    ]


@dataclass(frozen=True)
class DecisionStep:
    kind: str
    track: str
    days_after_last_change: int
    before_fact: int


decisions = st.lists(
    st.builds(
        DecisionStep,
        kind=st.sampled_from(["advance", "move_back", "hold"]),
        track=st.sampled_from(TRACKS),
        days_after_last_change=st.integers(0, 400),
        before_fact=st.integers(0, 12),
    ),
    max_size=4,
)


@dataclass
class Service:
    """What the service stores as events arrive: positions, and the dates of each track's history lines."""

    known: list[Fact] = field(default_factory=list)
    stored: dict[str, Position] = field(
        default_factory=lambda: {track: Position.initial(DOCUMENT) for track in TRACKS}
    )
    lines: dict[tuple[str, str, str], date] = field(default_factory=dict)

    def settle(self, track: str) -> None:
        judged = judge(DOCUMENT, track, self.stored[track], self.known, TODAY)
        for advancement in judged.advancements:
            self.lines[(track, judged.position.origin.key, advancement.to_stage)] = advancement.on
        self.stored[track] = judged.position

    def arrive(self, fact: Fact) -> None:
        self.known.append(fact)
        for scope in SCOPES:
            if concerns(scope, fact):
                self.settle(scope.code)

    def last_change(self, track: str) -> date | None:
        dates = [on for (line_track, _, _), on in self.lines.items() if line_track == track]
        return max(dates) if dates else None

    def decide(self, step: DecisionStep, number: int) -> None:
        last = self.last_change(step.track) or FIRST_DAY
        on = last + timedelta(days=step.days_after_last_change)
        if on > TODAY:
            return  # refused: in the future
        decision_id = f"decision-{number}"
        try:
            self.stored[step.track] = decided(
                DOCUMENT, step.track, self.stored[step.track], kind=step.kind, on=on, decision_id=decision_id
            )
        except Conflict:
            return  # refused: at the first or last stage
        self.lines[(step.track, decision_id, self.stored[step.track].stage)] = on
        if step.kind != "hold":
            self.settle(step.track)


def applied(order: Sequence[Fact], steps: Sequence[DecisionStep] = ()) -> Service:
    service = Service()
    for index, fact in enumerate(order):
        for number, step in enumerate(steps):
            if step.before_fact == index:
                service.decide(step, number)
        service.arrive(fact)
    for number, step in enumerate(steps):
        if step.before_fact >= len(order):
            service.decide(step, number)
    return service


@settings(max_examples=300, deadline=None)
@given(history=facts(), steps=decisions, order=st.randoms(use_true_random=False))
def test_after_every_event_the_read_view_of_each_track_is_its_stored_stage(
    history: list[Fact], steps: list[DecisionStep], order: object
) -> None:
    arrival = list(history)
    order.shuffle(arrival)  # type: ignore[attr-defined]
    service = applied(arrival, steps)
    for track in TRACKS:
        stored = service.stored[track]
        read = judge(DOCUMENT, track, stored, service.known, TODAY)
        assert read.position == stored, track
        if not stored.held:
            # A criterion met today would have moved the stored stage.
            assert read.next is None or not read.next.met, track


@settings(max_examples=150, deadline=None)
@given(history=facts(), steps=decisions, meeting=held_meetings(99))
def test_the_what_if_of_a_meeting_is_what_settling_it_would_store_in_the_tracks_it_belongs_to(
    history: list[Fact], steps: list[DecisionStep], meeting: HeldMeetingFact
) -> None:
    service = applied(history, steps)
    answers = what_if(DOCUMENT, SCOPES, service.stored, service.known, meeting, TODAY)
    before = dict(service.stored)
    service.arrive(meeting)
    assert [a.judgement.track for a in answers] == [s.code for s in SCOPES if concerns(s, meeting)]
    for answer in answers:
        track = answer.judgement.track
        assert answer.stored == before[track]
        assert answer.judgement.position == service.stored[track]
        assert all(a.to_stage != before[track].stage for a in answer.ahead)


@settings(max_examples=150, deadline=None)
@given(history=facts(), first=st.randoms(use_true_random=False), second=st.randoms(use_true_random=False))
def test_without_decisions_the_order_of_arrival_does_not_change_where_the_tracks_end(
    history: list[Fact], first: object, second: object
) -> None:
    one, other = list(history), list(history)
    first.shuffle(one)  # type: ignore[attr-defined]
    second.shuffle(other)  # type: ignore[attr-defined]
    assert applied(one).stored == applied(other).stored


def test_a_mechanism_without_an_agenda_gaining_a_member_moves_no_track_and_is_not_met_in_the_read_view() -> (
    None
):
    expansion = MechanismExpansionFact(
        id="mechanism:NOAGENDA:joined:2014-01-01",
        mechanism_code="NOAGENDA",
        joined_on=date(2014, 1, 1),
        added_member_codes=("MNG",),
        agenda=None,
    )
    service = applied([expansion])
    for track in TRACKS:
        read = judge(DOCUMENT, track, service.stored[track], service.known, TODAY)
        assert read.position.stage == "gain_support"
        assert read.next is not None
        assert not read.next.met


@dataclass
class JudgingOn(Service):
    """The service judging a track on from where its stage began when `tracks.service.settle` does, over
    the facts `repository.facts_of` would load for it, checked against the judgement from the origin."""

    onwards: int = 0
    up_to_stage: int = 0

    def arrive(self, fact: Fact) -> None:
        self.new = fact if all(known.id != fact.id for known in self.known) else None
        super().arrive(fact)

    def settle(self, track: str) -> None:
        stored, new = self.stored[track], getattr(self, "new", None)
        super().settle(track)
        self.check_up_to_its_stage(track, stored, new)
        since = stored.since
        if (
            not isinstance(new, HeldMeetingFact)
            or new.on > TODAY
            or since is None
            or since.after_fact_id is None
            or not since.precedes(new)
        ):
            return
        self.onwards += 1
        full = self.stored[track]
        if DOCUMENT.next_stage(stored.stage) not in DOCUMENT.advancement:
            assert full == stored
            return
        scope = next(scope for scope in SCOPES if scope.code == track)
        reach = longest_rolling_window(DOCUMENT)
        held_from = since.on if reach is None else min(since.on, new.on - timedelta(days=reach))
        loaded = [
            fact
            for fact in self.known
            if not isinstance(fact, HeldMeetingFact) or (concerns(scope, fact) and fact.on >= held_from)
        ]
        onwards = judge_onwards(DOCUMENT, track, stored, loaded, TODAY, position(new))
        assert onwards.position == full
        beyond = [
            a
            for a in judge(DOCUMENT, track, stored, self.known, TODAY).advancements
            if stage_order(DOCUMENT, a.to_stage) > stage_order(DOCUMENT, stored.stage)
        ]
        assert list(onwards.advancements) == beyond

    def check_up_to_its_stage(self, track: str, stored: Position, new: Fact | None) -> None:
        """A track at a stage no criterion leads on from, judged over the facts
        `tracks.service._up_to_its_stage` loads (its meetings held up to where its stage began, every
        expansion, and the first meeting from each start the judgement walks from), whenever the new
        meeting was held: the judgement over every fact."""
        since = stored.since
        if (
            not isinstance(new, HeldMeetingFact)
            or since is None
            or stored.held
            or DOCUMENT.next_stage(stored.stage) in DOCUMENT.advancement
        ):
            return
        self.up_to_stage += 1
        scope = next(scope for scope in SCOPES if scope.code == track)
        loaded = [
            fact
            for fact in self.known
            if not isinstance(fact, HeldMeetingFact) or (concerns(scope, fact) and fact.on <= since.on)
        ]
        meetings = sorted(
            (fact for fact in self.known if isinstance(fact, HeldMeetingFact) and fact.on <= TODAY),
            key=position,
        )
        for start in (stored.origin.start, since):
            if start is not None:
                first = (m for m in meetings if position(m) >= (start.on, start.after_fact_id or ""))
                loaded.extend(list(first)[:1])
        bounded = judge(DOCUMENT, track, stored, loaded, TODAY)
        full = judge(DOCUMENT, track, stored, self.known, TODAY)
        assert bounded.position == full.position == self.stored[track]
        assert bounded.advancements == full.advancements


@settings(max_examples=300, deadline=None)
@given(history=facts(), steps=decisions, order=st.randoms(use_true_random=False))
def test_judging_a_track_on_from_its_stage_over_the_facts_in_its_windows_is_judging_it_from_its_origin(
    history: list[Fact], steps: list[DecisionStep], order: object
) -> None:
    arrival = list(history)
    order.shuffle(arrival)  # type: ignore[attr-defined]
    service = JudgingOn()
    for index, fact in enumerate(arrival):
        for number, step in enumerate(steps):
            if step.before_fact == index:
                service.decide(step, number)
        service.arrive(fact)


@settings(max_examples=100, deadline=None)
@given(history=facts(most=40), order=st.randoms(use_true_random=False))
def test_a_late_meeting_at_a_stage_no_criterion_leads_on_from_is_judged_over_the_way_to_that_stage(
    history: list[Fact], order: object
) -> None:
    """Longer histories than above, so that a track often reaches its last stage early and meetings
    held before that arrive after it (`JudgingOn.check_up_to_its_stage` compares)."""
    arrival = list(history)
    order.shuffle(arrival)  # type: ignore[attr-defined]
    service = JudgingOn()
    for fact in arrival:
        service.arrive(fact)
