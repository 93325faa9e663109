"""What each part of a running stack says it has, for devstack.reconcile: read over the services' HTTP APIs
(as an administrator) and from Kafka, never from a service's database, so that it works the same against
`make up`, docker compose or Kubernetes given their URLs, the administrator key and the brokers."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from common.config import KafkaSettings
from common.contracts.meetings import MEETING_TOPIC
from common.messaging.envelope import headers_to_dict
from common.messaging.kafka import read_topic
from devstack.process import DevstackError, run_async
from devstack.reconcile import (
    HELD,
    DeliverySeen,
    KafkaRecord,
    Observed,
    Received,
    RecordedEvent,
    Report,
    SubscriptionSeen,
    judge,
)

PAGE = 200


@dataclass(frozen=True)
class Target:
    """Where the stack answers."""

    meetings: str
    roadmap: str
    notifications: str
    admin_key: str
    kafka_bootstrap_servers: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_key}"}


def observe(target: Target, *, since: datetime | None = None, received: Path | None = None) -> Observed:
    with httpx.Client(timeout=30, headers=target.headers) as client:
        held = {item["id"] for item in _pages(client, f"{target.meetings}/v1/meetings", {"status": "held"})}
        audit_params = {"type": HELD, **({"from": since.isoformat()} if since else {})}
        recorded = [
            RecordedEvent(
                event_id=entry["event_id"],
                meeting_id=entry["subject"],
                occurred_at=datetime.fromisoformat(entry["occurred_at"]),
                data=entry["data"],
            )
            for entry in _pages(client, f"{target.meetings}/v1/audit", audit_params)
        ]
        kafka = _held_on_kafka(target.kafka_bootstrap_servers)
        facts = {
            item["meeting_id"] for item in _pages(client, f"{target.roadmap}/v1/facts/held-meetings", {})
        }
        subscriptions = [
            SubscriptionSeen(
                id=item["id"],
                channel=item["channel"],
                active=item["active"],
                filters=item["filters"],
                created_at=datetime.fromisoformat(item["created_at"]),
            )
            for item in _pages(client, f"{target.notifications}/v1/subscriptions", {})
        ]
        deliveries = [
            DeliverySeen(
                id=item["id"],
                subscription_id=item["subscription_id"],
                event_id=item["event_id"],
                event_type=item["event_type"],
                channel=item["channel"],
                status=item["status"],
                attempts=item["attempts"],
                created_at=datetime.fromisoformat(item["created_at"]),
            )
            for item in _pages(client, f"{target.notifications}/v1/deliveries", {})
        ]
    return Observed(
        held_meetings=held,
        recorded=recorded,
        kafka=kafka,
        roadmap_facts=facts,
        subscriptions=subscriptions,
        deliveries=deliveries,
        received=read_journal(received) if received else None,
        since=since,
    )


def _pages(client: httpx.Client, url: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
    cursor: str | None = None
    while True:
        query = {**params, "limit": str(PAGE), **({"cursor": cursor} if cursor else {})}
        try:
            answer = client.get(url, params=query)
        except httpx.HTTPError as error:
            raise DevstackError(f"GET {url}: {error!r}") from error
        if answer.status_code != 200:
            raise DevstackError(f"GET {url}: {answer.status_code} {answer.text[:300]}")
        page = answer.json()
        yield from page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return


def _held_on_kafka(bootstrap_servers: str) -> list[KafkaRecord]:
    settings = KafkaSettings(service_name="reconcile", kafka_bootstrap_servers=bootstrap_servers)
    try:
        records = run_async(lambda: read_topic(settings, MEETING_TOPIC))
    except Exception as error:
        raise DevstackError(f"reading {MEETING_TOPIC} from {bootstrap_servers}: {error!r}") from error
    found = []
    for record in records:
        attributes = headers_to_dict(record.headers)
        if attributes.get("ce_type") != HELD:
            continue
        found.append(
            KafkaRecord(
                event_id=attributes.get("ce_id", ""),
                event_type=HELD,
                meeting_id=attributes.get("ce_subject", ""),
                occurred_at=datetime.fromisoformat(attributes["ce_time"]),
                partition=record.partition,
                offset=record.offset,
            )
        )
    return found


def read_journal(path: Path) -> list[Received]:
    """A receiver's journal: one JSON object per line with `webhook_id`, `event_id` and `status` (the
    HTTP status it answered), as devstack.receiver writes it."""
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            found.append(Received(str(entry["webhook_id"]), str(entry["event_id"]), int(entry["status"])))
        except (ValueError, KeyError, TypeError) as error:
            raise DevstackError(f"{path}:{number}: not a journal line ({error})") from error
    return found


def reconcile(
    target: Target,
    *,
    stuck_after: float,
    wait: float = 0.0,
    since: datetime | None = None,
    received: Path | None = None,
    poll_interval: float = 2.0,
) -> tuple[Report, float]:
    """Observe and judge until the stack has settled (nothing wrong, nothing in flight) or `wait` seconds
    have passed; the last report and the seconds it took to settle (or to give up)."""
    started = time.monotonic()
    while True:
        report = judge(
            observe(target, since=since, received=received), now=datetime.now(UTC), stuck_after=stuck_after
        )
        elapsed = time.monotonic() - started
        if report.settled or elapsed >= wait:
            return report, elapsed
        time.sleep(poll_interval)
