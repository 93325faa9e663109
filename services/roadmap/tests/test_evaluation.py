"""Judging tracks on facts: the TRM+ example, who counts, order independence, and the reference history."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime
from typing import Any

from common.contracts.meetings import MeetingHeld
from common.testing.history import historic_meetings, load_reference
from roadmap.criteria.document import CriteriaDocument, track_scopes
from roadmap.criteria.domain import parse_document
from roadmap.defaults import HISTORY_STAGES, napci_criteria
from roadmap.evaluation import Advancement, advance, evaluate
from roadmap.facts import Fact, HeldMeetingFact, MechanismExpansionFact, StageStart

TRM_PLUS_STATES = ["KOR", "JPN", "CHN", "USA", "RUS"]
TODAY = date(2020, 1, 1)

# --- factories --------------------------------------------------------------------------------------


def held(
    meeting_id: str,
    held_on: date,
    attendees: list[tuple[str, str, str | None, str]],
    *,
    issue_areas: tuple[str, ...] = ("nuclear_safety",),
    track: str = "1",
    level: str = "senior_officials",
    mechanism: str | None = "TRM+",
    outcomes: list[tuple[str, str, list[str]]] = (),  # type: ignore[assignment]
    version: int = 3,
) -> HeldMeetingFact:
    """A fact built as the service will, from `meeting.held`. Attendees: (code, kind, status, role)."""
    starts = datetime(held_on.year, held_on.month, held_on.day, 1, tzinfo=UTC)
    data = MeetingHeld.model_validate(
        {
            "meeting": {
                "meeting_id": meeting_id,
                "title": {"en": meeting_id},
                "mechanism_code": mechanism,
                "issue_area_codes": list(issue_areas),
                "track": track,
                "level": level,
                "host_code": attendees[0][0] if attendees else "KOR",
                "city": "Seoul",
                "country_code": "KOR",
                "starts_at": starts,
                "ends_at": starts,
                "time_zone": "Asia/Seoul",
                "status": "held",
                "version": version,
            },
            "held_on": held_on,
            "attendees": [
                {"member_code": code, "kind": kind, "status_on_meeting_date": status, "role": role}
                for code, kind, status, role in attendees
            ],
            "outcomes": [
                {"id": oid, "type": otype, "text": otype, "member_codes": members}
                for oid, otype, members in outcomes
            ],
            "summary": "",
        }
    )
    return HeldMeetingFact.from_event(data)


def states(
    *codes: str, status: str = "participant", role: str = "participant"
) -> list[tuple[str, str, str | None, str]]:
    return [(code, "state", status, role) for code in codes]


def trm_plus(meeting_id: str, held_on: date, **kwargs: Any) -> HeldMeetingFact:
    return held(meeting_id, held_on, states(*TRM_PLUS_STATES), **kwargs)


def expansion(
    code: str, version: int, on: date, added: list[str], agenda: str | None
) -> MechanismExpansionFact:
    return MechanismExpansionFact(
        id=f"mechanism:{code}:joined:{on.isoformat()}",
        mechanism_code=code,
        joined_on=on,
        added_member_codes=tuple(sorted(added)),
        agenda=agenda,
        version=version,
    )


def document(advancement: dict[str, Any]) -> CriteriaDocument:
    return parse_document(
        {
            "roadmap_code": "TEST",
            "version": 1,
            "stages": [
                {"code": "one", "order": 1, "name": "One"},
                {"code": "two", "order": 2, "name": "Two"},
            ],
            "advancement": {"two": advancement},
        }
    )


def judge(
    doc: CriteriaDocument, facts: list[Fact], today: date = TODAY, track: str = "nuclear_safety"
) -> Any:
    return evaluate(
        doc, track=track, into_stage="two", facts=facts, stage_began=StageStart.beginning(), today=today
    )


def stages_reached(advancements: list[Advancement], start: str = "gain_support") -> str:
    return advancements[-1].to_stage if advancements else start


# --- the TRM+ example -------------------------------------------------------------------------------


def test_the_first_and_second_trm_plus_meetings_advance_nuclear_safety_to_the_framework_stage() -> None:
    first, second = trm_plus("trm-plus-1", date(2013, 10, 28)), trm_plus("trm-plus-2", date(2014, 5, 20))
    advancements = advance(
        napci_criteria(),
        track="nuclear_safety",
        current_stage="gain_support",
        facts=[first, second],
        today=TODAY,
    )
    assert [(a.from_stage, a.to_stage, a.completed_by, a.on) for a in advancements] == [
        ("gain_support", "accumulate_practice", "trm-plus-1", date(2013, 10, 28)),
        ("accumulate_practice", "solid_framework", "trm-plus-2", date(2014, 5, 20)),
    ]
    into_practice, into_framework = (a.evaluation.criterion for a in advancements)
    # The 1st meeting: a Track 1 meeting with 5 >= 3 states in good standing.
    assert [part.met for part in into_practice.criteria] == [False, True, False]
    assert into_practice.criteria[1].evidence.meeting_ids == ("trm-plus-1",)
    # The 2nd: the one Track 1 meeting since the stage began, and regular with the 1st over two years.
    since, regular = into_framework.criteria
    assert (since.met, since.value, since.evidence.meeting_ids) == (True, 1, ("trm-plus-2",))
    assert (regular.met, regular.value, regular.target) == (True, 2, 2)
    assert into_framework.evidence.meeting_ids == ("trm-plus-1", "trm-plus-2")


def test_the_trm_plus_example_moves_no_other_track() -> None:
    facts: list[Fact] = [
        trm_plus("trm-plus-1", date(2013, 10, 28)),
        trm_plus("trm-plus-2", date(2014, 5, 20)),
    ]
    doc = napci_criteria()
    moved = [
        scope.code
        for scope in track_scopes(doc, HISTORY_STAGES)
        if advance(doc, track=scope.code, current_stage="gain_support", facts=facts, today=TODAY)
    ]
    assert moved == ["nuclear_safety"]


def test_the_meeting_that_opened_a_stage_does_not_count_again_toward_leaving_it() -> None:
    advancements = advance(
        napci_criteria(),
        track="nuclear_safety",
        current_stage="gain_support",
        facts=[trm_plus("trm-plus-1", date(2013, 10, 28))],
        today=TODAY,
    )
    assert [a.to_stage for a in advancements] == ["accumulate_practice"]


def test_two_trm_plus_meetings_in_the_same_year_are_not_yet_regular() -> None:
    facts: list[Fact] = [trm_plus("trm-plus-1", date(2014, 2, 1)), trm_plus("trm-plus-2", date(2014, 11, 1))]
    advancements = advance(
        napci_criteria(), track="nuclear_safety", current_stage="gain_support", facts=facts, today=TODAY
    )
    assert stages_reached(advancements) == "accumulate_practice"


# --- who counts -------------------------------------------------------------------------------------


def test_a_meeting_held_by_observers_only_does_not_count_toward_the_stage() -> None:
    observers = held(
        "observers", date(2013, 10, 28), states(*TRM_PLUS_STATES, status="observer", role="observer")
    )
    as_observer_role = held("observer-role", date(2013, 11, 28), states(*TRM_PLUS_STATES, role="observer"))
    advancements = advance(
        napci_criteria(),
        track="nuclear_safety",
        current_stage="gain_support",
        facts=[observers, as_observer_role],
        today=TODAY,
    )
    assert advancements == []


def test_members_not_in_good_standing_on_the_meeting_date_do_not_count() -> None:
    suspended = held(
        "suspended", date(2013, 10, 28), states("KOR", "JPN") + states("CHN", "USA", status="suspended")
    )
    unregistered = held(
        "unregistered", date(2013, 11, 28), [*states("KOR", "JPN"), ("RUS", "state", None, "participant")]
    )
    doc = napci_criteria()
    assert (
        advance(
            doc,
            track="nuclear_safety",
            current_stage="gain_support",
            facts=[suspended, unregistered],
            today=TODAY,
        )
        == []
    )


def test_distinct_participants_counts_each_member_once_and_never_observers() -> None:
    doc = document({"kind": "distinct_participants", "count": 3, "member_kind": "state"})
    facts: list[Fact] = [
        held("m1", date(2014, 1, 1), states("KOR", "JPN") + states("CHN", status="observer")),
        held(
            "m2", date(2014, 2, 1), [*states("KOR", "JPN"), ("SEJONG", "institute", "partner", "participant")]
        ),
    ]
    result = judge(doc, facts).criterion
    assert (result.met, result.value, result.evidence.member_codes) == (False, 2, ("JPN", "KOR"))
    facts.append(held("m3", date(2014, 3, 1), states("RUS")))
    assert judge(doc, facts).criterion.value == 3


def test_outcomes_count_only_members_behind_them_that_attended_in_good_standing() -> None:
    doc = document({"kind": "outcomes", "types": ["support_expressed"], "count": 2, "distinct_members": 2})
    facts: list[Fact] = [
        held("us", date(2013, 5, 7), states("KOR", "USA"), outcomes=[("o-us", "support_expressed", ["USA"])]),
        held(
            "asean",
            date(2013, 10, 9),
            [*states("KOR"), ("ASEAN", "regional_organization", "observer", "participant")],
            outcomes=[("o-asean", "support_expressed", ["ASEAN"])],
        ),
        held(
            "mou", date(2013, 10, 9), states("KOR", "JPN"), outcomes=[("o-mou", "mou_signed", ["KOR", "JPN"])]
        ),
    ]
    result = judge(doc, facts).criterion
    assert (result.met, result.value, result.members_value, result.evidence.outcome_ids) == (
        False,
        1,
        1,
        ("o-us",),
    )
    facts.append(
        held("cn", date(2013, 6, 27), states("KOR", "CHN"), outcomes=[("o-cn", "support_expressed", ["CHN"])])
    )
    result = judge(doc, facts).criterion
    assert (result.met, result.evidence.outcome_ids, result.evidence.member_codes) == (
        True,
        ("o-cn", "o-us"),
        ("CHN", "USA"),
    )


# --- order independence -----------------------------------------------------------------------------


def mixed_facts() -> list[Fact]:
    return [
        trm_plus("trm-plus-2", date(2014, 5, 20)),
        held(
            "summit-us",
            date(2013, 5, 7),
            states("KOR", "USA"),
            issue_areas=(),
            mechanism=None,
            outcomes=[("o-us", "support_expressed", ["USA"])],
        ),
        held(
            "summit-cn",
            date(2013, 6, 27),
            states("KOR", "CHN"),
            issue_areas=(),
            mechanism=None,
            outcomes=[("o-cn", "support_expressed", ["CHN"])],
        ),
        trm_plus("trm-plus-1", date(2013, 10, 28)),
        held("same-day", date(2013, 10, 28), states("KOR", "JPN", "CHN")),
        expansion("TRM", 2, date(2013, 9, 1), ["USA", "RUS"], "nuclear_safety"),
    ]


def outcome_of(facts: list[Fact]) -> list[list[Advancement]]:
    doc = napci_criteria()
    return [
        advance(doc, track=track, current_stage="gain_support", facts=facts, today=TODAY)
        for track in ("napci", "nuclear_safety")
    ]


def test_every_order_of_the_same_facts_gives_the_same_advancements() -> None:
    facts = mixed_facts()
    expected = outcome_of(facts)
    assert stages_reached(expected[1]) == "solid_framework"
    for order in itertools.islice(itertools.permutations(facts), 0, None, 37):
        assert outcome_of(list(order)) == expected


def test_delivering_every_fact_twice_in_shuffled_order_counts_each_once() -> None:
    facts = mixed_facts()
    expected = outcome_of(facts)
    generator = random.Random(20140520)
    for _ in range(20):
        twice = facts + mixed_facts()
        generator.shuffle(twice)
        assert outcome_of(twice) == expected


def test_a_meeting_recorded_twice_is_one_meeting() -> None:
    doc = document({"kind": "meetings_held", "count": 2})
    once = trm_plus("trm-plus-1", date(2013, 10, 28))
    result = judge(doc, [once, once, trm_plus("trm-plus-1", date(2013, 10, 28), version=4)]).criterion
    assert (result.met, result.value, result.evidence.meeting_ids) == (False, 1, ("trm-plus-1",))


# --- regularity, windows, expansion, combinations ---------------------------------------------------


def test_regularity_counts_distinct_years() -> None:
    doc = document({"kind": "regularity", "count": 3, "periods": "year"})
    facts: list[Fact] = [
        trm_plus(f"m{i}", day)
        for i, day in enumerate([date(2012, 1, 5), date(2012, 12, 5), date(2013, 6, 1)])
    ]
    assert (judge(doc, facts).criterion.value, judge(doc, facts).met) == (2, False)
    facts.append(trm_plus("m3", date(2014, 1, 1)))
    assert (judge(doc, facts).criterion.value, judge(doc, facts).met) == (3, True)


def test_regularity_counts_distinct_quarters() -> None:
    doc = document({"kind": "regularity", "count": 3, "periods": "quarter"})
    days = [date(2014, 1, 1), date(2014, 3, 31), date(2014, 4, 1), date(2014, 12, 31)]
    result = judge(doc, [trm_plus(f"m{i}", day) for i, day in enumerate(days)]).criterion
    assert (result.value, result.met, len(result.evidence.meeting_ids)) == (3, True, 4)


def test_a_rolling_window_holds_only_the_last_days_up_to_today() -> None:
    doc = document({"kind": "meetings_held", "count": 2, "window": {"rolling": {"days": 365}}})
    facts: list[Fact] = [
        trm_plus("old", date(2013, 1, 1)),
        trm_plus("recent", date(2014, 1, 2)),
        trm_plus("future", date(2014, 6, 1)),
    ]
    result = judge(doc, facts, today=date(2014, 1, 2)).criterion
    assert (result.met, result.evidence.meeting_ids) == (False, ("recent",))
    result = judge(doc, facts, today=date(2013, 12, 31)).criterion
    assert (result.met, result.evidence.meeting_ids) == (False, ("old",))
    assert judge(doc, facts, today=date(2014, 6, 1)).criterion.evidence.meeting_ids == ("future", "recent")


def test_a_mechanism_of_the_track_that_gained_members_counts_as_expansion() -> None:
    doc = document({"kind": "mechanism_expansion", "count": 2, "mechanism_codes": ["TRM"]})
    facts: list[Fact] = [
        expansion("TRM", 2, date(2013, 9, 1), ["USA"], "nuclear_safety"),
        expansion("NEASPEC", 5, date(2013, 9, 1), ["MNG", "RUS"], "environment"),
    ]
    result = judge(doc, facts).criterion
    assert (result.met, result.value, result.evidence.expansion_ids) == (
        False,
        1,
        ("mechanism:TRM:joined:2013-09-01",),
    )
    facts.append(expansion("TRM", 3, date(2013, 10, 1), ["RUS"], "nuclear_safety"))
    result = judge(doc, facts).criterion
    assert (result.met, result.evidence.member_codes) == (True, ("RUS", "USA"))
    assert judge(doc, facts, track="environment").criterion.value == 0


def test_all_of_needs_every_part_and_shows_the_evidence_of_every_part() -> None:
    doc = document(
        {
            "kind": "all_of",
            "criteria": [
                {"kind": "meetings_held", "count": 1, "filter": {"levels": ["ministerial"]}},
                {"kind": "outcomes", "types": ["mou_signed"], "count": 1},
            ],
        }
    )
    facts: list[Fact] = [
        trm_plus("ministers", date(2014, 1, 1), level="ministerial"),
        trm_plus("mou", date(2014, 2, 1), outcomes=[("o-mou", "mou_signed", ["KOR", "JPN"])]),
    ]
    result = judge(doc, facts[:1]).criterion
    assert (result.met, result.value, result.target) == (False, 1, 2)
    result = judge(doc, facts).criterion
    assert (result.met, result.evidence.meeting_ids, result.evidence.outcome_ids) == (
        True,
        ("ministers", "mou"),
        ("o-mou",),
    )
    assert [part.path for part in result.criteria] == [
        "advancement.two.criteria[0]",
        "advancement.two.criteria[1]",
    ]


def test_any_of_is_met_by_one_part_and_shows_only_the_evidence_of_what_met() -> None:
    doc = document(
        {
            "kind": "any_of",
            "criteria": [
                {"kind": "meetings_held", "count": 2, "filter": {"tracks": ["1.5"]}},
                {"kind": "meetings_held", "count": 1, "filter": {"mechanisms": ["TRM+"]}},
            ],
        }
    )
    facts: list[Fact] = [
        trm_plus("trm", date(2014, 1, 1)),
        held("seminar", date(2014, 1, 2), states("KOR"), track="1.5", mechanism=None),
    ]
    result = judge(doc, facts).criterion
    assert (result.met, result.value, result.evidence.meeting_ids) == (True, 1, ("trm",))
    result = judge(doc, facts[1:]).criterion
    assert (result.met, result.evidence.meeting_ids) == (False, ("seminar",))


# --- the reference history --------------------------------------------------------------------------


def history_facts() -> list[Fact]:
    """Every history entry held, its gaps filled as the history replay through the meetings API fills
    them (common.testing.history); members attend with their reference kind and status."""
    reference = load_reference()
    members = {member["code"]: member for member in reference["members"]}
    facts: list[Fact] = []
    for index, meeting in enumerate(historic_meetings(reference)):
        host = meeting.schedule["host_code"]
        attendees = [
            (code, members[code]["kind"], members[code]["status"], "host" if code == host else "participant")
            for code in (entry["member_code"] for entry in meeting.held["attendance"])
        ]
        outcomes = [
            (f"history-{index:02d}-o{n}", outcome["type"], outcome["member_codes"])
            for n, outcome in enumerate(meeting.held["outcomes"])
        ]
        facts.append(
            held(
                f"history-{index:02d}",
                meeting.held_on,
                attendees,
                issue_areas=tuple(meeting.schedule["issue_area_codes"]),
                track=meeting.schedule["track"],
                level=meeting.schedule["level"],
                mechanism=meeting.schedule["mechanism_code"],
                outcomes=outcomes,
            )
        )
    return facts


def test_replaying_the_2011_to_2014_history_leaves_each_track_in_the_stage_the_defaults_document() -> None:
    doc = napci_criteria()
    # Locked traditional areas have no track until a decision opens them.
    areas = [area["code"] for area in load_reference()["issue_areas"] if area.get("kind") != "traditional"]
    facts = history_facts()
    reached = {
        scope.code: stages_reached(
            advance(doc, track=scope.code, current_stage="gain_support", facts=facts, today=TODAY)
        )
        for scope in track_scopes(doc, areas)
    }
    assert reached == HISTORY_STAGES


def test_the_initiative_gained_support_at_the_rok_china_summit_from_the_usa_and_china() -> None:
    [advancement] = advance(
        napci_criteria(), track="napci", current_stage="gain_support", facts=history_facts(), today=TODAY
    )
    support = advancement.evaluation.criterion.criteria[0]
    assert (advancement.on, support.met, support.evidence.member_codes) == (
        date(2013, 6, 1),
        True,
        ("CHN", "USA"),
    )
