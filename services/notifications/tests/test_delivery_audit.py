"""Deliveries are the notifications service's own doing: their events name it as the actor, while the
webhook body still says who made the change it announces."""

from __future__ import annotations

import json

import httpx
import pytest

from common.contracts import make_event
from common.contracts.meetings import MEETING_TOPIC
from common.testing.fixtures import admin_headers
from support.notifications import (
    OthersOnTheBus,
    Receiver,
    delivery_reaching,
    json_of,
    meeting_held,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration


async def test_a_delivery_names_the_notifications_service_and_its_body_names_the_partner_who_made_the_change(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    subscription = await subscribe(notifications, webhook(receiver.url("/hook")), partner.headers)
    data = meeting_held(areas=["nuclear_safety"], host=host)
    # As the meetings service publishes it when the host's client records the meeting held.
    _, held = make_event(data, service="meetings", subject=data.meeting.meeting_id, actor=partner.client_id)
    await bus.send(held, MEETING_TOPIC)

    sent = await delivery_reaching(
        notifications, partner.headers, subscription=subscription["id"], event=held.id, status="delivered"
    )
    [request] = receiver.to("/hook")
    body = json.loads(request.body)
    assert (body["actor"], body["data"]["metadata"]) == (partner.client_id, {"actor": partner.client_id})

    audit = json_of(
        await notifications.get("/v1/audit", params={"subject": sent["id"]}, headers=admin_headers())
    )
    assert [(e["event_type"], e["actor"]) for e in audit["items"]] == [
        ("org.neacoop.notifications.delivery.delivered.v1", "notifications")
    ]
    refused = await notifications.get("/v1/audit", params={"subject": sent["id"]}, headers=partner.headers)
    assert refused.status_code == 403
