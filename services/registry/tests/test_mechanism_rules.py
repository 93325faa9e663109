"""The rules of mechanisms (registry.mechanisms.domain) and of issue areas (registry.issue_areas.domain) on
plain values, without a database: expansions without cycles, who joins and leaves when, what is counted,
which areas start open and what an edit changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from common.errors import Conflict, DomainError, NotFound, RuleViolated
from registry.issue_areas.domain import open_at_registration, renamed
from registry.mechanisms.domain import (
    check_expands,
    check_founding_members,
    check_new_members,
    current_memberships,
    member_count,
    running_membership,
)


@dataclass
class Membership:
    member_code: str
    joined_on: date | None = None
    left_on: date | None = None


def refused(check: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        check()
    return refusal.value


# --- expansions ---------------------------------------------------------------------------------------

# NEASPEC expands GTI, which expands TCS; TRM+ expands TRM.
EXPANDS = {"TRM+": "TRM", "GTI": "TCS", "NEASPEC": "GTI"}


def test_a_mechanism_may_expand_another_registered_one_that_does_not_expand_it() -> None:
    check_expands("TRM+", "TRM", registered=True, expands_of={})
    check_expands("ARF", "NEASPEC", registered=True, expands_of=EXPANDS)


def test_a_mechanism_cannot_expand_itself() -> None:
    refusal = refused(lambda: check_expands("TRM", "TRM", registered=True, expands_of=EXPANDS))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field) == (422, "expands_code")
    assert refusal.detail == "a mechanism cannot expand itself"


def test_a_mechanism_cannot_expand_one_not_registered() -> None:
    refusal = refused(lambda: check_expands("TRM+", "TRM", registered=False, expands_of={}))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == (
        "expands_code",
        "mechanism TRM is not registered; register it first",
    )


def test_a_mechanism_cannot_expand_one_that_already_expands_it_directly() -> None:
    refusal = refused(lambda: check_expands("TRM", "TRM+", registered=True, expands_of=EXPANDS))
    assert isinstance(refusal, RuleViolated)
    assert refusal.field == "expands_code"
    assert refusal.extensions == {"expansion_chain": ["TRM+", "TRM"]}
    assert refusal.detail == "TRM+ already expands TRM (TRM+ -> TRM), so TRM cannot expand it"


def test_a_mechanism_cannot_expand_one_that_already_expands_it_through_others() -> None:
    refusal = refused(lambda: check_expands("TCS", "NEASPEC", registered=True, expands_of=EXPANDS))
    assert refusal.extensions == {"expansion_chain": ["NEASPEC", "GTI", "TCS"]}


def test_a_cycle_elsewhere_in_the_chain_ends_the_walk_without_a_refusal() -> None:
    check_expands("ARF", "A", registered=True, expands_of={"A": "B", "B": "A"})


# --- who joins ------------------------------------------------------------------------------------------


def test_founding_members_may_be_dated_and_a_mechanism_may_have_none() -> None:
    check_founding_members(["KOR", "JPN"], date(2008, 12, 13))
    check_founding_members(["KOR"], None)
    check_founding_members([], None)


def test_a_joining_date_without_founding_members_is_refused() -> None:
    refusal = refused(lambda: check_founding_members([], date(2008, 12, 13)))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == (
        "joined_on",
        "joined_on dates member_codes; give them too or leave it out",
    )


def test_registered_members_not_yet_in_the_mechanism_join() -> None:
    existing = [Membership("KOR"), Membership("MNG", date(2010, 1, 1), date(2012, 1, 1))]
    check_new_members(existing, ["CHN", "MNG"], {"CHN", "MNG"}, date(2012, 1, 1))


def test_a_member_listed_twice_is_refused() -> None:
    refusal = refused(lambda: check_new_members([], ["KOR", "JPN", "KOR"], {"KOR", "JPN"}, None))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("member_codes", "listed more than once: KOR")


def test_members_not_registered_are_refused_and_listed() -> None:
    refusal = refused(lambda: check_new_members([], ["PRK", "KOR", "ABC"], {"KOR"}, None))
    assert isinstance(refusal, RuleViolated)
    assert refusal.field == "member_codes"
    assert refusal.extensions == {"unknown_member_codes": ["ABC", "PRK"]}
    assert refusal.detail == "not registered members: ABC, PRK; register them first"


@pytest.mark.parametrize(
    ("existing", "joined_on"),
    [
        (Membership("JPN"), date(2015, 6, 1)),
        (Membership("JPN", date(2010, 1, 1), date(2016, 1, 1)), date(2015, 6, 1)),
        (Membership("JPN", date(2010, 1, 1), date(2012, 1, 1)), None),
    ],
    ids=["still a member", "left after the new joining date", "no joining date to rule out an overlap"],
)
def test_a_membership_that_would_overlap_one_the_member_has_is_a_conflict(
    existing: Membership, joined_on: date | None
) -> None:
    refusal = refused(lambda: check_new_members([existing], ["JPN"], {"JPN"}, joined_on))
    assert isinstance(refusal, Conflict)
    assert (refusal.status, refusal.field) == (409, "member_codes")
    assert refusal.extensions == {"current_member_codes": ["JPN"]}
    assert refusal.detail == "already members of this mechanism: JPN"


# --- who leaves -------------------------------------------------------------------------------------------

TRM = [
    Membership("CHN", date(2008, 12, 13)),
    Membership("KOR", date(2010, 1, 1), date(2012, 1, 1)),
    Membership("JPN"),
]


def test_a_member_leaves_its_running_membership_from_the_day_it_joined_on() -> None:
    assert running_membership(TRM, "TRM", "CHN", date(2008, 12, 13)) is TRM[0]
    assert running_membership(TRM, "TRM", "JPN", date(2000, 1, 1)) is TRM[2]


def test_a_member_that_never_belonged_is_not_found() -> None:
    refusal = refused(lambda: running_membership(TRM, "TRM", "PRK", date(2015, 1, 1)))
    assert isinstance(refusal, NotFound)
    assert (refusal.status, refusal.field, refusal.detail) == (
        404,
        "member_code",
        "PRK is not a member of TRM",
    )


def test_a_member_that_already_left_is_not_found_and_told_when_it_left() -> None:
    refusal = refused(lambda: running_membership(TRM, "TRM", "KOR", date(2015, 1, 1)))
    assert isinstance(refusal, NotFound)
    assert refusal.field == "member_code"
    assert refusal.detail == "KOR is not a member of TRM; it left on 2012-01-01"


def test_a_member_cannot_leave_before_it_joined() -> None:
    refusal = refused(lambda: running_membership(TRM, "TRM", "CHN", date(2008, 12, 12)))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field) == (422, "left_on")
    assert refusal.extensions == {"joined_on": "2008-12-13"}
    assert refusal.detail == "CHN joined TRM on 2008-12-13; it cannot leave before that"


# --- what is counted --------------------------------------------------------------------------------------


def test_memberships_in_force_count_from_always_without_a_joining_date_and_end_the_day_left() -> None:
    assert current_memberships(TRM, date(2011, 1, 1)) == TRM
    assert current_memberships(TRM, date(2012, 1, 1)) == [TRM[0], TRM[2]]
    assert current_memberships(TRM, date(2008, 12, 12)) == [TRM[2]]


def test_registered_members_win_over_a_declared_count_as_soon_as_any_are_registered() -> None:
    assert member_count(TRM, 5, date(2015, 1, 1)) == (2, "registered")
    assert member_count([], 27, date(2015, 1, 1)) == (27, "declared")
    assert member_count([], None, date(2015, 1, 1)) == (0, "registered")


# --- issue areas ------------------------------------------------------------------------------------------


def test_non_traditional_areas_start_open_and_traditional_ones_locked() -> None:
    assert open_at_registration("non_traditional")
    assert not open_at_registration("traditional")


def test_an_edit_renames_an_issue_area_and_nothing_else() -> None:
    names = {"en": "Nuclear safety", "ko": "원자력 안전"}
    assert renamed(names, names_sent=True) is names


@pytest.mark.parametrize(
    ("names_sent", "detail"),
    [
        (True, "names cannot be removed; an English name is required"),
        (False, "names are all an edit changes; send them"),
    ],
)
def test_an_edit_without_names_is_refused_naming_them(names_sent: bool, detail: str) -> None:
    refusal = refused(lambda: renamed(None, names_sent=names_sent))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field, refusal.detail) == (422, "names", detail)
