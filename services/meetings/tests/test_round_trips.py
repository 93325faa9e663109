"""What scheduling and reading a meeting cost the database, counted statement by statement and pinned
(issue #15): a change that adds a round trip to either path fails here and says which statements it sends.

`POST /v1/meetings` is the benchmark's write: the administrator's key (no client to look up), an
Idempotency-Key, a host and one invited member. Before issue #15 it sent twelve statements in one
transaction (the claim, three reads of the registry copy, the two INSERTs, three SELECTs reloading what it
had just inserted, the outbox and audit rows apart, and the answer remembered), and a read sent BEGIN and
COMMIT around its three SELECTs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from common.app import Runtime
from common.testing.fixtures import running_app
from common.testing.statements import statements_of
from meetings.config import MeetingsSettings
from meetings.main import create_app
from support.meetings import ADMIN, RegistryOnTheBus, meeting_body, unique_area, unique_code

pytestmark = pytest.mark.integration

# The claim of the Idempotency-Key, the registry copy (members, mechanism, issue areas at once), the
# meeting (its `scheduled_at` RETURNING), its participants (one executemany), the outbox and audit rows
# (one WITH), and the answer remembered for the key.
SCHEDULING_STATEMENTS = ["INSERT", "SELECT", "INSERT", "INSERT", "INSERT", "UPDATE"]
# The meeting, then its participants and its outcomes (selectin loading).
READING_STATEMENTS = ["SELECT", "SELECT", "SELECT"]


@pytest.fixture
async def service(
    meetings_settings: MeetingsSettings,
) -> AsyncIterator[tuple[httpx.AsyncClient, AsyncEngine]]:
    """The service in process, with the engine its requests use (the one its relay and consumers share)."""
    app = create_app(meetings_settings)
    async with running_app(app) as client:
        yield client, _engine(app)


async def test_scheduling_a_meeting_sends_six_statements_in_one_transaction_and_reads_nothing_back(
    service: tuple[httpx.AsyncClient, AsyncEngine], meetings_settings: MeetingsSettings
) -> None:
    client, engine = service
    registry = RegistryOnTheBus(meetings_settings)
    host, guest, area, mechanism = unique_code(), unique_code(), unique_area(), unique_code("M")
    await registry.member(host)
    await registry.member(guest)
    await registry.issue_area(area)
    await registry.mechanism(mechanism)
    body = meeting_body(
        host, [area], mechanism_code=mechanism, participants=[{"member_code": guest, "role": "participant"}]
    )

    with statements_of(engine) as sent:
        answer = await client.post("/v1/meetings", json=body, headers={**ADMIN, "Idempotency-Key": "k-1"})

    assert answer.status_code == 201, answer.text
    assert sent.verbs() == SCHEDULING_STATEMENTS, sent.describe()
    assert all(statement.in_transaction for statement in sent.statements), sent.describe()
    assert sent.transactions == 1
    # Built from what was inserted, not read back, and still exactly what a read of it answers.
    fetched = await client.get(answer.headers["location"])
    assert fetched.content == answer.content


async def test_reading_a_meeting_sends_three_statements_and_no_begin_or_commit(
    service: tuple[httpx.AsyncClient, AsyncEngine], meetings_settings: MeetingsSettings
) -> None:
    client, engine = service
    registry = RegistryOnTheBus(meetings_settings)
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    scheduled = await client.post("/v1/meetings", json=meeting_body(host, [area]), headers=ADMIN)
    assert scheduled.status_code == 201, scheduled.text

    with statements_of(engine) as sent:
        answer = await client.get(scheduled.headers["location"])

    assert answer.status_code == 200, answer.text
    assert sent.verbs() == READING_STATEMENTS, sent.describe()
    assert not any(statement.in_transaction for statement in sent.statements), sent.describe()
    assert sent.transactions == 0


def _engine(app: FastAPI) -> AsyncEngine:
    runtime: Runtime = app.state.runtime
    return runtime.uow.engine


async def test_every_change_answers_exactly_what_a_read_of_the_meeting_then_gives(
    service: tuple[httpx.AsyncClient, AsyncEngine], meetings_settings: MeetingsSettings
) -> None:
    # Answers are built from what each change wrote, never read back: byte for byte, they must be what
    # the table gives a read afterwards (participants in member order, titles in jsonb's key order).
    client, _ = service
    registry = RegistryOnTheBus(meetings_settings)
    host, first, second, area = unique_code("Y"), unique_code("B"), unique_code("A"), unique_area()
    for code in (host, first, second):
        await registry.member(code)
    await registry.issue_area(area)
    title = {"ko": "동북아평화협력 포럼", "en": "NAPCI forum"}
    invited = [{"member_code": first, "role": "participant"}]
    scheduled = await client.post(
        "/v1/meetings", json=meeting_body(host, [area], title=title, participants=invited), headers=ADMIN
    )
    assert scheduled.status_code == 201, scheduled.text
    path = scheduled.headers["location"]

    async def read_back(answer: httpx.Response, of: str = path) -> None:
        assert answer.status_code in (200, 201), answer.text
        assert answer.content == (await client.get(of)).content

    await read_back(scheduled)
    await read_back(await client.patch(path, json={"title": {"ru": "Форум", "en": "Forum"}}, headers=ADMIN))
    more = {"participants": [{"member_code": second, "role": "observer"}]}
    await read_back(
        await client.post(f"{path}/participants", json=more, headers=ADMIN), f"{path}/participants"
    )
    accepted = await client.patch(
        f"{path}/participants/{first}", json={"response": "accepted"}, headers=ADMIN
    )
    await read_back(accepted, f"{path}/participants")
    await read_back(await client.post(f"{path}/confirm", headers=ADMIN))
    record = {
        "attendance": [
            {"member_code": code, "attendance": "attended", "delegation_level": "ministerial"}
            for code in (host, first)
        ]
        + [{"member_code": second, "attendance": "absent"}],
        "outcomes": [
            {"type": "joint_statement", "text": "Joint statement", "member_codes": [host, first]},
            {"type": "concept_note_approved", "text": "Concept note", "member_codes": [host]},
        ],
        "summary": "met",
    }
    await read_back(await client.post(f"{path}/held", json=record, headers=ADMIN))
