"""The rules of deliveries, with no database and no broker: the state machine's every move, allowed and
refused; the retry schedule with its jitter and a receiver's Retry-After; what each outcome of an attempt
makes of a delivery (a 410 disables its subscription); the circuit breaker; and who is told of a dead
delivery."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from common.contracts.notifications import DeliveryStatus
from common.errors import Conflict
from notifications.deliveries.domain import (
    DEAD_NOTICE_TYPE,
    OPEN,
    TRANSITIONS,
    CircuitBreaker,
    Outcome,
    Verdict,
    after_attempt,
    check_move,
    is_open,
    next_attempt_at,
    tells_other_channels,
)
from support.notifications import HELD

NOW = datetime(2015, 11, 4, 9, 0, tzinfo=UTC)
STATUSES: list[DeliveryStatus] = ["pending", "delivered", "failed", "dead", "cancelled"]
# Standard Webhooks' schedule: 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
SCHEDULE = [0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0]
ALLOWED = {
    ("pending", "delivered"),
    ("pending", "failed"),
    ("pending", "dead"),
    ("pending", "cancelled"),
    ("pending", "pending"),
    ("failed", "delivered"),
    ("failed", "failed"),
    ("failed", "dead"),
    ("failed", "cancelled"),
    ("failed", "pending"),
    ("delivered", "pending"),
    ("dead", "pending"),
    ("cancelled", "pending"),
}


# --- The state machine ------------------------------------------------------------------------------


def test_the_table_names_every_status() -> None:
    assert set(TRANSITIONS) == set(STATUSES)


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_move_is_taken(current: str, target: DeliveryStatus) -> None:
    check_move(current, target)


@pytest.mark.parametrize(("current", "target"), sorted(set(itertools.product(STATUSES, STATUSES)) - ALLOWED))
def test_a_refused_move_is_a_409_naming_the_moves_there_are(current: str, target: DeliveryStatus) -> None:
    with pytest.raises(Conflict) as refused:
        check_move(current, target)

    assert refused.value.field == "status"
    assert f"a {current} delivery cannot become {target}" in str(refused.value)
    for allowed in TRANSITIONS[current]:
        assert allowed in str(refused.value)


def test_only_pending_and_failed_deliveries_are_attempted() -> None:
    assert OPEN == ("pending", "failed")
    assert [s for s in STATUSES if is_open(s)] == ["pending", "failed"]
    assert all("delivered" in TRANSITIONS[s] and "cancelled" in TRANSITIONS[s] for s in OPEN)


def test_every_delivery_can_be_sent_again() -> None:
    for status in STATUSES:
        check_move(status, "pending")


# --- The retry schedule -----------------------------------------------------------------------------


@pytest.mark.parametrize("attempts_made", range(len(SCHEDULE)))
def test_each_retry_waits_its_place_in_the_schedule_spread_by_the_jitter(attempts_made: int) -> None:
    random.seed(attempts_made)
    wait = timedelta(seconds=SCHEDULE[attempts_made])

    for _ in range(200):
        retry = next_attempt_at(NOW, attempts_made, SCHEDULE, jitter=0.2)

        assert retry is not None
        assert NOW + wait * 0.8 <= retry <= NOW + wait * 1.2


def test_the_jitter_spreads_retries_that_fail_together() -> None:
    random.seed(7)

    retries = {next_attempt_at(NOW, 2, SCHEDULE, jitter=0.2) for _ in range(50)}

    assert len(retries) > 1


def test_no_jitter_waits_the_schedule_exactly() -> None:
    assert next_attempt_at(NOW, 2, SCHEDULE, jitter=0.0) == NOW + timedelta(minutes=5)


def test_the_schedule_spent_means_no_retry() -> None:
    assert next_attempt_at(NOW, len(SCHEDULE), SCHEDULE, jitter=0.2) is None
    assert next_attempt_at(NOW, len(SCHEDULE) + 3, SCHEDULE, jitter=0.2) is None


def test_a_longer_retry_after_is_honoured() -> None:
    assert next_attempt_at(NOW, 1, SCHEDULE, jitter=0.0, retry_after=120) == NOW + timedelta(seconds=120)


def test_a_shorter_retry_after_does_not_hurry_the_schedule() -> None:
    assert next_attempt_at(NOW, 2, SCHEDULE, jitter=0.0, retry_after=1) == NOW + timedelta(minutes=5)


def test_a_retry_after_is_capped_at_the_longest_wait_of_the_schedule() -> None:
    retry = next_attempt_at(NOW, 1, SCHEDULE, jitter=0.0, retry_after=10 * 86400)

    assert retry == NOW + timedelta(seconds=max(SCHEDULE))


def test_a_short_schedule_still_honours_a_retry_after_of_a_minute() -> None:
    short = [0.0, 1.0, 2.0]

    assert next_attempt_at(NOW, 1, short, jitter=0.0, retry_after=3600) == NOW + timedelta(seconds=60)
    assert next_attempt_at(NOW, 1, short, jitter=0.0, retry_after=30) == NOW + timedelta(seconds=30)


# --- What an attempt makes of its delivery ----------------------------------------------------------


def verdict_on(
    outcome: Outcome,
    *,
    status: str = "pending",
    attempts_made: int = 0,
    error: str | None = None,
    retry_after: float | None = None,
    not_before: datetime | None = None,
) -> Verdict:
    return after_attempt(
        status,
        outcome,
        attempts_made=attempts_made,
        now=NOW,
        schedule=SCHEDULE,
        jitter=0.0,
        error=error,
        retry_after=retry_after,
        not_before=not_before,
    )


@pytest.mark.parametrize("status", OPEN)
def test_a_delivered_attempt_makes_the_delivery_delivered(status: str) -> None:
    verdict = verdict_on("delivered", status=status, attempts_made=3)

    assert (verdict.status, verdict.next_attempt_at, verdict.counted) == ("delivered", None, True)
    assert verdict.dead_reason is None
    assert verdict.disables_subscription is None


def test_a_failed_attempt_is_tried_again_on_the_schedule_and_counts() -> None:
    verdict = verdict_on("failed", attempts_made=1, error="HTTP 503")

    assert verdict.status == "failed"
    assert verdict.next_attempt_at == NOW + timedelta(minutes=5)
    assert verdict.counted
    assert verdict.dead_reason is None


def test_a_failed_attempt_honours_the_receivers_retry_after() -> None:
    verdict = verdict_on("failed", attempts_made=1, error="HTTP 429", retry_after=600.0)

    assert verdict.next_attempt_at == NOW + timedelta(minutes=10)


def test_the_last_failed_attempt_makes_the_delivery_dead_saying_how_many_failed() -> None:
    verdict = verdict_on("failed", status="failed", attempts_made=len(SCHEDULE) - 1, error="HTTP 500")

    assert verdict.status == "dead"
    assert verdict.next_attempt_at is None
    assert verdict.dead_reason == f"{len(SCHEDULE)} attempts failed: HTTP 500"
    assert verdict.disables_subscription is None


def test_a_410_makes_the_delivery_dead_and_disables_its_subscription() -> None:
    verdict = verdict_on("gone", attempts_made=0)

    assert verdict.status == "dead"
    assert verdict.counted
    assert verdict.dead_reason == "the endpoint answered 410 Gone: it is disabled"
    assert verdict.disables_subscription == "the endpoint answered 410 Gone"


def test_an_address_refused_for_good_is_dead_at_once_and_its_subscription_stays() -> None:
    verdict = verdict_on("refused", error="550 no such mailbox")

    assert verdict.status == "dead"
    assert verdict.dead_reason == "refused for good: 550 no such mailbox"
    assert verdict.disables_subscription is None


@pytest.mark.parametrize("status", OPEN)
def test_a_deferred_attempt_spends_nothing_and_waits_until_it_may_be_made(status: str) -> None:
    later = NOW + timedelta(minutes=7)

    verdict = verdict_on("deferred", status=status, attempts_made=len(SCHEDULE), not_before=later)

    assert (verdict.status, verdict.next_attempt_at, verdict.counted) == (status, later, False)
    assert verdict.dead_reason is None


def test_a_deferral_with_no_time_given_is_due_at_once() -> None:
    assert verdict_on("deferred").next_attempt_at == NOW


@pytest.mark.parametrize("outcome", ["delivered", "failed", "gone", "refused", "deferred"])
@pytest.mark.parametrize("status", OPEN)
def test_every_verdict_is_a_move_the_state_machine_has(outcome: Outcome, status: str) -> None:
    for attempts_made in (0, len(SCHEDULE) - 1):
        check_move(status, verdict_on(outcome, status=status, attempts_made=attempts_made).status)


# --- Dead deliveries --------------------------------------------------------------------------------


def test_a_dead_delivery_is_told_to_the_other_channels_unless_it_was_itself_such_a_notice() -> None:
    assert tells_other_channels(HELD)
    assert not tells_other_channels(DEAD_NOTICE_TYPE)


# --- The circuit breaker ----------------------------------------------------------------------------

URL = "https://hooks.example.org/neacoop"


def breaker() -> CircuitBreaker:
    return CircuitBreaker(failures=3, open_for=60, probe_for=11)


def test_the_circuit_opens_after_the_failures_in_a_row_and_defers_until_it_may_be_tried() -> None:
    circuit = breaker()

    assert not circuit.record(URL, success=False, now=NOW)
    assert not circuit.record(URL, success=False, now=NOW)
    assert circuit.closed_after(URL, NOW) is None
    assert circuit.record(URL, success=False, now=NOW)

    assert circuit.closed_after(URL, NOW + timedelta(seconds=59)) == NOW + timedelta(seconds=60)


def test_a_success_between_failures_starts_the_count_again() -> None:
    circuit = breaker()
    circuit.record(URL, success=False, now=NOW)
    circuit.record(URL, success=False, now=NOW)
    circuit.record(URL, success=True, now=NOW)

    assert not circuit.record(URL, success=False, now=NOW)
    assert circuit.closed_after(URL, NOW) is None


def test_a_half_open_circuit_lets_one_probe_through_and_holds_the_others_while_it_is_answered() -> None:
    circuit = breaker()
    for _ in range(3):
        circuit.record(URL, success=False, now=NOW)
    reopens = NOW + timedelta(seconds=60)

    assert circuit.closed_after(URL, reopens) is None
    assert circuit.closed_after(URL, reopens) == reopens + timedelta(seconds=11)
    assert circuit.closed_after(URL, reopens + timedelta(seconds=5)) == reopens + timedelta(seconds=11)


def test_a_probe_that_succeeds_closes_the_circuit() -> None:
    circuit = breaker()
    for _ in range(3):
        circuit.record(URL, success=False, now=NOW)
    probing = NOW + timedelta(seconds=60)
    circuit.closed_after(URL, probing)

    assert not circuit.record(URL, success=True, now=probing)

    assert circuit.closed_after(URL, probing) is None
    assert circuit.closed_after(URL, probing) is None


def test_a_probe_that_fails_opens_the_circuit_again() -> None:
    circuit = breaker()
    for _ in range(3):
        circuit.record(URL, success=False, now=NOW)
    probing = NOW + timedelta(seconds=60)
    circuit.closed_after(URL, probing)

    assert circuit.record(URL, success=False, now=probing)

    assert circuit.closed_after(URL, probing + timedelta(seconds=30)) == probing + timedelta(seconds=60)


def test_a_probe_that_never_answers_holds_the_others_back_no_longer_than_its_time() -> None:
    circuit = breaker()
    for _ in range(3):
        circuit.record(URL, success=False, now=NOW)
    probing = NOW + timedelta(seconds=60)
    circuit.closed_after(URL, probing)

    assert circuit.closed_after(URL, probing + timedelta(seconds=11)) is None


def test_a_circuit_is_per_url_not_per_host() -> None:
    circuit = breaker()
    for _ in range(3):
        circuit.record(URL, success=False, now=NOW)

    assert circuit.closed_after("https://hooks.example.org/other", NOW) is None
    assert circuit.closed_after(URL, NOW) is not None


def test_the_open_circuits_are_those_deferring_deliveries_a_probe_under_way_included() -> None:
    circuit = breaker()
    other = "https://hooks.example.org/other"
    for url in (URL, other):
        for _ in range(3):
            circuit.record(url, success=False, now=NOW)
    assert circuit.open_at(NOW) == 2

    probing = NOW + timedelta(seconds=60)
    circuit.closed_after(URL, probing)
    circuit.record(other, success=True, now=probing)
    assert circuit.open_at(probing) == 1

    # A probe that never answered holds nothing back any more.
    assert circuit.open_at(probing + timedelta(seconds=11)) == 0
