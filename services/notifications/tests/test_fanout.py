"""Fan-out from the other services' events: each matching subscription gets one delivery, and no other;
email in the subscriber's language through a real SMTP server; the inbox; events that cannot be rendered
go to the dead letters while the others go on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from common.contracts.meetings import MEETING_TOPIC, LastAttended, MemberEngagementChanged
from common.messaging.dlq import read_dead_letters
from common.testing.fixtures import eventually
from notifications.config import NotificationsSettings
from support.notifications import (
    DELIVERY_DEAD,
    HELD,
    STAGE_ADVANCED,
    MailServer,
    OthersOnTheBus,
    Receiver,
    contact,
    decision,
    deliveries,
    delivery,
    delivery_reaching,
    inbox,
    json_of,
    meeting_held,
    problem_of,
    running,
    stage_advanced,
    start_group_at_end,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration


async def test_an_email_arrives_in_the_contacts_language_with_the_delivery_as_its_message_id(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, mail_server: MailServer
) -> None:
    host = unique_code()
    kim = contact("ko")
    await bus.member(host, [kim])
    partner = await bus.partner(host)
    subscription = await subscribe(
        notifications, {"member_code": host, "contact_id": kim.id, "channel": "email"}, partner.headers
    )
    assert (subscription["email"], subscription["language"]) == (kim.email, "ko")

    event = await bus.held(
        meeting_held(
            areas=["nuclear_safety"], host=host, title={"en": "NAPCI forum", "ko": "동북아평화협력 포럼"}
        )
    )
    sent = await delivery_reaching(
        notifications, partner.headers, subscription=subscription["id"], event=event.id, status="delivered"
    )

    [message] = mail_server.messages_to(kim.email)
    assert message["Subject"] == "회의 개최: 동북아평화협력 포럼"
    assert message["Message-ID"] == f"<{sent['id']}@nea-coop>"
    assert message["Content-Language"] == "ko"
    text = message.get_body(("plain",))
    assert text is not None
    assert "회의가 개최되었습니다." in text.get_content()
    assert event.id in text.get_content()


async def test_an_email_refused_for_good_is_dead_at_once_and_the_contacts_inbox_is_told_in_their_language(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, mail_server: MailServer
) -> None:
    host = unique_code()
    gone = contact("ru", email="former.focal.point@refused.example")
    await bus.member(host, [gone])
    partner = await bus.partner(host)
    mail = await subscribe(
        notifications, {"member_code": host, "contact_id": gone.id, "channel": "email"}, partner.headers
    )
    await subscribe(notifications, {"member_code": host, "contact_id": gone.id, **inbox()}, partner.headers)

    event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))
    dead = await delivery_reaching(
        notifications, partner.headers, subscription=mail["id"], event=event.id, status="dead"
    )

    assert dead["attempts"] == 1
    [attempt] = dead["attempt_log"]
    assert attempt["outcome"] == "refused"
    assert "550" in attempt["error"]
    assert mail_server.received == []

    async def told() -> list[dict[str, Any]] | None:
        page = json_of(await notifications.get(f"/v1/inbox/{host}", headers=partner.headers))
        return list(page["items"]) if len(page["items"]) == 2 else None

    notice, held = await eventually(told, what="the inbox told of the dead email")
    assert held["event_id"] == event.id
    assert notice["event_type"] == DELIVERY_DEAD
    assert notice["language"] == "ru"


async def test_one_meeting_held_reaches_every_matching_subscription_once_and_no_other(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus, receiver: Receiver, mail_server: MailServer
) -> None:
    host, other_member = unique_code(), unique_code()
    await bus.member(host)
    await bus.member(other_member)
    for area in ("nuclear_safety", "energy_security"):
        await bus.issue_area(area)
    mechanism, other_mechanism = unique_code("M"), unique_code("M")
    await bus.mechanism(mechanism)
    await bus.mechanism(other_mechanism)
    partner = await bus.partner(host)

    async def make(body: dict[str, Any]) -> str:
        return str((await subscribe(notifications, body, partner.headers))["id"])

    matching = {
        await make(webhook(receiver.url("/nuclear"), issue_areas=["nuclear_safety"])),
        await make({"channel": "email", "email": "desk@mofa.example", "filters": {"event_types": [HELD]}}),
        await make(inbox(members=[host])),
        await make(inbox(tracks=["nuclear_safety"], mechanisms=[mechanism])),
    }
    others = {
        await make(webhook(receiver.url("/energy"), issue_areas=["energy_security"])),
        await make(inbox(event_types=[STAGE_ADVANCED])),
        await make(inbox(members=[other_member])),
        await make(inbox(mechanisms=[other_mechanism])),
    }

    held = meeting_held(areas=["nuclear_safety"], host=host, mechanism=mechanism)
    event = await bus.held(held)
    for subscription in matching:
        await delivery_reaching(
            notifications, partner.headers, subscription=subscription, event=event.id, status="delivered"
        )
    # The same record again, as Kafka may deliver it after a consumer restart: nothing new.
    await bus.send(event, MEETING_TOPIC)

    reached = await deliveries(notifications, partner.headers, event=event.id)
    assert sorted(d["subscription_id"] for d in reached) == sorted(matching)
    assert not others & {d["subscription_id"] for d in reached}
    assert len(receiver.to("/nuclear")) == 1
    assert receiver.to("/energy") == []
    assert len(mail_server.messages_to("desk@mofa.example")) == 1
    page = json_of(await notifications.get(f"/v1/inbox/{partner.client_id}", headers=partner.headers))
    assert [item["event_id"] for item in page["items"]] == [event.id, event.id]


async def test_the_roadmaps_events_reach_subscriptions_by_track_and_by_the_members_that_agreed(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    member = unique_code()
    await bus.member(member)
    for area in ("nuclear_safety", "energy_security"):
        await bus.issue_area(area)
    partner = await bus.partner(member)
    by_track = await subscribe(notifications, inbox(tracks=["nuclear_safety"]), partner.headers)
    by_member = await subscribe(notifications, inbox(members=[member]), partner.headers)
    elsewhere = await subscribe(notifications, inbox(issue_areas=["energy_security"]), partner.headers)

    advanced = await bus.advanced(stage_advanced("nuclear_safety"))
    decided = await bus.decided(decision("nuclear_safety", agreed_by=[member]))

    reached = {
        event.id: sorted(
            d["subscription_id"] for d in await deliveries(notifications, partner.headers, event=event.id)
        )
        for event in (advanced, decided)
    }
    assert reached == {
        advanced.id: [by_track["id"]],
        decided.id: sorted([by_track["id"], by_member["id"]]),
    }
    assert await deliveries(notifications, partner.headers, subscription=elsewhere["id"]) == []


async def test_a_member_lapsing_reaches_the_subscriptions_that_follow_that_member_and_no_other(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    member = unique_code()
    await bus.member(member)
    await bus.issue_area("nuclear_safety")
    partner = await bus.partner(member)
    following = await subscribe(
        notifications, {"member_code": member, **inbox(members=[member])}, partner.headers
    )
    elsewhere = await subscribe(notifications, inbox(issue_areas=["nuclear_safety"]), partner.headers)

    lapsing = await bus.publish(
        MemberEngagementChanged(
            member_code=member,
            engagement="lapsing",
            previous_engagement="active",
            as_of=date(2015, 11, 20),
            last_attended=LastAttended(meeting="mtg-trm-plus-2", on=date(2014, 11, 19)),
            justified_by=["mtg-trm-plus-2"],
            rule_version=1,
            version=2,
        ),
        service="meetings",
        subject=member,
    )

    reached = await deliveries(notifications, partner.headers, event=lapsing.id)
    assert [d["subscription_id"] for d in reached] == [following["id"]]
    assert await deliveries(notifications, partner.headers, subscription=elsewhere["id"]) == []
    page = json_of(await notifications.get(f"/v1/inbox/{member}", headers=partner.headers))
    assert [item["subject"] for item in page["items"]] == [f"Engagement: {member} is lapsing"]


async def test_the_inbox_lists_newest_first_by_cursor_and_keeps_read_marks_for_its_subscriber_alone(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    member, stranger = unique_code(), unique_code()
    await bus.member(member, [contact("ja")])
    await bus.member(stranger)
    await bus.issue_area("nuclear_safety")
    partner, other = await bus.partner(member), await bus.partner(stranger)
    await subscribe(notifications, {"member_code": member, **inbox()}, partner.headers)

    older = await bus.held(meeting_held(areas=["nuclear_safety"], host=member))
    newer = await bus.advanced(stage_advanced("nuclear_safety"))

    async def both() -> dict[str, Any] | None:
        page = json_of(await notifications.get(f"/v1/inbox/{member}", headers=partner.headers))
        return dict(page) if len(page["items"]) == 2 else None

    await eventually(both, what="two items in the inbox")
    first = json_of(await notifications.get(f"/v1/inbox/{member}?limit=1", headers=partner.headers))
    assert [item["event_id"] for item in first["items"]] == [newer.id]
    assert first["unread"] == 2
    assert first["next_cursor"]
    second = json_of(
        await notifications.get(
            f"/v1/inbox/{member}",
            params={"limit": 1, "cursor": first["next_cursor"]},
            headers=partner.headers,
        )
    )
    assert [item["event_id"] for item in second["items"]] == [older.id]
    assert second["next_cursor"] is None

    item_id = first["items"][0]["id"]
    marked = json_of(
        await notifications.patch(
            f"/v1/inbox/{member}/{item_id}", json={"read": True}, headers=partner.headers
        )
    )
    assert marked["read"] is True
    unread = json_of(await notifications.get(f"/v1/inbox/{member}?unread=true", headers=partner.headers))
    assert (unread["unread"], [i["event_id"] for i in unread["items"]]) == (1, [older.id])
    again = json_of(
        await notifications.patch(
            f"/v1/inbox/{member}/{item_id}", json={"read": False}, headers=partner.headers
        )
    )
    assert again["read"] is False
    assert json_of(await notifications.get(f"/v1/inbox/{member}", headers=partner.headers))["unread"] == 2

    problem = problem_of(await notifications.get(f"/v1/inbox/{member}", headers=other.headers), 403)
    assert problem["field"] == "subscriber"
    refused = await notifications.patch(
        f"/v1/inbox/{member}/{item_id}", json={"read": True}, headers=other.headers
    )
    problem_of(refused, 403)


async def test_an_event_that_cannot_be_rendered_is_dead_lettered_and_the_next_one_is_still_fanned_out(
    notifications: httpx.AsyncClient,
    notifications_settings: NotificationsSettings,
    bus: OthersOnTheBus,
    receiver: Receiver,
) -> None:
    host = unique_code()
    await bus.member(host)
    partner = await bus.partner(host)
    hook = await subscribe(notifications, webhook(receiver.url("/hook")), partner.headers)

    broken = await bus.held(meeting_held(areas=["nuclear_safety"], host=host, time_zone="Asia/Atlantis"))
    fine = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

    await delivery_reaching(
        notifications, partner.headers, subscription=hook["id"], event=fine.id, status="delivered"
    )
    letters = [
        letter
        for letter in await read_dead_letters(notifications_settings, MEETING_TOPIC)
        if dict(letter.original_headers).get("ce_id") == broken.id.encode()
    ]
    [letter] = letters
    assert letter.reason == "unprocessable"
    assert letter.consumer == "notifications"
    assert "Asia/Atlantis" in letter.error
    assert await deliveries(notifications, partner.headers, event=broken.id) == []
    assert [r.headers["webhook-id"] for r in receiver.to("/hook")] == [
        d["id"] for d in await deliveries(notifications, partner.headers, event=fine.id)
    ]


async def test_emails_to_one_address_never_exceed_its_hourly_limit_even_when_they_are_due_together(
    notifications_settings: NotificationsSettings, bus: OthersOnTheBus, mail_server: MailServer
) -> None:
    settings = notifications_settings.model_copy(update={"email_rate_limit_per_hour": 2})
    host = unique_code()
    await start_group_at_end(settings)
    async with running(settings) as app:
        await bus.member(host)
        partner = await bus.partner(host)
        # Three subscriptions of one desk, so that one event makes three emails due at the same instant.
        desk = [
            await subscribe(
                app, {"channel": "email", "email": "desk@mofa.example", "language": language}, partner.headers
            )
            for language in ("en", "ko", "ja")
        ]
        event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def settled() -> list[dict[str, Any]] | None:
            found = await deliveries(app, partner.headers, event=event.id)
            ids = [d["id"] for d in found]
            read = [await delivery(app, i, partner.headers) for i in ids]
            # An attempt under way (`sending`) is not settled yet: delivered, or deferred by the limit, is.
            done = [
                d
                for d in read
                if d["status"] == "delivered" or any(a["outcome"] == "deferred" for a in d["attempt_log"])
            ]
            return read if len(done) == len(desk) else None

        read = await eventually(settled, what="every email delivered or deferred")

    assert len(mail_server.messages_to("desk@mofa.example")) == 2
    assert sorted(d["status"] for d in read) == ["delivered", "delivered", "pending"]
    [held_back] = [d for d in read if d["status"] == "pending"]
    assert held_back["attempts"] == 0
    assert [a["outcome"] for a in held_back["attempt_log"]] == ["deferred"]
    assert datetime.fromisoformat(held_back["next_attempt_at"]) > datetime.now(UTC) + timedelta(minutes=59)


async def test_deliveries_are_listed_oldest_first_in_cursor_pages(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    member = unique_code()
    await bus.member(member)
    await bus.issue_area("nuclear_safety")
    partner = await bus.partner(member)
    watch = await subscribe(notifications, {"member_code": member, **inbox()}, partner.headers)
    published = []
    for _ in range(3):
        event = await bus.held(meeting_held(areas=["nuclear_safety"], host=member))
        await delivery_reaching(
            notifications, partner.headers, subscription=watch["id"], event=event.id, status="delivered"
        )
        published.append(event.id)

    first = json_of(await notifications.get("/v1/deliveries?limit=2", headers=partner.headers))
    second = json_of(
        await notifications.get(
            "/v1/deliveries", params={"limit": 2, "cursor": first["next_cursor"]}, headers=partner.headers
        )
    )
    assert [d["event_id"] for d in first["items"] + second["items"]] == published
    assert second["next_cursor"] is None
    refused = await notifications.get("/v1/deliveries?cursor=bm90LWEtY3Vyc29y", headers=partner.headers)
    assert problem_of(refused, 422)["field"] == "cursor"
