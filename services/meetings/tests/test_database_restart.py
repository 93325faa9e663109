"""A PostgreSQL restart while partners read and write, on a real uvicorn server, the real Kafka broker and
the real PostgreSQL: stopped (sessions ended with 57P01, connections refused), then held starting up
(every connection refused with 57P03, as while PostgreSQL starts), then back."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from common.contracts.registry import MemberRegistered, MemberState, StatusPeriod
from common.db import create_engine
from common.messaging.consumer import ConsumerRunner
from common.testing.fixtures import eventually
from common.testing.infrastructure import Infrastructure
from common.testing.server import client_port, served
from meetings.config import MeetingsSettings
from meetings.consumers import GROUP
from meetings.main import create_app
from meetings.models import KnownMember
from support.meetings import (
    ADMIN,
    LONG_AGO,
    RegistryOnTheBus,
    fresh_version,
    meeting_body,
    unique_area,
    unique_code,
)

pytestmark = pytest.mark.integration


@dataclass
class Answer:
    phase: str
    method: str
    status: int
    retry_after: str | None
    port: int


@dataclass
class Load:
    """Partners reading and writing without pause, over one keep-alive connection; every answer is kept."""

    http: httpx.AsyncClient
    body: dict[str, object]
    phase: str = "before"
    answers: list[Answer] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    stopping: bool = False

    async def run(self) -> None:
        while not self.stopping:
            phase = self.phase
            for method in ("GET", "POST"):
                try:
                    if method == "GET":
                        answer = await self.http.get("/v1/meetings")
                    else:
                        answer = await self.http.post("/v1/meetings", json=self.body, headers=ADMIN)
                    port = client_port(answer)
                except (httpx.TransportError, OSError):
                    # The server dropped the connection: recorded as status 0, and the load goes on.
                    self.answers.append(Answer(phase, method, 0, None, -1))
                    continue
                if answer.status_code == 201:
                    self.created.append(answer.json()["id"])
                retry_after = answer.headers.get("retry-after")
                self.answers.append(Answer(phase, method, answer.status_code, retry_after, port))

    def statuses(self, phase: str) -> set[int]:
        return {a.status for a in self.answers if a.phase == phase}

    def count(self, phase: str, status: int | None = None) -> int:
        return sum(1 for a in self.answers if a.phase == phase and status in (None, a.status))


@contextlib.asynccontextmanager
async def running(load: Load) -> AsyncIterator[None]:
    task = asyncio.create_task(load.run())
    try:
        yield
    finally:
        # Let the request in flight finish: cancelled mid-request, httpx can keep the pool's one connection
        # taken, and the reads after the load then wait for it until they time out (seen in CI).
        load.stopping = True
        await asyncio.wait_for(task, timeout=60)


@contextlib.contextmanager
def back_up_afterwards(infrastructure: Infrastructure) -> Iterator[None]:
    """Whatever happens in the test, PostgreSQL serves the tests that come after it."""
    try:
        yield
    finally:
        infrastructure.start_postgres()


def until(condition: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    """A probe for `eventually` from a plain condition."""

    async def probe() -> bool:
        return condition()

    return probe


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_a_postgres_restart_answers_503_with_retry_after_and_never_500_and_consumers_spend_no_attempt(
    infrastructure: Infrastructure, meetings_settings: MeetingsSettings
) -> None:
    app = create_app(meetings_settings)
    engine = create_engine(meetings_settings.sqlalchemy_url)
    registry = RegistryOnTheBus(meetings_settings)
    host, area = unique_code(), unique_area("energy")
    retries_before = counter("neacoop_consumer_handler_retries_total", group=GROUP)
    dead_before = dead_letters()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with (
        served(app) as base_url,
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as http,
    ):
        await registry.member(host)
        await registry.issue_area(area)
        load = Load(http, meeting_body(host, [area]))
        consumer = next(c for c in app.state.runtime.consumers if c.group_id == GROUP)
        with back_up_afterwards(infrastructure):
            async with running(load):
                await eventually(until(lambda: load.count("before", 201) >= 2), what="writes before")

                load.phase = "stopped"
                await asyncio.to_thread(infrastructure.stop_postgres)
                await eventually(until(lambda: load.count("stopped") >= 8), what="answers, stopped")

                load.phase = "starting up"
                await asyncio.to_thread(infrastructure.start_postgres, held_starting_up=True)
                # A member registered meanwhile reaches the consumer, which cannot apply it yet.
                late = await publish_member(registry, unique_code())
                await eventually(
                    until(lambda: paused_or_spent(consumer, retries_before, dead_before)),
                    what="the consumer meeting the outage",
                )
                await eventually(until(lambda: load.count("starting up") >= 8), what="answers, starting up")

                load.phase = "after"
                await asyncio.to_thread(infrastructure.start_postgres)
                await eventually(until(lambda: load.count("after", 201) >= 2), what="writes after")

        # The member published during the outage is applied once the database is back.
        await eventually(lambda: applied(engine, late), what=f"{late} applied after the restart")
        for meeting_id in load.created:
            assert (await http.get(f"/v1/meetings/{meeting_id}")).status_code == 200
    await engine.dispose()

    failed = [a for a in load.answers if a.status in (0, 500)]
    assert not failed, f"{len(failed)} answers were a 500 or a dropped connection, the first: {failed[:3]}"
    # Requests already past the database may still succeed as it stops; the others are told to retry.
    assert 503 in load.statuses("stopped") <= {200, 201, 503}
    assert load.statuses("starting up") == {503}
    assert {a.retry_after for a in load.answers if a.status == 503} == {"5"}
    # Every answer, 503s included, came over the one connection the client opened.
    assert len({a.port for a in load.answers}) == 1
    assert counter("neacoop_consumer_handler_retries_total", group=GROUP) == retries_before
    assert dead_letters() == dead_before


def dead_letters() -> float:
    """What the meetings consumer sent to the dead letters because its handler failed."""
    topics = ("registry.member.v1", "registry.mechanism.v1", "registry.issue_area.v1")
    name = "neacoop_consumer_records_dead_lettered_total"
    return sum(counter(name, group=GROUP, topic=topic, reason="handler_failed") for topic in topics)


async def publish_member(registry: RegistryOnTheBus, code: str) -> str:
    state = MemberState(
        code=code,
        kind="state",
        names={"en": f"Member {code}"},
        status_history=[StatusPeriod(status="participant", effective_from=LONG_AGO, reason="test")],
        version=fresh_version(),
    )
    await registry.publish(MemberRegistered(member=state), subject=code)
    return code


def paused_or_spent(consumer: ConsumerRunner, retries_before: float, dead_before: float) -> bool:
    """The consumer paused on the outage (what it should do) or spent an attempt (what it must not)."""
    retries = counter("neacoop_consumer_handler_retries_total", group=GROUP)
    return (
        retries > retries_before
        or dead_letters() > dead_before
        or "CannotConnectNow" in (consumer.last_error or "")
    )


async def applied(engine: AsyncEngine, code: str) -> bool:
    async with engine.connect() as connection:
        return await connection.scalar(select(KnownMember.code).where(KnownMember.code == code)) is not None
