"""The initiative's rules, pure: what an expansion is, who must agree to a decision, when it may be dated."""

from __future__ import annotations

import re
from datetime import date

import pytest

from common.errors import Conflict, RuleViolated
from common.testing.infrastructure import project_root
from roadmap.decisions.domain import Party, check_decision_date, check_opening_stage, consensus, opening_rule
from roadmap.defaults import napci_criteria
from roadmap.facts import MechanismRecord, Membership, expansions_of
from roadmap.models import KnownIssueArea, TrackRecord
from roadmap.rebuild import WIPES
from roadmap.rebuild import main as rebuild_main
from roadmap.tracks.repository import DERIVED

TRM = MechanismRecord(
    code="TRM",
    agenda="nuclear_safety",
    expands_code=None,
    memberships=tuple(Membership(code, date(2008, 12, 13)) for code in ("CHN", "JPN", "KOR")),
)


def trm_plus(joined_on: date | None) -> MechanismRecord:
    return MechanismRecord(
        code="TRM+",
        agenda="nuclear_safety",
        expands_code="TRM",
        memberships=tuple(Membership(code, joined_on) for code in ("CHN", "JPN", "KOR", "RUS", "USA")),
    )


def test_the_founding_members_of_a_new_mechanism_are_not_an_expansion() -> None:
    founded = MechanismRecord(
        code="GTI-TFC",
        agenda="trade_facilitation",
        expands_code=None,
        memberships=tuple(Membership(code, date(2015, 3, 1)) for code in ("CHN", "KOR", "MNG", "RUS")),
    )
    assert expansions_of([founded]) == []


def test_a_member_joining_after_the_founding_is_an_expansion_on_its_joining_date() -> None:
    grown = MechanismRecord(
        code="TRM",
        agenda="nuclear_safety",
        expands_code=None,
        memberships=(*TRM.memberships, Membership("MNG", date(2015, 6, 1))),
    )
    [fact] = expansions_of([grown])
    assert (fact.id, fact.on, fact.added_member_codes, fact.agenda) == (
        "mechanism:TRM:joined:2015-06-01",
        date(2015, 6, 1),
        ("MNG",),
        "nuclear_safety",
    )


def test_a_mechanism_expanding_another_counts_the_members_beyond_it_on_its_founding() -> None:
    [fact] = expansions_of([TRM, trm_plus(date(2013, 10, 1))])
    assert (fact.id, fact.on, fact.added_member_codes) == (
        "mechanism:TRM+:expands:TRM",
        date(2013, 10, 1),
        ("RUS", "USA"),
    )
    # The same whatever order the mechanisms are known in.
    assert expansions_of([trm_plus(date(2013, 10, 1)), TRM]) == [fact]


def test_an_expansion_needs_a_date_and_an_expanded_mechanism_with_registered_members() -> None:
    assert expansions_of([TRM, trm_plus(None)]) == []
    declared_only = MechanismRecord(code="TRM", agenda="nuclear_safety", expands_code=None, memberships=())
    assert expansions_of([declared_only, trm_plus(date(2013, 10, 1))]) == []
    assert expansions_of([trm_plus(date(2013, 10, 1))]) == []


def party(code: str, status: str, kind: str = "state", since: date = date(2013, 5, 1)) -> Party:
    return Party(code=code, kind=kind, status_history=((since, status),))


MEMBERS = {
    "KOR": party("KOR", "participant"),
    "JPN": party("JPN", "participant"),
    "CHN": party("CHN", "participant"),
    "PRK": Party(
        code="PRK",
        kind="state",
        status_history=((date(2013, 5, 1), "invited"), (date(2016, 1, 1), "participant")),
    ),
    "EU": party("EU", "observer", kind="regional_organization"),
    "MNG": party("MNG", "observer"),
}


def test_a_consensus_is_every_state_participating_on_the_date_and_nobody_else() -> None:
    assert consensus(["KOR", "JPN", "CHN"], MEMBERS, date(2015, 1, 1)) == ["CHN", "JPN", "KOR"]
    with pytest.raises(Conflict) as missing:
        consensus(["KOR"], MEMBERS, date(2015, 1, 1))
    assert missing.value.extensions["missing"] == ["CHN", "JPN"]


def test_the_dprk_joins_the_consensus_from_the_day_it_participates() -> None:
    with pytest.raises(Conflict) as missing:
        consensus(["KOR", "JPN", "CHN"], MEMBERS, date(2016, 1, 1))
    assert missing.value.extensions["missing"] == ["PRK"]
    with pytest.raises(RuleViolated):
        consensus(["KOR", "JPN", "CHN", "PRK"], MEMBERS, date(2015, 12, 31))


def test_unknown_codes_non_states_and_observers_are_refused_by_name() -> None:
    with pytest.raises(RuleViolated) as refused:
        consensus(["KOR", "JPN", "CHN", "XXX", "EU", "MNG"], MEMBERS, date(2015, 1, 1))
    assert refused.value.field == "agreed_by"
    assert [r["code"] for r in refused.value.extensions["refused"]] == ["EU", "MNG", "XXX"]


def test_a_decision_may_not_be_dated_in_the_future_nor_before_the_last_change() -> None:
    with pytest.raises(RuleViolated):
        check_decision_date(date(2030, 1, 1), today=date(2026, 11, 29), last_change=None, what="track x")
    with pytest.raises(Conflict) as early:
        check_decision_date(
            date(2014, 11, 10), today=date(2026, 11, 29), last_change=date(2015, 1, 1), what="track x"
        )
    assert early.value.extensions["last_change"] == "2015-01-01"
    check_decision_date(date(2015, 1, 1), today=date(2026, 11, 29), last_change=date(2015, 1, 1), what="x")


def area(kind: str, *, is_open: bool) -> KnownIssueArea:
    return KnownIssueArea(code="political_military", kind=kind, open=is_open, version=1)


def test_only_a_locked_traditional_area_the_roadmap_knows_may_open_and_only_if_the_criteria_say_how() -> None:
    napci = napci_criteria()
    for unknown_or_not_locked in (
        None,
        area("non_traditional", is_open=True),
        area("traditional", is_open=True),
    ):
        with pytest.raises(RuleViolated) as refused:
            opening_rule(napci, "political_military", unknown_or_not_locked)
        assert refused.value.field == "issue_area_code"
    with pytest.raises(Conflict):
        opening_rule(
            napci.model_copy(update={"opening": None}),
            "political_military",
            area("traditional", is_open=False),
        )
    rule = opening_rule(napci, "political_military", area("traditional", is_open=False))
    assert (rule.track, rule.stage) == ("napci", "solid_framework")


def test_an_area_opens_only_once_the_initiative_stands_at_the_framework_stage() -> None:
    napci = napci_criteria()
    assert napci.opening is not None
    with pytest.raises(Conflict) as early:
        check_opening_stage(napci, napci.opening, "accumulate_practice", date(2015, 10, 30))
    assert early.value.extensions["stage"] == "accumulate_practice"
    assert early.value.extensions["required_stage"] == "solid_framework"
    check_opening_stage(napci, napci.opening, "solid_framework", date(2015, 10, 30))


def test_the_rebuild_command_parses_its_arguments_strictly_and_wipes_nothing_without_yes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as helped:
        rebuild_main(["--help"])
    assert helped.value.code == 0
    assert "--yes" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        rebuild_main(["--bogus"])
    assert refused.value.code == 2
    assert rebuild_main([]) == 2
    said = capsys.readouterr().out
    assert "would clear held_meetings" in said
    assert "Nothing was changed" in said


def test_the_runbook_and_the_rebuild_command_say_what_the_rebuild_clears_as_the_code_clears_it() -> None:
    # Issue 11, item 10: they once disagreed on whether known_members is kept.
    runbook = (project_root() / "docs" / "runbook.md").read_text()
    section = runbook.split("### The roadmap: `python -m roadmap.rebuild --yes`", 1)[1].split("\n### ", 1)[0]
    cleared = section.split("- **Cleared**", 1)[1].split("- **Kept**", 1)[0]
    kept = section.split("- **Kept**", 1)[1].split("\n\n", 1)[0]
    derived = {model.__tablename__ for model in DERIVED}
    assert set(re.findall(r"`([a-z_]+)`", cleared)) == derived | {TrackRecord.__tablename__}
    assert not derived & set(re.findall(r"`([a-z_]+)`", kept))
    said, kept_by_the_command = WIPES.split("; kept:", 1)
    assert all(table in said and table not in kept_by_the_command for table in derived)
