"""The rules a correction of the participation history follows, without a database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from common.errors import Conflict, DomainError, NotFound, RuleViolated
from registry.members.domain import Period, check_correction
from registry.members.schemas import StatusCorrection

HISTORY = [
    Period("invited", date(2013, 5, 1)),
    Period("participant", date(2014, 6, 1)),
    Period("suspended", date(2016, 1, 1)),
]


def correction(period: date, **fields: Any) -> StatusCorrection:
    return StatusCorrection.model_validate({"period_effective_from": period, "reason": "minutes", **fields})


def test_a_corrected_status_keeps_the_period_in_its_place() -> None:
    assert check_correction(HISTORY, correction(date(2016, 1, 1), status="observer")) == (
        2,
        Period("observer", date(2016, 1, 1)),
    )


def test_a_period_may_move_anywhere_between_its_neighbours() -> None:
    moved = correction(date(2014, 6, 1), effective_from="2015-12-31")
    assert check_correction(HISTORY, moved) == (1, Period("participant", date(2015, 12, 31)))
    first = correction(date(2013, 5, 1), effective_from="2001-01-01")
    assert check_correction(HISTORY, first) == (0, Period("invited", date(2001, 1, 1)))


def test_the_last_period_may_be_removed_and_so_may_the_first() -> None:
    assert check_correction(HISTORY, correction(date(2016, 1, 1), remove=True)) == (2, None)
    assert check_correction(HISTORY, correction(date(2013, 5, 1), remove=True)) == (0, None)


@pytest.mark.parametrize(
    ("command", "error", "field"),
    [
        (correction(date(2014, 6, 1), effective_from="2013-05-01"), Conflict, "effective_from"),
        (correction(date(2014, 6, 1), effective_from="2016-01-01"), Conflict, "effective_from"),
        (correction(date(2014, 6, 1), status="invited"), Conflict, "status"),
        (correction(date(2014, 6, 1), status="suspended"), Conflict, "status"),
        (correction(date(2014, 6, 1), status="participant"), RuleViolated, "status"),
        (correction(date(2014, 6, 1), effective_from="2014-06-01"), RuleViolated, "effective_from"),
        (correction(date(2014, 6, 1)), RuleViolated, "status"),
        (correction(date(2014, 6, 1), remove=True, effective_from="2014-07-01"), RuleViolated, "remove"),
        (correction(date(2014, 6, 2), status="observer"), NotFound, "period_effective_from"),
    ],
)
def test_a_correction_that_leaves_no_valid_history_is_refused_naming_the_field(
    command: StatusCorrection, error: type[DomainError], field: str
) -> None:
    with pytest.raises(error) as refused:
        check_correction(HISTORY, command)
    assert refused.value.field == field


def test_removing_a_period_between_two_of_the_same_status_asks_to_remove_the_later_first() -> None:
    history = [Period("participant", date(2013, 5, 1)), *HISTORY[2:], Period("participant", date(2017, 1, 1))]
    with pytest.raises(Conflict, match="remove the one from 2017-01-01 first"):
        check_correction(history, correction(date(2016, 1, 1), remove=True))
    with pytest.raises(Conflict) as only:
        check_correction(history[:1], correction(date(2013, 5, 1), remove=True))
    assert only.value.field == "remove"
