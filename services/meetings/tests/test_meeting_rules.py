"""The rules of inviting and of recording a meeting as held (meetings.domain), on plain values: no database,
no broker. Each refusal carries the problem the partner reads, as the integration tests see it over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from common.errors import Conflict, DomainError, RuleViolated
from meetings.domain import (
    Holding,
    Presence,
    Standing,
    check_invitable,
    check_invitations,
    check_issue_areas,
)

RULE_VIOLATED = "https://neacoop.org/problems/rule-violated"
HELD_ON = date(2014, 11, 27)  # the first TRM+ meeting on nuclear safety, in Tokyo


def refused(check: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        check()
    return refusal.value


# --- invitations ------------------------------------------------------------------------------------


def test_members_invited_once_each_with_a_role_other_than_host_are_accepted() -> None:
    check_invitations(
        [("KOR", "participant"), ("ASEAN", "observer"), ("MNG", "guest")], {"JPN"}, "participants"
    )


def test_the_host_is_not_invited_with_the_role_host() -> None:
    refusal = refused(lambda: check_invitations([("KOR", "host")], {"JPN"}, "participants"))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field) == (422, "participants.0.role")
    assert refusal.detail == "the host is the meeting's host_code; invite others with another role"


def test_a_member_already_a_participant_is_a_conflict() -> None:
    refusal = refused(lambda: check_invitations([("KOR", "participant")], {"JPN", "KOR"}, "participants"))
    assert isinstance(refusal, Conflict)
    assert (refusal.status, refusal.field) == (409, "participants.0.member_code")
    assert refusal.detail == "KOR is already a participant"


def test_the_host_itself_counts_as_already_a_participant_at_scheduling() -> None:
    refusal = refused(lambda: check_invitations([("JPN", "participant")], {"JPN"}, "participants"))
    assert isinstance(refusal, Conflict)
    assert refusal.field == "participants.0.member_code"


def test_a_member_invited_twice_in_one_body_is_refused_naming_the_second() -> None:
    invitations = [("KOR", "participant"), ("CHN", "participant"), ("KOR", "observer")]
    refusal = refused(lambda: check_invitations(invitations, {"JPN"}, "participants"))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("participants.2.member_code", "KOR is invited twice")


def test_known_members_not_barred_on_the_meeting_date_may_take_part() -> None:
    invited = [
        ("JPN", "host_code"),
        ("EU", "participants.0.member_code"),
        ("ZAA", "participants.1.member_code"),
    ]
    # An observer by status, and a member with no status yet that day, may still be invited.
    check_invitable(invited, {"JPN": "participant", "EU": "observer", "ZAA": None}, HELD_ON)


def test_a_member_the_registry_copy_does_not_know_is_refused() -> None:
    refusal = refused(lambda: check_invitable([("ZZZ", "participants.0.member_code")], {}, HELD_ON))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.extensions) == ("participants.0.member_code", {"member_code": "ZZZ"})
    assert refusal.detail == "member ZZZ is not known to the registry"


@pytest.mark.parametrize("status", ["suspended", "withdrawn"])
def test_a_member_suspended_or_withdrawn_on_the_meeting_date_cannot_take_part(status: str) -> None:
    refusal = refused(lambda: check_invitable([("PRK", "host_code")], {"PRK": status}, HELD_ON))
    assert isinstance(refusal, RuleViolated)
    assert refusal.field == "host_code"
    assert refusal.extensions == {"member_code": "PRK", "status_on_meeting_date": status}
    assert refusal.detail == f"PRK is {status} on the meeting date 2014-11-27 and cannot take part"


def test_issue_areas_known_and_open_are_kept_once_each_in_order() -> None:
    open_by_code = {"nuclear_safety": True, "energy": True}
    assert check_issue_areas(["nuclear_safety", "energy", "nuclear_safety"], open_by_code) == [
        "nuclear_safety",
        "energy",
    ]


def test_an_issue_area_the_registry_copy_does_not_know_is_refused() -> None:
    refusal = refused(lambda: check_issue_areas(["energy", "piracy"], {"energy": True}))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.extensions) == ("issue_area_codes", {"issue_area_code": "piracy"})
    assert refusal.type_uri() == RULE_VIOLATED


def test_a_traditional_issue_area_stays_locked_until_a_consensus_decision_opens_it() -> None:
    refusal = refused(lambda: check_issue_areas(["security"], {"security": False}))
    assert isinstance(refusal, RuleViolated)
    assert refusal.field == "issue_area_codes"
    assert "locked" in refusal.detail
    assert refusal.extensions == {"issue_area_code": "security"}


# --- recording a meeting as held ----------------------------------------------------------------------

TRM_PLUS = Holding(
    "JPN",
    {"JPN": "host", "KOR": "participant", "CHN": "participant", "ASEAN": "observer", "MNG": "guest"},
    HELD_ON,
)


def attended(*codes: str) -> list[Presence]:
    return [Presence(code, "attended", "senior_officials") for code in codes]


def test_a_meeting_is_recorded_as_held_on_its_date_or_later() -> None:
    TRM_PLUS.check_date(HELD_ON)
    TRM_PLUS.check_date(date(2020, 1, 1))


def test_a_meeting_whose_date_is_still_ahead_cannot_be_recorded_as_held() -> None:
    refusal = refused(lambda: TRM_PLUS.check_date(date(2014, 11, 26)))
    assert isinstance(refusal, RuleViolated)
    assert refusal.field == "starts_at"
    assert refusal.detail == (
        "the meeting's date 2014-11-27 is in the future; record it as held from that day on"
    )


def test_participants_not_listed_were_absent_and_those_listed_keep_their_delegation_level() -> None:
    listed = [*attended("JPN", "KOR"), Presence("ASEAN", "absent", "expert")]
    presences = TRM_PLUS.presences(listed)
    assert presences == {
        "JPN": Presence("JPN", "attended", "senior_officials"),
        "KOR": Presence("KOR", "attended", "senior_officials"),
        "CHN": Presence("CHN", "absent", None),
        "ASEAN": Presence("ASEAN", "absent", "expert"),
        "MNG": Presence("MNG", "absent", None),
    }


def test_every_attendee_must_be_an_invited_participant() -> None:
    refusal = refused(lambda: TRM_PLUS.presences(attended("JPN", "USA")))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == (
        "attendance.1.member_code",
        "USA was not invited to this meeting",
    )


def test_a_member_listed_twice_in_the_attendance_is_refused() -> None:
    listed = [*attended("JPN", "KOR"), Presence("KOR", "absent")]
    refusal = refused(lambda: TRM_PLUS.presences(listed))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("attendance.2.member_code", "KOR is listed twice")


@pytest.mark.parametrize(
    "listed",
    [attended("KOR"), [*attended("KOR"), Presence("JPN", "absent")]],
    ids=["host not listed", "host listed as absent"],
)
def test_the_host_must_attend(listed: list[Presence]) -> None:
    refusal = refused(lambda: TRM_PLUS.presences(listed))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.status, refusal.field) == (422, "attendance")
    assert refusal.extensions == {"member_code": "JPN"}
    assert refusal.detail == "the host JPN must attend its meeting"


def test_each_attendee_stands_by_its_role_and_its_status_on_the_meeting_date() -> None:
    statuses = {"JPN": "participant", "KOR": "participant", "ASEAN": "observer", "MNG": None}
    assert TRM_PLUS.standings(["KOR", "JPN", "ASEAN", "MNG"], statuses) == {
        "ASEAN": Standing("ASEAN", "observer", "observer"),
        "JPN": Standing("JPN", "host", "participant"),
        "KOR": Standing("KOR", "participant", "participant"),
        "MNG": Standing("MNG", "guest", None),
    }


def test_an_attendee_the_registry_copy_no_longer_knows_is_refused_rather_than_guessed() -> None:
    refusal = refused(lambda: TRM_PLUS.standings(["JPN", "KOR"], {"JPN": "participant"}))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.detail) == ("attendance", "member KOR is not known to the registry")


def test_outcomes_signed_by_attendees_in_good_standing_are_accepted() -> None:
    standing = TRM_PLUS.standings(
        ["JPN", "KOR", "ASEAN"], {"JPN": "participant", "KOR": "supporter", "ASEAN": None}
    )
    TRM_PLUS.check_outcomes([["JPN", "KOR"], ["KOR"]], standing)


def test_an_outcome_signed_by_a_member_that_did_not_attend_is_refused() -> None:
    standing = TRM_PLUS.standings(["JPN"], {"JPN": "participant"})
    refusal = refused(lambda: TRM_PLUS.check_outcomes([["JPN"], ["JPN", "KOR"]], standing))
    assert isinstance(refusal, RuleViolated)
    assert (refusal.field, refusal.extensions) == ("outcomes.1.member_codes", {"member_code": "KOR"})
    assert refusal.detail == "KOR did not attend, so cannot sign or support"


def test_an_outcome_listing_a_member_twice_is_refused() -> None:
    standing = TRM_PLUS.standings(["JPN", "KOR"], {"JPN": "participant", "KOR": "participant"})
    refusal = refused(lambda: TRM_PLUS.check_outcomes([["JPN", "KOR", "JPN"]], standing))
    assert (refusal.field, refusal.detail) == ("outcomes.0.member_codes", "a member is listed twice")


def test_an_observer_by_role_attends_but_neither_signs_nor_supports_on_the_meeting_date() -> None:
    standing = TRM_PLUS.standings(["JPN", "ASEAN"], {"JPN": "participant", "ASEAN": "participant"})
    refusal = refused(lambda: TRM_PLUS.check_outcomes([["JPN", "ASEAN"]], standing))
    assert isinstance(refusal, RuleViolated)
    assert refusal.type_uri() == RULE_VIOLATED
    assert refusal.field == "outcomes.0.member_codes"
    assert refusal.extensions["not_in_good_standing"] == [
        {"member_code": "ASEAN", "role": "observer", "status_on_meeting_date": "participant"}
    ]
    assert "ASEAN attends as an observer" in refusal.detail
