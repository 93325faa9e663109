"""The registry applies the roadmap's consensus decisions: the only way a traditional issue area opens."""

from __future__ import annotations

import secrets
import uuid
from datetime import date

import httpx
import pytest

from common.contracts import make_event
from common.contracts.registry import ISSUE_AREA_TOPIC
from common.contracts.roadmap import DecisionRecorded
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import build_producer, ensure_topics, read_topic, started
from common.testing.fixtures import admin_headers, eventually
from registry.config import RegistrySettings

pytestmark = pytest.mark.integration


async def publish_as_roadmap(settings: RegistrySettings, decision: DecisionRecorded) -> None:
    """What the roadmap service's relay would publish: the registry cannot tell the difference."""
    contract, event = make_event(decision, service="roadmap", subject=decision.decision_id)
    key, value, headers = event.to_kafka()
    await ensure_topics(settings, [contract.topic])
    producer = build_producer(settings, client_id="test-roadmap")
    async with started(producer):
        await producer.send_and_wait(contract.topic, value=value, key=key, headers=headers)


def decision(area: str, *, kind: str = "open_issue_area") -> DecisionRecorded:
    return DecisionRecorded(
        decision_id=str(uuid.uuid4()),
        roadmap_code="NAPCI",
        kind=kind,
        issue_area_code=area,
        agreed_by=["KOR", "JPN", "CHN", "RUS", "MNG", "USA"],
        justification="every participating state agreed at the framework stage",
        decided_on=date(2016, 5, 1),
    )


async def test_a_consensus_decision_from_the_roadmap_opens_a_locked_traditional_issue_area_once(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    area = "maritime_security_" + secrets.token_hex(3)
    body = {"code": area, "names": {"en": "Maritime security"}, "kind": "traditional"}
    assert (await registry.post("/v1/issue-areas", json=body, headers=admin_headers())).status_code == 201
    assert (await registry.get(f"/v1/issue-areas/{area}")).json()["open"] is False

    agreed = decision(area)
    await publish_as_roadmap(registry_settings, agreed)
    await publish_as_roadmap(registry_settings, agreed)  # delivered twice, applied once

    async def opened() -> dict[str, object] | None:
        found = (await registry.get(f"/v1/issue-areas/{area}")).json()
        return found if found["open"] else None

    opened_area = await eventually(opened, what="the registry applying the decision")
    assert opened_area["opened_by_decision"] == agreed.decision_id

    async def opened_events() -> list[CloudEvent] | None:
        events = [
            CloudEvent.from_kafka(r.value, r.headers)
            for r in await read_topic(registry_settings, ISSUE_AREA_TOPIC)
        ]
        found = [e for e in events if e.subject == area and e.type.endswith(".opened.v1")]
        return found or None

    assert len(await eventually(opened_events, what="issue_area.opened on the topic")) == 1


async def test_a_decision_that_is_not_about_opening_an_area_leaves_it_locked(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    area = "arms_control_" + secrets.token_hex(3)
    body = {"code": area, "names": {"en": "Arms control"}, "kind": "traditional"}
    assert (await registry.post("/v1/issue-areas", json=body, headers=admin_headers())).status_code == 201
    await publish_as_roadmap(registry_settings, decision(area, kind="hold"))
    # A later opening decision for another area shows the consumer is past the first one.
    marker = "marker_" + secrets.token_hex(3)
    marker_body = {"code": marker, "names": {"en": "Marker"}, "kind": "traditional"}
    assert (
        await registry.post("/v1/issue-areas", json=marker_body, headers=admin_headers())
    ).status_code == 201
    await publish_as_roadmap(registry_settings, decision(marker))

    async def marker_open() -> bool:
        return bool((await registry.get(f"/v1/issue-areas/{marker}")).json()["open"])

    await eventually(marker_open, what="the later decision applied")
    assert (await registry.get(f"/v1/issue-areas/{area}")).json()["open"] is False
