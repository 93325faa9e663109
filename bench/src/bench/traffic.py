"""Driving the stack through its public surfaces: the meetings and notifications APIs over HTTP, the
meetings topic and the consumer groups' offsets on Kafka, and counts read from the services' tables."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from bench.harness import BenchStack, until

HELD = "org.neacoop.meetings.meeting.held.v1"
MEETINGS_TOPIC = "meetings.meeting.v1"
ATTENDING = ("KOR", "JPN", "CHN")
# Each benchmark holds its meetings on an issue area of its own (all open from the start), so that one
# benchmark's subscriptions never receive another's meetings.
AREA_WRITES = "trade_facilitation"
AREA_LATENCY = "energy_security"
AREA_SUSTAINED = "disaster_relief"
AREA_FANOUT = "cyberspace"
AREA_HISTORY = "environment"
AREA_TRACING = "transnational_crime"
# Answers that mean "not now": retried by the load with the same Idempotency-Key.
TRANSIENT = frozenset({502, 503, 504})


def meeting_body(area: str, number: int, label: str) -> dict[str, Any]:
    day = date(2016, 1, 4) + timedelta(days=number % 3000)
    return {
        "title": {"en": f"Benchmark {label} {number}: {area} on {day.isoformat()}"},
        "mechanism_code": None,
        "issue_area_codes": [area],
        "track": "1",
        "level": "senior_officials",
        "host_code": "KOR",
        "city": "Seoul",
        "country_code": "KOR",
        "starts_at": f"{day.isoformat()}T09:00:00+09:00",
        "ends_at": f"{day.isoformat()}T18:00:00+09:00",
        "time_zone": "Asia/Seoul",
        "participants": [{"member_code": code} for code in ATTENDING if code != "KOR"],
    }


HELD_BODY: dict[str, Any] = {
    "attendance": [{"member_code": code, "attendance": "attended"} for code in ATTENDING],
    "outcomes": [],
    "summary": "Held under the benchmark's load.",
}


@dataclass
class Api:
    stack: BenchStack
    client: httpx.AsyncClient
    server_errors: int = 0
    refused: int = 0

    async def write(
        self, method: str, url: str, body: dict[str, Any] | None, key: str, *, give_up_at: float
    ) -> dict[str, Any] | None:
        """One idempotent write, retried through "not now" answers until `give_up_at`; None if refused."""
        while time.monotonic() < give_up_at:
            try:
                answer = await self.client.request(
                    method, url, json=body, headers={**self.stack.headers, "Idempotency-Key": key}
                )
            except httpx.HTTPError:
                await asyncio.sleep(0.25)
                continue
            if answer.status_code in (200, 201):
                found: dict[str, Any] = answer.json()
                return found
            if answer.status_code >= 500 and answer.status_code not in TRANSIENT:
                self.server_errors += 1
            elif answer.status_code not in TRANSIENT:
                self.refused += 1
                return None
            await asyncio.sleep(0.25)
        return None

    async def confirmed_meeting(self, area: str, number: int, label: str, give_up_at: float) -> str | None:
        """A meeting scheduled and confirmed, ready to be held; its id."""
        meetings = self.stack.url("meetings")
        key = f"bench-{label}-{number}"
        body = meeting_body(area, number, label)
        scheduled = await self.write(
            "POST", f"{meetings}/v1/meetings", body, f"{key}-s", give_up_at=give_up_at
        )
        if scheduled is None:
            return None
        meeting_id = str(scheduled["id"])
        confirm = f"{meetings}/v1/meetings/{meeting_id}/confirm"
        confirmed = await self.write("POST", confirm, None, f"{key}-c", give_up_at=give_up_at)
        return meeting_id if confirmed is not None else None

    async def confirmed_meetings(
        self, area: str, count: int, label: str, *, concurrency: int, give_up_at: float
    ) -> list[str]:
        gate = asyncio.Semaphore(concurrency)

        async def one(number: int) -> str | None:
            async with gate:
                return await self.confirmed_meeting(area, number, label, give_up_at)

        found = await asyncio.gather(*(one(number) for number in range(count)))
        return [meeting_id for meeting_id in found if meeting_id is not None]

    async def hold(self, meeting_id: str, label: str, give_up_at: float) -> bool:
        url = f"{self.stack.url('meetings')}/v1/meetings/{meeting_id}/held"
        held = await self.write(
            "POST", url, HELD_BODY, f"bench-{label}-{meeting_id}-h", give_up_at=give_up_at
        )
        return held is not None

    async def subscribe(self, url: str, area: str, *, give_up_at: float) -> str | None:
        """The administrator's webhook to `url` for the meetings held on `area`; its id."""
        body = {
            "channel": "webhook",
            "url": url,
            "filters": {"event_types": [HELD], "issue_areas": [area]},
            "description": f"benchmark receiver for {area}",
        }
        created = await self.write(
            "POST",
            f"{self.stack.url('notifications')}/v1/subscriptions",
            body,
            str(uuid.uuid4()),
            give_up_at=give_up_at,
        )
        return str(created["id"]) if created is not None else None

    async def first_subscription(self, url: str, area: str, *, timeout: float = 120.0) -> str:
        """A subscription once notifications has learnt the issue areas from the registry (a fresh stack
        answers 422 naming `filters.issue_areas` until then)."""
        deadline = time.monotonic() + timeout
        body = {
            "channel": "webhook",
            "url": url,
            "filters": {"event_types": [HELD], "issue_areas": [area]},
            "description": f"benchmark receiver for {area}",
        }

        async def created() -> str | None:
            answer = await self.client.post(
                f"{self.stack.url('notifications')}/v1/subscriptions", json=body, headers=self.stack.headers
            )
            if answer.status_code == 201:
                return str(answer.json()["id"])
            if answer.status_code in (422, *TRANSIENT):
                return None
            raise RuntimeError(f"subscribing the receiver: {answer.status_code} {answer.text}")

        found = await until(created, deadline=deadline, interval=0.5)
        if found is None:
            raise RuntimeError(f"notifications did not learn the issue area {area} within {timeout:.0f} s")
        return found

    async def warm_up(self, *, timeout: float = 180.0) -> str:
        """One meeting held once the meetings service knows the registry's members (a fresh stack)."""
        deadline = time.monotonic() + timeout
        meetings = self.stack.url("meetings")
        body = meeting_body(AREA_HISTORY, 0, "warm-up")

        async def scheduled() -> str | None:
            answer = await self.client.post(
                f"{meetings}/v1/meetings",
                json=body,
                headers={**self.stack.headers, "Idempotency-Key": "bench-warm-up-s"},
            )
            if answer.status_code == 201:
                return str(answer.json()["id"])
            if answer.status_code in (422, 409, *TRANSIENT):
                return None
            raise RuntimeError(f"warm-up meeting: {answer.status_code} {answer.text}")

        meeting_id = await until(scheduled, deadline=deadline, interval=0.5)
        if meeting_id is None:
            raise RuntimeError(f"the meetings service did not learn the members within {timeout:.0f} s")
        confirm = f"{meetings}/v1/meetings/{meeting_id}/confirm"
        if await self.write("POST", confirm, None, "bench-warm-up-c", give_up_at=deadline) is None:
            raise RuntimeError("warm-up meeting: confirm refused")
        if not await self.hold(meeting_id, "warm-up", deadline):
            raise RuntimeError("warm-up meeting: held refused")
        return meeting_id


# -- SQL reads --------------------------------------------------------------------------------------------


async def count(dsn: str, query: str, *arguments: object) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        found = await connection.fetchval(query, *arguments)
    finally:
        await connection.close()
    return int(found or 0)


async def held_in_meetings(stack: BenchStack, ids: Iterable[str]) -> int:
    return await count(
        stack.database_dsn("meetings"),
        "SELECT count(*) FROM meetings WHERE status = 'held' AND id = ANY($1::uuid[])",
        list(ids),
    )


async def known_to_roadmap(stack: BenchStack, ids: Iterable[str] | None = None) -> int:
    if ids is None:
        return await count(stack.database_dsn("roadmap"), "SELECT count(*) FROM held_meetings")
    return await count(
        stack.database_dsn("roadmap"),
        "SELECT count(*) FROM held_meetings WHERE meeting_id = ANY($1::text[])",
        list(ids),
    )


# -- Kafka ------------------------------------------------------------------------------------------------


class Lag:
    """Each consumer group's lag on a topic: the end offsets minus the group's committed offsets, summed over
    the partitions (Kafka's admin API; a partition the group never committed counts from its start)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.topic = topic
        self._admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        self._groups: list[str] = []
        self._partitions: set[TopicPartition] = set()

    async def __aenter__(self) -> Lag:
        await self._admin.start()
        await self._consumer.start()
        listed = await self._admin.list_consumer_groups()
        for group, *_ in listed:
            offsets = await self._admin.list_consumer_group_offsets(group)
            mine = {partition for partition in offsets if partition.topic == self.topic}
            if mine:
                self._groups.append(str(group))
                self._partitions |= mine
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()
        await self._admin.close()

    @property
    def groups(self) -> list[str]:
        return list(self._groups)

    async def by_group(self) -> dict[str, int]:
        # The partitions come from the groups' own offsets: a consumer that subscribes to nothing does not
        # keep the topic's metadata, and an empty list would read as no lag at all.
        partitions = sorted(self._partitions)
        if not partitions:
            raise RuntimeError(f"no consumer group has committed an offset on {self.topic}")
        ends = await self._consumer.end_offsets(partitions)
        beginnings = await self._consumer.beginning_offsets(partitions)
        lags: dict[str, int] = {}
        for group in self._groups:
            committed = await self._admin.list_consumer_group_offsets(group, partitions=partitions)
            total = 0
            for partition in partitions:
                at = committed.get(partition)
                position = at.offset if at is not None and at.offset >= 0 else beginnings[partition]
                total += max(0, ends[partition] - position)
            lags[group] = total
        return lags


@dataclass(frozen=True)
class HeldTemplate:
    """A `meeting.held` record as the meetings service wrote it: headers and data, cloned with new ids to
    give the roadmap history without going through the API."""

    headers: list[tuple[str, bytes]]
    data: dict[str, Any]

    def clone(self, number: int) -> tuple[str, bytes, list[tuple[str, bytes]]]:
        meeting_id = str(uuid.uuid4())
        data = json.loads(json.dumps(self.data))
        data["meeting"]["meeting_id"] = meeting_id
        day = date(2016, 1, 4) + timedelta(days=number % 3000)
        data["held_on"] = day.isoformat()
        data["meeting"]["starts_at"] = f"{day.isoformat()}T09:00:00+09:00"
        data["meeting"]["ends_at"] = f"{day.isoformat()}T18:00:00+09:00"
        replaced = {"ce_id": str(uuid.uuid4()).encode(), "ce_subject": meeting_id.encode()}
        headers = [(name, replaced.get(name, value)) for name, value in self.headers]
        return meeting_id, json.dumps(data, separators=(",", ":")).encode(), headers


async def held_template(bootstrap: str, meeting_id: str, *, timeout: float = 60.0) -> HeldTemplate:
    """The `meeting.held` record of `meeting_id`, read from the meetings topic."""
    consumer = AIOKafkaConsumer(
        MEETINGS_TOPIC, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    headers = [(name, bytes(value)) for name, value in record.headers]
                    attributes = {name: value.decode() for name, value in headers}
                    if attributes.get("ce_type") == HELD and attributes.get("ce_subject") == meeting_id:
                        return HeldTemplate(headers, json.loads(record.value))
    finally:
        await consumer.stop()
    raise RuntimeError(f"no meeting.held record of {meeting_id} on {MEETINGS_TOPIC} within {timeout:.0f} s")


async def produce_held(
    producer: AIOKafkaProducer, template: HeldTemplate, first: int, count: int
) -> list[str]:
    """`count` held meetings on the meetings topic, keyed by meeting id as the service keys them."""
    ids: list[str] = []
    futures = []
    for number in range(first, first + count):
        meeting_id, value, headers = template.clone(number)
        ids.append(meeting_id)
        futures.append(
            await producer.send(MEETINGS_TOPIC, value=value, key=meeting_id.encode(), headers=headers)
        )
    await asyncio.gather(*futures)
    return ids
