"""Webhooks on the real broker and database to a real HTTP receiver: signed as Standard Webhooks define,
verified with the reference library, retried on the schedule with the same `webhook-id`."""

from __future__ import annotations

import json

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

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


async def test_a_webhook_verifies_with_the_standard_webhooks_library_and_fails_once_its_body_changes(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    subscription = await subscribe(notifications, webhook(receiver.url("/hook")), partner.headers)
    secret = subscription["secret"]
    assert secret.startswith("whsec_")

    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    sent = await delivery_reaching(
        notifications, partner.headers, subscription=subscription["id"], event=event.id, status="delivered"
    )

    [request] = receiver.to("/hook")
    assert request.headers["webhook-id"] == sent["id"]
    assert request.headers["content-type"] == "application/json"
    body = Webhook(secret).verify(request.body, request.headers)
    assert (body["id"], body["type"], body["source"], body["subject"]) == (
        event.id,
        event.type,
        event.source,
        event.subject,
    )
    assert body["data"] == json.loads(json.dumps(event.data))
    tampered = bytearray(request.body)
    tampered[len(tampered) // 2] ^= 0x01
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(bytes(tampered), request.headers)
    # A secret the subscriber was not given does not verify it either.
    other = await subscribe(notifications, webhook(receiver.url("/other")), partner.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(other["secret"]).verify(request.body, request.headers)
    # The secret is shown once: never again in the subscription.
    shown = json_of(
        await notifications.get(f"/v1/subscriptions/{subscription['id']}", headers=partner.headers)
    )
    assert "secret" not in shown


async def test_a_receiver_failing_three_times_gets_the_delivery_exactly_once_more_with_the_same_webhook_id(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    receiver.answer("/flaky", 500, times=3)
    flaky = await subscribe(notifications, webhook(receiver.url("/flaky")), partner.headers)

    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    sent = await delivery_reaching(
        notifications, partner.headers, subscription=flaky["id"], event=event.id, status="delivered"
    )

    # The dispatcher polls on: a later delivery to another subscription goes out after this one, and by
    # then the delivered one has not been sent again.
    later = await subscribe(notifications, webhook(receiver.url("/later")), partner.headers)
    next_event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    await delivery_reaching(
        notifications, partner.headers, subscription=later["id"], event=next_event.id, status="delivered"
    )
    assert len(receiver.with_id(sent["id"])) == 4
    assert [r.path for r in receiver.with_id(sent["id"])] == ["/flaky"] * 4
    assert sent["attempts"] == 4
    assert [(a["outcome"], a["status_code"]) for a in sent["attempt_log"]] == [
        ("failed", 500),
        ("failed", 500),
        ("failed", 500),
        ("delivered", 200),
    ]


async def test_after_a_secret_rotation_a_webhook_verifies_with_both_the_old_and_the_new_secret(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    subscription = await subscribe(notifications, webhook(receiver.url("/hook")), partner.headers)
    old = subscription["secret"]

    rotated = json_of(
        await notifications.post(
            f"/v1/subscriptions/{subscription['id']}/rotate-secret",
            json={"overlap_seconds": 3600},
            headers=partner.headers,
        )
    )
    new = rotated["secret"]
    assert new != old
    assert new.startswith("whsec_")
    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    await delivery_reaching(
        notifications, partner.headers, subscription=subscription["id"], event=event.id, status="delivered"
    )

    [request] = receiver.to("/hook")
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(old).verify(request.body, request.headers)["id"] == event.id
    assert Webhook(new).verify(request.body, request.headers)["id"] == event.id
    shown = json_of(
        await notifications.get(f"/v1/subscriptions/{subscription['id']}", headers=partner.headers)
    )
    [old_expires, new_expires] = shown["secret_expirations"]
    assert old_expires is not None
    assert new_expires is None
