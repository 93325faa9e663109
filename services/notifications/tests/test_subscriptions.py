"""Subscriptions through the API: bad input answered with a problem naming the field, and replay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from common.testing.fixtures import eventually
from support.notifications import (
    ADMIN,
    OthersOnTheBus,
    Receiver,
    contact,
    delivery_reaching,
    inbox,
    json_of,
    meeting_held,
    problem_of,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://10.1.2.3/hooks", "private"),
        ("https://169.254.169.254/latest/meta-data", "metadata"),
        ("https://[::1]/hooks", "loopback"),
        ("http://localhost:8080/hooks", "https"),
        ("ftp://hooks.example.org/", "https"),
        ("not a url", "absolute"),
    ],
)
async def test_a_webhook_url_that_is_refused_is_a_422_naming_the_url(
    notifications: httpx.AsyncClient, url: str, reason: str
) -> None:
    # The test settings allow 127.0.0.0/8 only, and http only to 127.0.0.1.
    answer = await notifications.post("/v1/subscriptions", json=webhook(url), headers=ADMIN)
    problem = problem_of(answer, 422)
    assert problem["field"] == "url"
    assert reason in problem["detail"]


# Issue 12: `https://[fec0::1]/` was accepted. One of each deprecated or special-use range, written as a
# subscriber would (the policy's own table-driven test covers every range of IANA's registries).
SPECIAL_USE_URLS = {
    "https://[fec0::1]/": "deprecated site-local",
    "https://[fec0::1]:8443/hooks": "deprecated site-local",
    "https://[2002:a00:1::1]/": "wraps 10.0.0.1",  # 6to4
    "https://[64:ff9b::c0a8:1]/": "wraps 192.168.0.1",  # NAT64
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/": "Teredo",
    "https://[::ffff:10.0.0.1]/": "wraps 10.0.0.1",
    "https://[::ffff:a00:1]/": "wraps 10.0.0.1",  # the same, spelt in hex
    "https://192.0.2.10/": "documentation",
    "https://[2001:db8::1]/": "documentation",
    "https://[3fff::1]/": "documentation",
    "https://198.18.0.1/": "benchmarking",
    "https://224.0.0.251/": "multicast",
    "https://[ff05::fb]/": "multicast",
    "https://0.0.0.1/": "'this network'",
    "https://100.64.0.1/": "shared",
    "https://192.0.0.8/": "dummy",
    "https://192.88.99.1/": "deprecated 6to4 relay",
    "https://240.0.0.1/": "reserved",
    "https://[3ffe::1]/": "6bone",
    "https://[fd00::1]/": "unique local",
}


async def test_every_special_use_or_deprecated_range_is_refused_at_subscription_and_at_update(
    notifications: httpx.AsyncClient,
) -> None:
    hook = json_of(
        await notifications.post("/v1/subscriptions", json=webhook("http://127.0.0.1:9/hook"), headers=ADMIN),
        201,
    )
    refused = {}
    for url in SPECIAL_USE_URLS:
        created = await notifications.post("/v1/subscriptions", json=webhook(url), headers=ADMIN)
        updated = await notifications.patch(
            f"/v1/subscriptions/{hook['id']}", json={"url": url}, headers=ADMIN
        )
        refused[url] = [
            (answer.status_code, answer.json().get("field"), answer.json().get("detail", ""))
            for answer in (created, updated)
        ]

    for url, reason in SPECIAL_USE_URLS.items():
        for status, field, detail in refused[url]:
            assert (status, field) == (422, "url"), (url, detail)
            assert reason in detail, (url, detail)
    listed = json_of(await notifications.get("/v1/subscriptions", headers=ADMIN))
    assert [s["url"] for s in listed["items"]] == ["http://127.0.0.1:9/hook"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "email", "email": "not an address"}, "email"),
        ({"channel": "email", "email": "desk@mofa.example", "language": "fr"}, "language"),
        (
            {"channel": "inbox", "filters": {"event_types": ["org.neacoop.meetings.meeting.dreamt.v1"]}},
            "filters.event_types",
        ),
        ({"channel": "inbox", "filters": {"issue_areas": ["weather_control"]}}, "filters.issue_areas"),
        ({"channel": "inbox", "filters": {"members": ["NOWHERE"]}}, "filters.members"),
        ({"channel": "inbox", "filters": {"tracks": ["weather_control"]}}, "filters.tracks"),
        ({"channel": "inbox", "member_code": "NOWHERE"}, "member_code"),
    ],
)
async def test_a_subscription_naming_what_does_not_exist_is_a_422_naming_the_field(
    notifications: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    problem = problem_of(await notifications.post("/v1/subscriptions", json=body, headers=ADMIN), 422)
    assert problem["field"] == field


async def test_a_partner_cannot_subscribe_another_members_contact(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    ours, theirs = unique_code(), unique_code()
    their_contact = contact("ru")
    await bus.member(ours)
    await bus.member(theirs, [their_contact])
    partner = await bus.partner(ours)

    body = {"member_code": theirs, "contact_id": their_contact.id, "channel": "email"}
    problem = problem_of(
        await notifications.post("/v1/subscriptions", json=body, headers=partner.headers), 403
    )

    assert problem["field"] == "member_code"
    listed = json_of(await notifications.get("/v1/subscriptions", headers=ADMIN))
    assert listed["items"] == []


async def test_replay_sends_a_matched_event_again_and_gives_it_to_a_subscription_made_after_it(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    early = await subscribe(notifications, webhook(receiver.url("/early")), partner.headers)
    before = datetime.now(UTC) - timedelta(seconds=1)
    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    first = await delivery_reaching(
        notifications, partner.headers, subscription=early["id"], event=event.id, status="delivered"
    )
    late = await subscribe(notifications, webhook(receiver.url("/late")), partner.headers)
    boxed = await subscribe(notifications, inbox(), partner.headers)

    again = json_of(
        await notifications.post(
            f"/v1/subscriptions/{early['id']}/replay",
            params={"since": before.isoformat()},
            headers=partner.headers,
        )
    )
    caught_up = json_of(
        await notifications.post(
            f"/v1/subscriptions/{late['id']}/replay",
            params={"since": before.isoformat()},
            headers=partner.headers,
        )
    )
    after = json_of(
        await notifications.post(
            f"/v1/subscriptions/{early['id']}/replay",
            params={"since": datetime.now(UTC).isoformat()},
            headers=partner.headers,
        )
    )
    boxed_up = json_of(
        await notifications.post(
            f"/v1/subscriptions/{boxed['id']}/replay",
            params={"since": before.isoformat()},
            headers=partner.headers,
        )
    )

    assert again == {"matched": 1, "recorded": 0, "redelivered": 1}
    assert caught_up == {"matched": 1, "recorded": 1, "redelivered": 0}
    assert after == {"matched": 0, "recorded": 0, "redelivered": 0}
    assert boxed_up == {"matched": 1, "recorded": 1, "redelivered": 0}

    async def twice() -> bool:
        return len(receiver.to("/early")) == 2

    await eventually(twice, what="the replayed delivery")
    assert {r.headers["webhook-id"] for r in receiver.to("/early")} == {first["id"]}
    late_sent = await delivery_reaching(
        notifications, partner.headers, subscription=late["id"], event=event.id, status="delivered"
    )
    [late_request] = receiver.to("/late")
    assert late_request.headers["webhook-id"] == late_sent["id"]
    page = json_of(await notifications.get(f"/v1/inbox/{partner.client_id}", headers=partner.headers))
    assert [item["event_id"] for item in page["items"]] == [event.id]


async def test_replay_never_gives_one_subscriber_the_notice_of_another_subscribers_dead_delivery(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver
) -> None:
    ours, theirs = unique_code(), unique_code()
    await bus.member(ours)
    await bus.member(theirs)
    partner, stranger = await bus.partner(ours), await bus.partner(theirs)
    before = datetime.now(UTC) - timedelta(seconds=1)
    receiver.answer("/gone", 410)
    hook = await subscribe(notifications, webhook(receiver.url("/gone")), partner.headers)
    told = await subscribe(notifications, inbox(), partner.headers)
    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=ours))
    await delivery_reaching(
        notifications, partner.headers, subscription=hook["id"], event=event.id, status="dead"
    )

    async def notice() -> list[dict[str, Any]] | None:
        page = json_of(await notifications.get(f"/v1/inbox/{partner.client_id}", headers=partner.headers))
        return list(page["items"]) if len(page["items"]) == 2 else None

    await eventually(notice, what="our inbox told of our dead delivery")
    theirs_box = await subscribe(notifications, inbox(), stranger.headers)

    replayed = json_of(
        await notifications.post(
            f"/v1/subscriptions/{theirs_box['id']}/replay",
            params={"since": before.isoformat()},
            headers=stranger.headers,
        )
    )
    ours_again = json_of(
        await notifications.post(
            f"/v1/subscriptions/{told['id']}/replay",
            params={"since": before.isoformat()},
            headers=partner.headers,
        )
    )

    # The meeting, which their filters accept; not the notice about our webhook.
    assert replayed == {"matched": 1, "recorded": 1, "redelivered": 0}
    page = json_of(await notifications.get(f"/v1/inbox/{stranger.client_id}", headers=stranger.headers))
    assert [item["event_id"] for item in page["items"]] == [event.id]
    # Our own inbox had both already: nothing to send again.
    assert ours_again == {"matched": 2, "recorded": 0, "redelivered": 0}


async def test_a_contacts_subscription_follows_its_address_and_language_and_stops_when_it_is_removed(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    host = unique_code()
    kim = contact("ko")
    member = await bus.member(host, [kim])
    partner = await bus.partner(host)
    chosen = await subscribe(
        notifications,
        {"member_code": host, "contact_id": kim.id, "channel": "email", "language": "en"},
        partner.headers,
    )
    followed = await subscribe(
        notifications, {"member_code": host, "contact_id": kim.id, "channel": "email"}, partner.headers
    )

    moved = kim.model_copy(update={"email": f"new.{kim.email}", "preferred_language": "ja"})
    member = await bus.contacts_changed(member, [moved])

    async def read(subscription: dict[str, Any]) -> dict[str, Any]:
        answer = await notifications.get(f"/v1/subscriptions/{subscription['id']}", headers=partner.headers)
        return dict(json_of(answer))

    assert ((await read(followed))["email"], (await read(followed))["language"]) == (moved.email, "ja")
    # Given at subscription, the language stays; the address was the contact's, so it follows.
    assert ((await read(chosen))["email"], (await read(chosen))["language"]) == (moved.email, "en")

    await bus.contacts_changed(member, [])
    gone = await read(followed)
    assert gone["active"] is False
    assert "contact" in gone["disabled_reason"]
