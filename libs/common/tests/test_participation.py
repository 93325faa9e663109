"""The status on a date, as every service answers it from a member's status history."""

from __future__ import annotations

from datetime import date

from common.contracts.registry import MemberState, StatusPeriod
from common.participation import StatusSince, in_force, periods_of, status_on

# The DPRK in the shape of the reference: invited when the initiative began, participating from 2016.
DPRK = [
    StatusPeriod(status="invited", effective_from=date(2013, 5, 1), reason="founding"),
    StatusPeriod(status="participant", effective_from=date(2016, 1, 1), reason="joined"),
    StatusPeriod(status="suspended", effective_from=date(2017, 9, 4), reason="suspended"),
]


def test_there_is_no_status_before_the_first_period_begins() -> None:
    assert status_on(DPRK, date(2013, 4, 30)) is None
    assert status_on([], date(2020, 1, 1)) is None


def test_a_period_is_in_force_from_its_first_day_until_the_day_before_the_next() -> None:
    assert status_on(DPRK, date(2013, 5, 1)) == "invited"
    assert status_on(DPRK, date(2015, 12, 31)) == "invited"
    assert status_on(DPRK, date(2016, 1, 1)) == "participant"
    assert status_on(DPRK, date(2017, 9, 3)) == "participant"
    assert status_on(DPRK, date(2017, 9, 4)) == "suspended"


def test_the_last_period_stays_in_force_for_good() -> None:
    assert status_on(DPRK, date(2099, 1, 1)) == "suspended"


def test_the_period_in_force_tells_since_when() -> None:
    period = in_force(DPRK, date(2016, 6, 1))
    assert period is not None
    assert (period.status, period.effective_from) == ("participant", date(2016, 1, 1))
    assert in_force(DPRK, date(2013, 1, 1)) is None


def test_of_two_periods_beginning_the_same_day_the_one_recorded_later_is_in_force() -> None:
    same_day = [
        StatusSince("invited", date(2013, 5, 1)),
        StatusSince("participant", date(2020, 3, 1)),
        StatusSince("observer", date(2020, 3, 1)),
    ]
    assert status_on(same_day, date(2020, 2, 29)) == "invited"
    assert status_on(same_day, date(2020, 3, 1)) == "observer"


def test_a_history_given_out_of_order_is_read_by_date() -> None:
    shuffled = [DPRK[2], DPRK[0], DPRK[1]]
    assert [status_on(shuffled, day) for day in (date(2014, 1, 1), date(2016, 1, 1), date(2018, 1, 1))] == [
        "invited",
        "participant",
        "suspended",
    ]


def test_a_corrected_history_answers_as_corrected_and_the_history_as_recorded_as_it_was() -> None:
    # The registry corrects a mistaken start: the participation began in 2016-03, not 2016-01.
    recorded = DPRK
    corrected = [DPRK[0], DPRK[1].model_copy(update={"effective_from": date(2016, 3, 1)}), DPRK[2]]
    assert status_on(recorded, date(2016, 2, 1)) == "participant"
    assert status_on(corrected, date(2016, 2, 1)) == "invited"
    assert status_on(corrected, date(2016, 3, 1)) == "participant"
    # A removed period: the one before it stays in force until the next.
    removed = [DPRK[0], DPRK[2]]
    assert status_on(removed, date(2016, 6, 1)) == "invited"


def test_a_copy_kept_as_json_answers_as_the_event_it_came_from() -> None:
    member = MemberState(code="PRK", kind="state", names={"en": "DPRK"}, status_history=DPRK, version=3)
    stored = [period.model_dump(mode="json") for period in member.status_history]
    for day in (date(2013, 4, 30), date(2013, 5, 1), date(2016, 1, 1), date(2017, 9, 4)):
        assert status_on(periods_of(stored), day) == member.status_on(day)
