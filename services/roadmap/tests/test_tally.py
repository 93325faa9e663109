"""The tally (`roadmap.measures.Tally`) against `Measures`, on random criteria and histories: whether a
criterion is met is the same whether counted as facts enter and leave, or judged from scratch over every
prefix; and `advance`, which walks candidates with the tally, finds what judging every prefix in turn
finds, evidence included."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.criteria.document import CriteriaDocument, track_scope
from roadmap.defaults import napci_criteria
from roadmap.evaluation import Advancement, Evaluation, advance
from roadmap.facts import (
    AttendeeFact,
    Fact,
    HeldMeetingFact,
    MechanismExpansionFact,
    OutcomeFact,
    StageStart,
    distinct_facts,
    position,
)
from roadmap.measures import Measures, Tally

FIRST_DAY = date(2012, 1, 1)
DAYS = 1500
AREAS = ["environment", "nuclear_safety"]
MEMBERS = [
    ("KOR", "state"),
    ("JPN", "state"),
    ("CHN", "state"),
    ("MNG", "state"),
    ("UNESCAP", "organisation"),
]
OUTCOME_TYPES = ["support_expressed", "joint_statement"]
STATUSES = ["participant", "supporter", "partner", "observer", "suspended"]


def _day(offset: int) -> date:
    return FIRST_DAY + timedelta(days=offset)


@st.composite
def held_meetings(draw: st.DrawFn, index: int) -> HeldMeetingFact:
    attending = draw(st.lists(st.sampled_from(MEMBERS), min_size=1, max_size=5, unique=True))
    meeting_id = f"m{index:03d}"
    return HeldMeetingFact.normalised(
        meeting_id=meeting_id,
        # Few days, so that several facts share one and rolling windows both hold and let go of them.
        held_on=_day(draw(st.integers(0, DAYS))),
        issue_area_codes=draw(st.lists(st.sampled_from(AREAS), max_size=2, unique=True)),
        track=draw(st.sampled_from(["1", "1.5", "2"])),
        level=draw(st.sampled_from(["senior_officials", "summit", "working"])),
        mechanism_code=draw(st.sampled_from([None, "TRM", "NEASPEC"])),
        attendees=[
            AttendeeFact(
                member_code=code,
                kind=kind,
                status=draw(st.sampled_from(STATUSES)),
                role=draw(st.sampled_from(["participant", "participant", "observer"])),
            )
            for code, kind in attending
        ],
        outcomes=[
            OutcomeFact(
                f"{meeting_id}/outcomes[{n}]",
                draw(st.sampled_from(OUTCOME_TYPES)),
                tuple(
                    draw(st.lists(st.sampled_from([code for code, _ in MEMBERS]), max_size=3, unique=True))
                ),
            )
            for n in range(draw(st.integers(0, 2)))
        ],
    )


@st.composite
def expansions(draw: st.DrawFn, index: int) -> MechanismExpansionFact:
    on = _day(draw(st.integers(0, DAYS)))
    return MechanismExpansionFact(
        id=f"mechanism:M{index % 2}:joined:{on.isoformat()}:{index}",
        mechanism_code=f"M{index % 2}",
        joined_on=on,
        added_member_codes=tuple(sorted(draw(st.sets(st.sampled_from(["MNG", "RUS", "USA"]), min_size=1)))),
        agenda=draw(st.sampled_from([*AREAS, None])),
    )


@st.composite
def histories(draw: st.DrawFn) -> list[Fact]:
    count = draw(st.integers(0, 25))
    drawn: list[Fact] = []
    for index in range(count):
        fact: st.SearchStrategy[Fact] = (
            expansions(index) if draw(st.integers(0, 5)) == 0 else held_meetings(index)
        )
        drawn.append(draw(fact))
    return drawn


windows = st.one_of(
    st.just("since_stage_began"), st.integers(1, 900).map(lambda days: {"rolling": {"days": days}})
)


@st.composite
def meeting_filters(draw: st.DrawFn) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    if draw(st.booleans()):
        chosen["tracks"] = draw(
            st.lists(st.sampled_from(["1", "1.5", "2"]), min_size=1, max_size=2, unique=True)
        )
    if draw(st.booleans()):
        chosen["issue_areas"] = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=1))
    if draw(st.integers(0, 3)) == 0:
        chosen["mechanisms"] = ["TRM"]
    if draw(st.integers(0, 3)) == 0:
        chosen["levels"] = ["summit"]
    if draw(st.booleans()):
        chosen["min_attending"] = {
            "count": draw(st.integers(1, 3)),
            "member_kind": draw(st.sampled_from([None, "state"])),
            "statuses": draw(st.sampled_from([["participant"], ["participant", "supporter"]])),
        }
    return chosen


@st.composite
def leaves(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["meetings_held", "distinct_participants", "outcomes", "regularity", "mechanism_expansion"]
        )
    )
    criterion: dict[str, Any] = {"kind": kind, "count": draw(st.integers(1, 4)), "window": draw(windows)}
    if kind != "mechanism_expansion":
        criterion["filter"] = draw(meeting_filters())
    if kind == "distinct_participants":
        criterion["member_kind"] = draw(st.sampled_from([None, "state", "organisation"]))
    if kind == "outcomes":
        criterion["types"] = draw(
            st.lists(st.sampled_from(OUTCOME_TYPES), min_size=1, max_size=2, unique=True)
        )
        criterion["distinct_members"] = draw(st.integers(1, 3))
    if kind == "regularity":
        criterion["periods"] = draw(st.sampled_from(["year", "quarter"]))
    if kind == "mechanism_expansion" and draw(st.booleans()):
        criterion["mechanism_codes"] = ["M0"]
    return criterion


criteria = st.recursive(
    leaves(),
    lambda parts: st.builds(
        lambda kind, children: {"kind": kind, "criteria": children},
        st.sampled_from(["all_of", "any_of"]),
        st.lists(parts, min_size=1, max_size=3),
    ),
    max_leaves=4,
)


def document_with(first: dict[str, Any], second: dict[str, Any]) -> CriteriaDocument:
    """The NAPCI document with these criteria for its two stages criteria advance a track into."""
    document = napci_criteria().model_dump(mode="json")
    document["advancement"] = {"accumulate_practice": first, "solid_framework": second}
    return CriteriaDocument.model_validate(document)


TRACKS = st.sampled_from(["environment", "napci"])


@settings(max_examples=300, deadline=None)
@given(history=histories(), criterion=criteria, track=TRACKS, start_at=st.integers(-1, 25))
def test_a_tally_says_met_where_measures_judging_the_prefix_say_met(
    history: list[Fact], criterion: dict[str, Any], track: str, start_at: int
) -> None:
    document = document_with(criterion, criterion)
    scope = track_scope(document, track)
    timeline = distinct_facts(history)
    start = (
        StageStart.beginning()
        if start_at < 0 or start_at >= len(timeline)
        else StageStart(on=timeline[start_at].on, after_fact_id=timeline[start_at].id)
    )
    judged = document.advancement["accumulate_practice"]
    tally = Tally(judged, scope, start)
    for through, fact in enumerate(timeline, start=1):
        tally.enter(fact)
        tally.slide(fact.on)
        measures = Measures(scope=scope, facts=timeline[:through], stage_began=start, today=fact.on)
        assert tally.met == measures.criterion(judged, "c").met, (through, fact)


def advanced_by_every_prefix(
    document: CriteriaDocument, track: str, facts: list[Fact], today: date
) -> list[Advancement]:
    """`advance` as its definition says: every fact from where the stage began is a candidate, judged
    on its day over every fact up to it, the first that meets the criterion completes the stage."""
    timeline = [fact for fact in distinct_facts(facts) if fact.on <= today]
    scope = track_scope(document, track)
    stage, start = document.first_stage(), StageStart.beginning()
    found: list[Advancement] = []
    while (into := document.next_stage(stage)) is not None and into in document.advancement:
        completion = None
        for through, fact in enumerate(timeline, start=1):
            if position(fact) < (start.on, start.after_fact_id or ""):
                continue
            measures = Measures(scope=scope, facts=timeline[:through], stage_began=start, today=fact.on)
            result = measures.criterion(document.advancement[into], f"advancement.{into}")
            if result.met:
                completion = (fact, result)
                break
        if completion is None:
            break
        fact, result = completion
        evaluation = Evaluation(
            roadmap_code=document.roadmap_code,
            criteria_version=document.version,
            track=track,
            into_stage=into,
            stage_began=start.on,
            stage_began_after=start.after_fact_id,
            today=fact.on,
            met=True,
            criterion=result,
        )
        found.append(
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
    return found


@settings(max_examples=300, deadline=None)
@given(history=histories(), first=criteria, second=criteria, track=TRACKS)
def test_advance_finds_what_judging_every_prefix_finds_with_the_same_evidence(
    history: list[Fact], first: dict[str, Any], second: dict[str, Any], track: str
) -> None:
    document = document_with(first, second)
    today = _day(DAYS)
    found = advance(document, track=track, current_stage=document.first_stage(), facts=history, today=today)
    assert found == advanced_by_every_prefix(document, track, history, today)
