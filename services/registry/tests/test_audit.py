"""Who changed what: every registry event names its actor, on Kafka and in the audit log an administrator
reads at `GET /v1/audit`."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiokafka.structs import ConsumerRecord

from common.contracts import make_event
from common.contracts.registry import ISSUE_AREA_TOPIC, MEMBER_TOPIC
from common.contracts.roadmap import DecisionRecorded
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, read_topic, started
from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings
from registry.seed import ReferenceDocument, seed

pytestmark = pytest.mark.integration

ADMIN = admin_headers()
REGISTERED = "org.neacoop.registry.member.registered.v1"
UPDATED = "org.neacoop.registry.member.updated.v1"


def bearer(token: str, correlation: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **({"X-Correlation-ID": correlation} if correlation else {})}


def new_code() -> str:
    # A fresh code per test keeps this test's events apart on the topics every test shares.
    return "S" + secrets.token_hex(3).upper()


async def register_state(registry: httpx.AsyncClient, code: str) -> None:
    body = {"code": code, "kind": "state", "names": {"en": f"State {code}"}, "status": "participant"}
    answer = await registry.post("/v1/members", json=body, headers=ADMIN)
    assert answer.status_code == 201, answer.text


async def partner_of(registry: httpx.AsyncClient, code: str) -> tuple[str, str]:
    """A partner client of member `code` allowed to edit it: (client id, token)."""
    body = {"name": "a partner desk", "member_code": code, "scopes": ["members:write"]}
    answer = await registry.post("/v1/clients", json=body, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    return answer.json()["client_id"], answer.json()["token"]


async def records_about(
    settings: RegistrySettings, topic: str, subject: str, count: int
) -> list[ConsumerRecord[bytes, bytes]]:
    async def published() -> list[ConsumerRecord[bytes, bytes]] | None:
        found = [r for r in await read_topic(settings, topic) if r.key == subject.encode()]
        return found if len(found) >= count else None

    return await eventually(published, what=f"{count} events about {subject} on {topic}")


def actor_of(record: ConsumerRecord[bytes, bytes]) -> tuple[str | None, str | None]:
    """The `ce_actor` header and the data's metadata.actor of a record, as a consumer reads them."""
    header = dict(record.headers).get("ce_actor")
    event = CloudEvent.from_kafka(record.value, record.headers)
    return (header.decode() if header else None), event.data.get("metadata", {}).get("actor")


async def audit(registry: httpx.AsyncClient, **filters: str) -> list[dict[str, Any]]:
    answer = await registry.get("/v1/audit", params=filters, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_a_partners_change_names_its_client_and_an_administrators_names_admin(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = new_code()
    await register_state(registry, code)
    client_id, token = await partner_of(registry, code)
    correlation = str(uuid.uuid4())

    edit = {"names": {"en": f"State {code}", "ko": "국가"}}
    answer = await registry.patch(f"/v1/members/{code}", json=edit, headers=bearer(token, correlation))
    assert answer.status_code == 200, answer.text

    registered, updated = await records_about(registry_settings, MEMBER_TOPIC, code, 2)
    assert actor_of(registered) == ("admin", "admin")
    assert actor_of(updated) == (client_id, client_id)

    entries = await audit(registry, subject=code)
    assert [(e["event_type"], e["actor"]) for e in entries] == [(REGISTERED, "admin"), (UPDATED, client_id)]
    change = entries[1]
    assert change["correlation_id"] == correlation
    assert change["event_id"] == CloudEvent.from_kafka(updated.value, updated.headers).id
    assert change["data"]["member"]["names"]["ko"] == "국가"
    assert change["data"]["metadata"] == {"actor": client_id}


async def test_an_issue_area_opened_by_the_roadmaps_decision_names_the_registry_that_applied_it(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    area = "maritime_security_" + secrets.token_hex(3)
    body = {"code": area, "names": {"en": "Maritime security"}, "kind": "traditional"}
    assert (await registry.post("/v1/issue-areas", json=body, headers=ADMIN)).status_code == 201
    decision = DecisionRecorded(
        decision_id=str(uuid.uuid4()),
        roadmap_code="NAPCI",
        kind="open_issue_area",
        issue_area_code=area,
        agreed_by=["KOR", "JPN", "CHN", "RUS", "MNG", "USA"],
        justification="every participating state agreed at the framework stage",
        decided_on=date(2016, 5, 1),
    )
    # As the roadmap's relay publishes it: recorded by the administrator who took the decision.
    contract, event = make_event(
        decision, service="roadmap", subject=decision.decision_id, actor="admin", correlation_id="c-decision"
    )
    key, value, headers = event.to_kafka()
    await ensure_topics(registry_settings, [contract.topic])
    producer = build_producer(registry_settings, client_id="test-roadmap")
    async with started(producer):
        await producer.send_and_wait(contract.topic, value=value, key=key, headers=headers)

    _, opened = await records_about(registry_settings, ISSUE_AREA_TOPIC, area, 2)
    assert CloudEvent.from_kafka(opened.value, opened.headers).type.endswith(".issue_area.opened.v1")
    assert actor_of(opened) == ("registry", "registry")

    entries = await audit(registry, subject=area, actor="registry")
    assert [(e["event_type"], e["correlation_id"]) for e in entries] == [
        ("org.neacoop.registry.issue_area.opened.v1", "c-decision")
    ]


async def test_the_seed_names_itself(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = new_code()
    document = ReferenceDocument.model_validate(
        {"members": [{"code": code, "name": f"State {code}", "kind": "state", "status": "participant"}]}
    )

    await seed(registry_settings, document)

    (entry,) = await audit(registry, subject=code)
    assert (entry["event_type"], entry["actor"]) == (REGISTERED, "seed")


async def test_the_audit_filters_by_actor_type_and_time_and_pages_on(registry: httpx.AsyncClient) -> None:
    code = new_code()
    await register_state(registry, code)
    client_id, token = await partner_of(registry, code)
    for language in ("ko", "ja", "zh"):
        edit = {"names": {"en": f"State {code}", language: code}}
        assert (
            await registry.patch(f"/v1/members/{code}", json=edit, headers=bearer(token))
        ).status_code == 200

    by_partner = await audit(registry, actor=client_id)
    assert [(e["subject"], e["event_type"]) for e in by_partner] == [(code, UPDATED)] * 3
    assert [e["subject"] for e in await audit(registry, subject=code, type=REGISTERED)] == [code]
    now = datetime.now(UTC)
    assert len(await audit(registry, subject=code, **{"from": (now - timedelta(minutes=5)).isoformat()})) == 4
    assert await audit(registry, subject=code, to=(now - timedelta(minutes=5)).isoformat()) == []

    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"subject": code, "limit": "3", **({"cursor": cursor} if cursor else {})}
        page = (await registry.get("/v1/audit", params=params, headers=ADMIN)).json()
        seen += [e["event_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["event_id"] for e in await audit(registry, subject=code)]
    assert len(seen) == 4


async def test_the_audit_is_for_administrators_only(registry: httpx.AsyncClient) -> None:
    code = new_code()
    await register_state(registry, code)
    _, token = await partner_of(registry, code)

    assert (await registry.get("/v1/audit", params={"subject": code})).status_code == 401
    refused = await registry.get("/v1/audit", params={"subject": code}, headers=bearer(token))
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    naive = await registry.get("/v1/audit", params={"from": "2014-05-20T00:00:00"}, headers=ADMIN)
    assert naive.status_code == 422
    assert naive.json()["field"] == "from"
