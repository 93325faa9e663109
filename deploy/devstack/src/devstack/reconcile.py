"""Reconciliation: does every meeting held reach Kafka, the roadmap and each matching subscription, once?

`python -m devstack reconcile` (`make reconcile`) gathers what each part of the system says it has
(devstack.observe) and this module judges it, with no I/O of its own:

- **meetings**: the meetings whose status is `held`, and the `meeting.held` events the service recorded
  (its audit log, written in the transaction of the change: the outbox's own record);
- **Kafka**: the `meeting.held` records on `meetings.meeting.v1`;
- **roadmap**: the held meetings it applied (`GET /v1/facts/held-meetings`);
- **notifications**: every subscription and delivery (`/v1/subscriptions`, `/v1/deliveries`);
- optionally a **receiver's journal**: the webhook-ids and event ids a webhook receiver was sent.

It reports, with ids:

- **lost**: a held meeting without a recorded event; a recorded event missing from Kafka, from the
  roadmap, or without a delivery to a subscription whose filters accept it and that existed when it was
  recorded; a delivery that died; a delivery notifications calls delivered that the receiver never
  accepted. Something younger than `stuck_after` is *in flight* instead: still on its way.
- **duplicated**: two events for one change (two `meeting.held` ids for one meeting, recorded, on Kafka or
  delivered to one subscription); two deliveries of one event to one subscription; one event received
  under two webhook-ids. The same event id published twice (a relay retrying after a crash) or sent again
  under the same webhook-id is not wrong (consumers and receivers deduplicate on the id): it is counted.
- **stuck**: a delivery still pending or failing `stuck_after` after it was created.
- **unexpected**: a `meeting.held` on Kafka that the meetings service never recorded, a webhook-id that no
  delivery has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from common.contracts.meetings import MeetingHeld
from notifications.subscriptions.domain import Filters, facets_of

HELD = "org.neacoop.meetings.meeting.held.v1"
UNSENT = ("pending", "failed")


@dataclass(frozen=True)
class RecordedEvent:
    """A `meeting.held` as the meetings service recorded it (its audit log)."""

    event_id: str
    meeting_id: str
    occurred_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class KafkaRecord:
    event_id: str
    event_type: str
    meeting_id: str
    occurred_at: datetime
    partition: int
    offset: int


@dataclass(frozen=True)
class SubscriptionSeen:
    id: str
    channel: str
    active: bool
    filters: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class DeliverySeen:
    id: str
    subscription_id: str
    event_id: str
    event_type: str
    channel: str
    status: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class Received:
    """One request a webhook receiver was sent: its webhook-id, the CloudEvent id and the answer."""

    webhook_id: str
    event_id: str
    status: int


@dataclass
class Observed:
    """What each part says, gathered at about one moment. `since` (when given) limits the judgement to
    events recorded from then on."""

    held_meetings: set[str]
    recorded: list[RecordedEvent]
    kafka: list[KafkaRecord]
    roadmap_facts: set[str]
    subscriptions: list[SubscriptionSeen]
    deliveries: list[DeliverySeen]
    received: list[Received] | None = None
    since: datetime | None = None


@dataclass
class Report:
    checked_at: datetime
    stuck_after_seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    lost: list[dict[str, Any]] = field(default_factory=list)
    duplicated: list[dict[str, Any]] = field(default_factory=list)
    stuck: list[dict[str, Any]] = field(default_factory=list)
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    in_flight: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.stuck or self.unexpected)

    @property
    def settled(self) -> bool:
        """Nothing wrong and nothing on its way: what a chaos scenario waits for."""
        return self.ok and not self.in_flight

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "settled": self.settled,
            "checked_at": self.checked_at.isoformat(),
            "stuck_after_seconds": self.stuck_after_seconds,
            "counts": self.counts,
            "lost": self.lost,
            "duplicated": self.duplicated,
            "stuck": self.stuck,
            "unexpected": self.unexpected,
            "in_flight": self.in_flight,
        }

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"meetings held {c.get('meetings_held', 0)}, meeting.held recorded {c.get('held_recorded', 0)}, "
            f"on Kafka {c.get('held_on_kafka', 0)} (republished copies {c.get('kafka_republished', 0)}), "
            f"applied by the roadmap {c.get('roadmap_facts', 0)}",
            f"deliveries expected {c.get('deliveries_expected', 0)} over {c.get('subscriptions_judged', 0)} "
            f"subscriptions, delivered {c.get('deliveries_delivered', 0)}"
            + (
                f"; receiver journal {c.get('received', 0)} requests, "
                f"{c.get('received_again_after_success', 0)} sent again after a 2xx"
                if "received" in c
                else ""
            ),
            f"lost {len(self.lost)}, duplicated {len(self.duplicated)}, stuck {len(self.stuck)}, "
            f"unexpected {len(self.unexpected)}, in flight {len(self.in_flight)}",
        ]
        for name, items in (
            ("LOST", self.lost),
            ("DUPLICATED", self.duplicated),
            ("STUCK", self.stuck),
            ("UNEXPECTED", self.unexpected),
        ):
            for item in items[:20]:
                lines.append(f"  {name:<10} " + " ".join(f"{k}={v}" for k, v in item.items()))
            if len(items) > 20:
                lines.append(f"  {name:<10} ... and {len(items) - 20} more (see the JSON)")
        lines.append("OK" if self.ok else "NOT OK: see above")
        return "\n".join(lines)


def judge(observed: Observed, *, now: datetime, stuck_after: float) -> Report:
    report = Report(checked_at=now, stuck_after_seconds=stuck_after)

    def in_scope(moment: datetime) -> bool:
        return observed.since is None or moment >= observed.since

    def young(moment: datetime) -> bool:
        return (now - moment).total_seconds() < stuck_after

    def lost_or_in_flight(moment: datetime, finding: dict[str, Any]) -> None:
        (report.in_flight if young(moment) else report.lost).append(finding)

    recorded = [event for event in observed.recorded if in_scope(event.occurred_at)]
    held_on_kafka = [r for r in observed.kafka if r.event_type == HELD and in_scope(r.occurred_at)]
    recorded_ids = {event.event_id for event in recorded}
    kafka_ids = {r.event_id for r in held_on_kafka}
    meeting_of = {event.event_id: event.meeting_id for event in observed.recorded}
    meeting_of |= {r.event_id: r.meeting_id for r in observed.kafka if r.event_type == HELD}

    # -- the meetings service and Kafka ------------------------------------------------------------------
    events_of_meeting: dict[str, set[str]] = defaultdict(set)
    for event in recorded:
        events_of_meeting[event.meeting_id].add(event.event_id)
    for r in held_on_kafka:
        events_of_meeting[r.meeting_id].add(r.event_id)
    if observed.since is None:
        # Without a time, a held meeting's event is judged whatever its age: it must exist.
        for meeting_id in sorted(observed.held_meetings - {e.meeting_id for e in recorded}):
            report.lost.append({"where": "meetings", "meeting_id": meeting_id, "why": "held, no event"})
    for meeting_id, event_ids in sorted(events_of_meeting.items()):
        if len(event_ids) > 1:
            report.duplicated.append(
                {"kind": "events_for_one_change", "meeting_id": meeting_id, "event_ids": sorted(event_ids)}
            )
    for r in held_on_kafka:
        if r.event_id not in recorded_ids:
            report.unexpected.append(
                {
                    "where": "kafka",
                    "event_id": r.event_id,
                    "meeting_id": r.meeting_id,
                    "why": "never recorded",
                }
            )
    copies: dict[str, int] = defaultdict(int)
    for r in held_on_kafka:
        copies[r.event_id] += 1

    # -- the roadmap and the subscriptions, for each event that reached Kafka ----------------------------
    # An event missing from Kafka is reported there; what follows from it would only repeat the finding.
    reached = [event for event in recorded if event.event_id in kafka_ids]
    for event in recorded:
        if event.event_id not in kafka_ids:
            lost_or_in_flight(
                event.occurred_at,
                {"where": "kafka", "event_id": event.event_id, "meeting_id": event.meeting_id},
            )
    for event in reached:
        if event.meeting_id not in observed.roadmap_facts:
            lost_or_in_flight(
                event.occurred_at,
                {"where": "roadmap", "event_id": event.event_id, "meeting_id": event.meeting_id},
            )

    deliveries_of: dict[tuple[str, str], list[DeliverySeen]] = defaultdict(list)
    for delivery in observed.deliveries:
        deliveries_of[(delivery.subscription_id, delivery.event_id)].append(delivery)
    judged = [s for s in observed.subscriptions if s.active]
    expected = 0
    for event in reached:
        # What the observer read from Kafka is JSON; notifications matched the same data as the model.
        facets = facets_of(MeetingHeld.model_validate(event.data))
        for subscription in judged:
            # A subscription hears of what is recorded after it exists (a replay sends it the past).
            if subscription.created_at > event.occurred_at:
                continue
            if not Filters.model_validate(subscription.filters).matches(HELD, facets):
                continue
            expected += 1
            if not deliveries_of.get((subscription.id, event.event_id)):
                lost_or_in_flight(
                    event.occurred_at,
                    {
                        "where": "notifications",
                        "event_id": event.event_id,
                        "meeting_id": event.meeting_id,
                        "subscription_id": subscription.id,
                    },
                )

    _judge_deliveries(observed, report, in_scope=in_scope, young=young, meeting_of=meeting_of)
    if observed.received is not None:
        _judge_receiver(observed, observed.received, report)

    scoped_deliveries = [d for d in observed.deliveries if in_scope(d.created_at)]
    report.counts |= {
        "meetings_held": len(observed.held_meetings),
        "held_recorded": len(recorded),
        "held_on_kafka": len(kafka_ids),
        "kafka_republished": sum(n - 1 for n in copies.values()),
        "roadmap_facts": len(observed.roadmap_facts),
        "subscriptions_judged": len(judged),
        "deliveries_expected": expected,
        "deliveries_delivered": sum(1 for d in scoped_deliveries if d.status == "delivered"),
    }
    return report


def _judge_deliveries(
    observed: Observed,
    report: Report,
    *,
    in_scope: Callable[[datetime], bool],
    young: Callable[[datetime], bool],
    meeting_of: dict[str, str],
) -> None:
    by_pair: dict[tuple[str, str], list[DeliverySeen]] = defaultdict(list)
    held_events_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for delivery in observed.deliveries:
        if not in_scope(delivery.created_at):
            continue
        by_pair[(delivery.subscription_id, delivery.event_id)].append(delivery)
        if delivery.event_type == HELD and delivery.event_id in meeting_of and delivery.status != "cancelled":
            held_events_of[(delivery.subscription_id, meeting_of[delivery.event_id])].add(delivery.event_id)
        finding = {
            "delivery_id": delivery.id,
            "subscription_id": delivery.subscription_id,
            "event_id": delivery.event_id,
            "status": delivery.status,
            "attempts": delivery.attempts,
        }
        if delivery.status == "dead":
            report.lost.append({"where": "delivery", "why": "dead", **finding})
        elif delivery.status in UNSENT:
            target = report.in_flight if young(delivery.created_at) else report.stuck
            target.append({**finding, "created_at": delivery.created_at.isoformat()})
    for (subscription_id, event_id), found in sorted(by_pair.items()):
        if len(found) > 1:
            report.duplicated.append(
                {
                    "kind": "deliveries_for_one_event",
                    "subscription_id": subscription_id,
                    "event_id": event_id,
                    "delivery_ids": sorted(d.id for d in found),
                }
            )
    for (subscription_id, meeting_id), event_ids in sorted(held_events_of.items()):
        if len(event_ids) > 1:
            report.duplicated.append(
                {
                    "kind": "events_for_one_change",
                    "subscription_id": subscription_id,
                    "meeting_id": meeting_id,
                    "event_ids": sorted(event_ids),
                }
            )


def _judge_receiver(observed: Observed, received: Iterable[Received], report: Report) -> None:
    """What a receiver was sent against what notifications says: a webhook-id is the delivery's id."""
    deliveries = {d.id: d for d in observed.deliveries}
    webhook_ids_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    accepted: set[str] = set()
    served: set[str] = set()
    requests = 0
    again_after_success = 0
    for request in received:
        requests += 1
        delivery = deliveries.get(request.webhook_id)
        if delivery is None:
            report.unexpected.append(
                {"where": "receiver", "webhook_id": request.webhook_id, "event_id": request.event_id}
            )
            continue
        served.add(delivery.subscription_id)
        webhook_ids_of[(delivery.subscription_id, request.event_id)].add(request.webhook_id)
        if 200 <= request.status < 300:
            if request.webhook_id in accepted:
                again_after_success += 1
            accepted.add(request.webhook_id)
    for (subscription_id, event_id), webhook_ids in sorted(webhook_ids_of.items()):
        if len(webhook_ids) > 1:
            report.duplicated.append(
                {
                    "kind": "webhook_ids_for_one_event",
                    "subscription_id": subscription_id,
                    "event_id": event_id,
                    "webhook_ids": sorted(webhook_ids),
                }
            )
    for delivery in observed.deliveries:
        if (
            delivery.subscription_id in served
            and delivery.channel == "webhook"
            and delivery.status == "delivered"
            and delivery.id not in accepted
        ):
            report.lost.append(
                {
                    "where": "receiver",
                    "why": "delivered, never accepted by the receiver",
                    "delivery_id": delivery.id,
                    "event_id": delivery.event_id,
                }
            )
    report.counts |= {"received": requests, "received_again_after_success": again_after_success}
