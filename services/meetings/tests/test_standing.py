"""Who may sign or support an outcome: attendees in good standing on the meeting date, never observers by
status or by role. The rule alone (meetings.domain), on plain values: no database, no broker."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

import pytest

from common.contracts.meetings import OutcomeType
from common.contracts.registry import ParticipationStatus
from common.errors import RuleViolated
from meetings.domain import Standing, check_outcome_members

ROK_EU_SUMMIT = date(2013, 11, 8)


def attendees(*standings: Standing) -> dict[str, Standing]:
    return {s.member_code: s for s in standings}


def refusal(outcomes: list[list[str]], present: dict[str, Standing]) -> RuleViolated:
    with pytest.raises(RuleViolated) as refused:
        check_outcome_members(outcomes, present, ROK_EU_SUMMIT)
    return refused.value


KOR = Standing("KOR", "host", "participant")
EU_INVITED_AS_PARTICIPANT = Standing("EU", "participant", "observer")
PRK_INVITED_ONLY = Standing("PRK", "participant", "invited")


@pytest.mark.parametrize("status", ["participant", "supporter", "partner"])
def test_a_member_in_good_standing_signs_whatever_the_outcome_type(status: ParticipationStatus) -> None:
    present = attendees(KOR, Standing("CAN", "participant", status))
    check_outcome_members([["KOR", "CAN"]] * len(get_args(OutcomeType)), present, ROK_EU_SUMMIT)


def test_an_observer_by_status_invited_as_a_participant_cannot_sign_and_is_listed_with_its_status() -> None:
    refused = refusal([["KOR", "EU"]], attendees(KOR, EU_INVITED_AS_PARTICIPANT))
    assert refused.status == 422
    assert refused.field == "outcomes.0.member_codes"
    assert refused.extensions["member_code"] == "EU"
    assert refused.extensions["not_in_good_standing"] == [
        {"member_code": "EU", "role": "participant", "status_on_meeting_date": "observer"}
    ]
    assert "EU is observer on 2013-11-08" in refused.detail


@pytest.mark.parametrize("status", ["observer", "invited", "suspended", "withdrawn", None])
def test_a_member_not_in_good_standing_on_the_date_can_neither_sign_nor_support(
    status: ParticipationStatus | None,
) -> None:
    present = attendees(KOR, Standing("ZAA", "participant", status))
    refused = refusal([["ZAA"]], present)
    assert refused.extensions["not_in_good_standing"][0]["status_on_meeting_date"] == status


def test_an_attendee_invited_as_an_observer_cannot_sign_even_in_good_standing() -> None:
    refused = refusal([["KOR", "MNG"]], attendees(KOR, Standing("MNG", "observer", "participant")))
    assert refused.extensions["not_in_good_standing"] == [
        {"member_code": "MNG", "role": "observer", "status_on_meeting_date": "participant"}
    ]
    assert "MNG attends as an observer" in refused.detail


def test_every_member_at_fault_in_an_outcome_is_listed_and_the_field_names_that_outcome() -> None:
    present = attendees(KOR, EU_INVITED_AS_PARTICIPANT, PRK_INVITED_ONLY)
    refused = refusal([["KOR"], ["EU", "KOR", "PRK"]], present)
    assert refused.field == "outcomes.1.member_codes"
    at_fault: list[dict[str, Any]] = refused.extensions["not_in_good_standing"]
    assert [(m["member_code"], m["status_on_meeting_date"]) for m in at_fault] == [
        ("EU", "observer"),
        ("PRK", "invited"),
    ]


def test_a_signatory_who_did_not_attend_is_refused_before_its_standing_is_read() -> None:
    refused = refusal([["KOR", "JPN"]], attendees(KOR))
    assert refused.field == "outcomes.0.member_codes"
    assert refused.extensions == {"member_code": "JPN"}
    assert "did not attend" in refused.detail


def test_a_member_listed_twice_in_one_outcome_is_refused() -> None:
    refused = refusal([["KOR", "KOR"]], attendees(KOR))
    assert refused.field == "outcomes.0.member_codes"
    assert "twice" in refused.detail


def test_an_outcome_with_no_member_at_fault_among_several_passes() -> None:
    present = attendees(KOR, EU_INVITED_AS_PARTICIPANT, Standing("CHN", "participant", "participant"))
    # The EU attended and watched; the outcome is the two states' alone.
    check_outcome_members([["KOR", "CHN"]], present, ROK_EU_SUMMIT)
