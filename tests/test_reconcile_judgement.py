"""devstack.reconcile's judgement on hand-made observations: what counts as lost, duplicated, stuck or in
flight. No services: the same judgement runs on real stacks in tests/test_chaos.py."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from devstack.reconcile import (
    HELD,
    DeliverySeen,
    KafkaRecord,
    Observed,
    Received,
    RecordedEvent,
    SubscriptionSeen,
    judge,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(hours=1)
STUCK_AFTER = 300.0


def held_data(meeting_id: str, area: str = "environment") -> dict[str, Any]:
    """A meeting.held's data as the meetings service publishes it (the contract's required fields)."""
    return {
        "meeting": {
            "meeting_id": meeting_id,
            "title": {"en": "Track 1 meeting"},
            "mechanism_code": None,
            "issue_area_codes": [area],
            "track": "1",
            "level": "senior_officials",
            "host_code": "KOR",
            "city": "Seoul",
            "country_code": "KOR",
            "starts_at": "2016-03-02T00:00:00Z",
            "ends_at": "2016-03-02T09:00:00Z",
            "time_zone": "Asia/Seoul",
            "status": "held",
            "participants": [],
            "version": 3,
        },
        "held_on": "2016-03-02",
        "attendees": [],
        "outcomes": [],
        "summary": "KOR, JPN and CHN attended.",
    }


def meeting(at: datetime = LONG_AGO) -> tuple[RecordedEvent, KafkaRecord]:
    meeting_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    recorded = RecordedEvent(event_id, meeting_id, at, held_data(meeting_id))
    return recorded, KafkaRecord(event_id, HELD, meeting_id, at, partition=0, offset=0)


def webhook(filters: dict[str, Any] | None = None) -> SubscriptionSeen:
    chosen = filters if filters is not None else {"event_types": [HELD], "issue_areas": ["environment"]}
    return SubscriptionSeen(str(uuid.uuid4()), "webhook", True, chosen, LONG_AGO - timedelta(hours=1))


def delivery(
    subscription: SubscriptionSeen, event: RecordedEvent, status: str = "delivered", at: datetime = LONG_AGO
) -> DeliverySeen:
    return DeliverySeen(str(uuid.uuid4()), subscription.id, event.event_id, HELD, "webhook", status, 1, at)


def observed(
    events: list[tuple[RecordedEvent, KafkaRecord]],
    subscriptions: list[SubscriptionSeen],
    deliveries: list[DeliverySeen],
    **changes: Any,
) -> Observed:
    found = Observed(
        held_meetings={recorded.meeting_id for recorded, _ in events},
        recorded=[recorded for recorded, _ in events],
        kafka=[record for _, record in events],
        roadmap_facts={recorded.meeting_id for recorded, _ in events},
        subscriptions=subscriptions,
        deliveries=deliveries,
    )
    for name, value in changes.items():
        setattr(found, name, value)
    return found


def test_a_meeting_that_reached_everything_once_is_ok_and_settled() -> None:
    first = meeting()
    hook = webhook()
    report = judge(observed([first], [hook], [delivery(hook, first[0])]), now=NOW, stuck_after=STUCK_AFTER)
    assert report.settled, report.summary()
    assert report.counts["deliveries_expected"] == 1


def test_an_event_missing_from_kafka_is_lost_once_old_and_in_flight_while_young() -> None:
    old, young = meeting(), meeting(at=NOW - timedelta(seconds=5))
    report = judge(observed([old, young], [], [], kafka=[]), now=NOW, stuck_after=STUCK_AFTER)
    assert [(f["where"], f["meeting_id"]) for f in report.lost] == [("kafka", old[0].meeting_id)]
    assert [f["meeting_id"] for f in report.in_flight] == [young[0].meeting_id]
    assert not report.ok


def test_a_meeting_the_roadmap_never_applied_is_lost_at_the_roadmap() -> None:
    first = meeting()
    report = judge(observed([first], [], [], roadmap_facts=set()), now=NOW, stuck_after=STUCK_AFTER)
    assert [(f["where"], f["event_id"]) for f in report.lost] == [("roadmap", first[0].event_id)]


def test_a_matching_subscription_without_a_delivery_is_lost_and_one_that_does_not_match_is_not() -> None:
    first = meeting()
    matching, other_area = webhook(), webhook({"issue_areas": ["cyberspace"]})
    report = judge(observed([first], [matching, other_area], []), now=NOW, stuck_after=STUCK_AFTER)
    assert [(f["where"], f["subscription_id"]) for f in report.lost] == [("notifications", matching.id)]


def test_a_subscription_created_after_the_event_is_not_owed_it() -> None:
    first = meeting()
    late = SubscriptionSeen(str(uuid.uuid4()), "webhook", True, {}, LONG_AGO + timedelta(seconds=1))
    assert judge(observed([first], [late], []), now=NOW, stuck_after=STUCK_AFTER).settled


def test_two_held_events_for_one_meeting_are_a_duplicate_wherever_they_are_seen() -> None:
    first = meeting()
    second_id = str(uuid.uuid4())
    again = RecordedEvent(second_id, first[0].meeting_id, LONG_AGO, first[0].data)
    hook = webhook()
    report = judge(
        observed(
            [first, (again, KafkaRecord(second_id, HELD, again.meeting_id, LONG_AGO, 1, 0))],
            [hook],
            [delivery(hook, first[0]), delivery(hook, again)],
        ),
        now=NOW,
        stuck_after=STUCK_AFTER,
    )
    kinds = sorted((f["kind"], "subscription_id" in f) for f in report.duplicated)
    assert kinds == [("events_for_one_change", False), ("events_for_one_change", True)]


def test_one_event_received_under_two_webhook_ids_is_a_duplicate_but_the_same_id_twice_is_not() -> None:
    first, second = meeting(), meeting()
    hook = webhook()
    one, other = delivery(hook, first[0]), delivery(hook, first[0])
    resent = delivery(hook, second[0])
    received = [
        Received(one.id, first[0].event_id, 200),
        Received(other.id, first[0].event_id, 200),
        Received(resent.id, second[0].event_id, 200),
        Received(resent.id, second[0].event_id, 200),
    ]
    report = judge(
        observed([first, second], [hook], [one, other, resent], received=received),
        now=NOW,
        stuck_after=STUCK_AFTER,
    )
    assert sorted(f["kind"] for f in report.duplicated) == [
        "deliveries_for_one_event",
        "webhook_ids_for_one_event",
    ]
    assert report.counts["received_again_after_success"] == 1


def test_the_same_event_published_twice_on_kafka_is_counted_not_reported() -> None:
    first = meeting()
    copy = KafkaRecord(first[1].event_id, HELD, first[1].meeting_id, LONG_AGO, partition=0, offset=1)
    report = judge(observed([first], [], [], kafka=[first[1], copy]), now=NOW, stuck_after=STUCK_AFTER)
    assert report.settled
    assert report.counts["kafka_republished"] == 1


def test_a_delivery_still_failing_past_the_bound_is_stuck_and_a_dead_one_lost() -> None:
    first, second = meeting(), meeting()
    hook = webhook()
    failing = delivery(hook, first[0], status="failed")
    dead = delivery(hook, second[0], status="dead")
    report = judge(observed([first, second], [hook], [failing, dead]), now=NOW, stuck_after=STUCK_AFTER)
    assert [f["delivery_id"] for f in report.stuck] == [failing.id]
    assert [(f["where"], f["why"]) for f in report.lost] == [("delivery", "dead")]


def test_a_delivery_the_receiver_never_accepted_is_lost_at_the_receiver() -> None:
    first, second = meeting(), meeting()
    hook = webhook()
    accepted, refused = delivery(hook, first[0]), delivery(hook, second[0])
    received = [Received(accepted.id, first[0].event_id, 200), Received(refused.id, second[0].event_id, 500)]
    report = judge(
        observed([first, second], [hook], [accepted, refused], received=received),
        now=NOW,
        stuck_after=STUCK_AFTER,
    )
    assert [(f["where"], f["delivery_id"]) for f in report.lost] == [("receiver", refused.id)]


def test_a_held_event_on_kafka_the_meetings_service_never_recorded_is_unexpected() -> None:
    first, phantom = meeting(), meeting()
    report = judge(observed([first], [], [], kafka=[first[1], phantom[1]]), now=NOW, stuck_after=STUCK_AFTER)
    assert [f["event_id"] for f in report.unexpected] == [phantom[1].event_id]
