"""The rules of a member (registry.members.domain) on plain values, without a database: where it belongs,
that its names stay, and how its participation history moves on. The corrections of that history have
their own module, test_correction_rules.py. Each refusal carries the problem the integration tests read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from common.errors import Conflict, DomainError, RuleViolated
from registry.members.domain import Period, check_names_kept, check_parent, check_status_change


def refused(check: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        check()
    return refusal.value


# --- where a member belongs ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["state", "regional_organization", "institute"])
def test_a_member_other_than_a_local_government_needs_no_parent(kind: str) -> None:
    check_parent("MNG", kind, None, None)


def test_a_local_government_belongs_to_a_registered_state() -> None:
    check_parent(None, "local_government", "PRK", "state")
    check_parent("RASON", "local_government", "PRK", "state")


def test_a_local_government_without_a_parent_is_refused() -> None:
    refusal = refused(lambda: check_parent(None, "local_government", None, None))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field) == (422, "parent_code")
    assert refusal.detail == "a local government belongs to a state: give parent_code"


def test_a_parent_that_is_not_registered_is_refused() -> None:
    refusal = refused(lambda: check_parent(None, "local_government", "ZZZ", None))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("parent_code", "parent member ZZZ is not registered")


def test_a_parent_that_is_not_a_state_is_refused() -> None:
    refusal = refused(lambda: check_parent("RASON", "local_government", "GTI-LCC", "institute"))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("parent_code", "parent GTI-LCC is not a state")


def test_a_member_cannot_be_its_own_parent() -> None:
    refusal = refused(lambda: check_parent("KOR", "state", "KOR", "state"))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("parent_code", "a member cannot be its own parent")


def test_an_edit_may_change_the_names_but_not_remove_them() -> None:
    check_names_kept({"names": {"en": "Republic of Korea"}})
    check_names_kept({"role_note": "facilitator"})
    refusal = refused(lambda: check_names_kept({"names": None, "role_note": None}))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field) == (422, "names")
    assert refusal.detail == "names cannot be removed; an English name is required"


# --- the participation history moves on -----------------------------------------------------------------

LAST = Period("participant", date(2014, 1, 1))


def test_the_first_status_of_a_member_with_no_history_is_always_accepted() -> None:
    check_status_change("PRK", None, "invited", date(2013, 5, 1))


@pytest.mark.parametrize("effective_from", [date(2014, 1, 1), date(2015, 1, 1)])
def test_a_change_to_another_status_on_or_after_the_last_one_is_accepted(effective_from: date) -> None:
    check_status_change("KOR", LAST, "suspended", effective_from)


def test_a_change_dated_before_the_last_one_is_a_conflict_that_points_to_corrections() -> None:
    refusal = refused(lambda: check_status_change("KOR", LAST, "observer", date(2013, 12, 31)))
    assert isinstance(refusal, Conflict)
    assert (refusal.status, refusal.field) == (409, "effective_from")
    assert refusal.extensions == {
        "current_status": "participant",
        "current_since": "2014-01-01",
        "corrections": "/v1/members/KOR/status/corrections",
    }
    assert refusal.detail == (
        "KOR has been participant since 2014-01-01; a change cannot be dated earlier. To correct a mistaken "
        "history, an administrator posts the period, the correction and a reason to "
        "/v1/members/KOR/status/corrections"
    )


def test_a_change_to_the_status_already_in_force_is_a_conflict() -> None:
    refusal = refused(lambda: check_status_change("KOR", LAST, "participant", date(2015, 1, 1)))
    assert isinstance(refusal, Conflict)
    assert (refusal.field, refusal.extensions) == ("status", {"current_status": "participant"})
    assert refusal.detail == "KOR is already participant (since 2014-01-01)"


def test_a_backdated_change_is_refused_for_its_date_before_its_status() -> None:
    refusal = refused(lambda: check_status_change("KOR", LAST, "participant", date(2013, 1, 1)))
    assert refusal.field == "effective_from"
