"""Criteria documents: data validated by a published schema, refused with the path at fault."""

from __future__ import annotations

import copy
import json
from typing import Any, get_args

import pytest

from common.contracts.meetings import OutcomeType
from common.contracts.registry import GOOD_STANDING, MemberKind
from common.errors import RuleViolated
from roadmap.criteria.document import GOOD_STANDING_STATUSES, GoodStandingStatus, track_scopes
from roadmap.criteria.domain import (
    SCHEMA_PATH,
    CriteriaRefused,
    adoptable,
    json_schema,
    parse_document,
    validate_references,
)
from roadmap.defaults import NAPCI_CRITERIA_FILE, napci_criteria

ISSUE_AREAS = [
    "nuclear_safety",
    "energy_security",
    "environment",
    "disaster_relief",
    "cyberspace",
    "transnational_crime",
    "counter_terrorism",
    "trade_facilitation",
    "local_cooperation",
    "development_finance",
    "political_military",
]
MECHANISMS = ["TRM", "TRM+", "NEASPEC", "GTI", "GTI-LCC", "GTI-TFC"]


def raw_napci() -> dict[str, Any]:
    path = SCHEMA_PATH.with_name(NAPCI_CRITERIA_FILE)
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return copy.deepcopy(raw)


def references(document_raw: dict[str, Any]) -> list[str]:
    problems = validate_references(
        parse_document(document_raw), ISSUE_AREAS, MECHANISMS, get_args(MemberKind), get_args(OutcomeType)
    )
    return [f"{problem.path}: {problem.message}" for problem in problems]


def refused_paths(document_raw: dict[str, Any]) -> list[str]:
    with pytest.raises(CriteriaRefused) as refused:
        parse_document(document_raw)
    return [problem.path for problem in refused.value.problems]


def test_the_published_schema_is_the_one_the_models_generate() -> None:
    published = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == json_schema(), "run `python -m roadmap.criteria` to regenerate criteria.schema.json"


def test_the_statuses_a_criterion_may_name_are_exactly_those_in_good_standing() -> None:
    assert set(get_args(GoodStandingStatus)) == set(GOOD_STANDING_STATUSES) == GOOD_STANDING


def test_the_default_napci_criteria_pass_the_schema_and_name_only_known_things() -> None:
    document = napci_criteria()
    assert document.roadmap_code == "NAPCI"
    assert [stage.code for stage in document.ordered_stages()] == [
        "gain_support",
        "accumulate_practice",
        "solid_framework",
    ]
    assert references(raw_napci()) == []


def test_the_default_tracks_are_the_initiative_and_every_open_issue_area() -> None:
    # Callers pass the open areas: the locked traditional political_military has no track until opened.
    open_areas = sorted(set(ISSUE_AREAS) - {"political_military"})
    codes = [scope.code for scope in track_scopes(napci_criteria(), open_areas)]
    assert codes[0] == "napci"
    assert sorted(codes[1:]) == open_areas
    opened = [scope.code for scope in track_scopes(napci_criteria(), ISSUE_AREAS)]
    assert "political_military" in opened


def test_the_default_criteria_open_a_traditional_area_from_the_initiative_at_the_framework_stage() -> None:
    opening = napci_criteria().opening
    assert opening is not None
    assert (opening.track, opening.stage) == ("napci", "solid_framework")


def test_an_opening_rule_naming_an_unknown_track_or_stage_is_reported() -> None:
    raw = raw_napci()
    raw["opening"] = {"track": "nowhere", "stage": "heaven"}
    assert sorted(references(raw)) == [
        "opening.stage: unknown stage 'heaven'",
        "opening.track: unknown track 'nowhere'",
    ]


def test_a_criterion_with_a_zero_count_is_refused_naming_its_path() -> None:
    raw = raw_napci()
    raw["advancement"]["solid_framework"]["criteria"][1]["count"] = 0
    assert refused_paths(raw) == ["advancement.solid_framework.criteria[1].count"]


def test_an_unknown_criterion_kind_is_refused_naming_its_path() -> None:
    raw = raw_napci()
    raw["advancement"]["accumulate_practice"]["criteria"][2] = {"kind": "vibes", "count": 1}
    assert refused_paths(raw) == ["advancement.accumulate_practice.criteria[2]"]


def test_a_misspelt_field_inside_a_rolling_window_is_refused_naming_its_path() -> None:
    raw = raw_napci()
    raw["advancement"]["solid_framework"]["criteria"][1]["window"] = {"rolling": {"dayz": 30}}
    assert "advancement.solid_framework.criteria[1].window.rolling.dayz" in refused_paths(raw)
    assert "advancement.solid_framework.criteria[1].window.rolling.days" in refused_paths(raw)


def test_a_rolling_window_longer_than_a_century_is_refused_before_its_dates_overflow() -> None:
    raw = raw_napci()
    raw["advancement"]["solid_framework"]["criteria"][1]["window"] = {"rolling": {"days": 1_000_000}}
    assert "advancement.solid_framework.criteria[1].window.rolling.days" in refused_paths(raw)


def test_asking_for_observers_to_count_is_refused_by_the_schema() -> None:
    raw = raw_napci()
    raw["advancement"]["solid_framework"]["criteria"][0]["filter"]["min_attending"]["statuses"] = ["observer"]
    assert refused_paths(raw) == ["advancement.solid_framework.criteria[0].filter.min_attending.statuses[0]"]


def test_two_stages_with_one_code_are_refused() -> None:
    raw = raw_napci()
    raw["stages"][2]["code"] = "gain_support"
    with pytest.raises(CriteriaRefused, match="stage codes must be distinct"):
        parse_document(raw)


def test_an_unknown_issue_area_is_reported_with_its_path_inside_the_document() -> None:
    raw = raw_napci()
    raw["advancement"]["solid_framework"]["criteria"][1]["filter"]["issue_areas"] = [
        "nuclear_safety",
        "piracy",
    ]
    assert references(raw) == [
        "advancement.solid_framework.criteria[1].filter.issue_areas[1]: unknown issue area 'piracy'"
    ]


def test_unknown_mechanisms_kinds_outcome_types_and_stages_are_each_reported_with_their_paths() -> None:
    raw = raw_napci()
    support, meeting, expansion = raw["advancement"]["accumulate_practice"]["criteria"]
    support["types"] = ["support_expressed", "applause"]
    meeting["filter"]["mechanisms"] = ["TRM++"]
    meeting["filter"]["min_attending"]["member_kind"] = "planet"
    expansion["mechanism_codes"] = ["TRM", "XYZ"]
    raw["advancement"]["world_peace"] = {"kind": "meetings_held", "count": 1}
    raw["tracks"]["exclude_issue_areas"] = ["space"]
    assert references(raw) == [
        "tracks.exclude_issue_areas[0]: unknown issue area 'space'",
        "advancement.world_peace: unknown stage 'world_peace'",
        "advancement.accumulate_practice.criteria[0].types[1]: unknown outcome type 'applause'",
        "advancement.accumulate_practice.criteria[1].filter.mechanisms[0]: unknown mechanism 'TRM++'",
        "advancement.accumulate_practice.criteria[1].filter.min_attending.member_kind: "
        "unknown member kind 'planet'",
        "advancement.accumulate_practice.criteria[2].mechanism_codes[1]: unknown mechanism 'XYZ'",
    ]


def test_a_criterion_to_advance_into_the_first_stage_is_reported() -> None:
    raw = raw_napci()
    raw["advancement"]["gain_support"] = {"kind": "meetings_held", "count": 1}
    assert references(raw) == ["advancement.gain_support: the first stage is where tracks begin"]


def test_an_adopted_document_takes_the_next_version_whatever_its_own_says() -> None:
    raw = raw_napci() | {"version": 7}
    adopted = adoptable(raw, roadmap_code="NAPCI", version=2, issue_areas=ISSUE_AREAS, mechanisms=MECHANISMS)
    assert adopted.version == 2
    assert adopted.advancement == napci_criteria().advancement


def test_a_document_for_another_roadmap_naming_unknown_things_is_refused_with_every_problem() -> None:
    raw = raw_napci() | {"roadmap_code": "GTI"}
    raw["tracks"]["exclude_issue_areas"] = ["atlantis"]
    with pytest.raises(RuleViolated) as refused:
        adoptable(raw, roadmap_code="NAPCI", version=2, issue_areas=ISSUE_AREAS, mechanisms=MECHANISMS)
    assert refused.value.field == "roadmap_code"
    assert [error["field"] for error in refused.value.extensions["errors"]] == [
        "roadmap_code",
        "tracks.exclude_issue_areas[0]",
    ]


def test_a_document_failing_the_schema_is_refused_before_its_references_are_looked_at() -> None:
    raw = raw_napci()
    raw["stages"][0]["order"] = 0
    with pytest.raises(RuleViolated) as refused:
        adoptable(raw, roadmap_code="NAPCI", version=2, issue_areas=[], mechanisms=[])
    assert refused.value.field == "stages[0].order"
