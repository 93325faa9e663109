"""Digests on the real stack (PostgreSQL, Kafka, a real SMTP server), with a clock the test moves: a
daily or weekly digest lists every event its subscription matched since the previous one, in the
subscriber's language, at its time of day in the subscriber's time zone; nothing is left out and nothing
is sent twice, however many schedulers run."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from common.db import UnitOfWork, create_engine
from common.messaging.outbox import Outbox
from common.testing.fixtures import eventually
from notifications.config import NotificationsSettings
from notifications.digests.scheduler import DigestScheduler
from notifications.digests.service import DIGEST_EVENT_TYPE
from support.notifications import (
    ADMIN,
    HandClock,
    MailServer,
    OthersOnTheBus,
    contact,
    deliveries,
    json_of,
    meeting_held,
    problem_of,
    running,
    start_group_at_end,
    subscribe,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration

SEOUL_FORUM = {"en": "NAPCI forum", "ko": "동북아평화협력 포럼"}
SEOUL_WORKSHOP = {"en": "Nuclear safety workshop", "ko": "원자력 안전 워크숍"}


def utc(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def settings(notifications_settings: NotificationsSettings) -> NotificationsSettings:
    """The service's scheduler looks for due digests every tenth of a second."""
    return notifications_settings.model_copy(update={"digest_poll_interval_seconds": 0.1})


@asynccontextmanager
async def service_at(settings: NotificationsSettings, clock: HandClock) -> AsyncIterator[httpx.AsyncClient]:
    await start_group_at_end(settings)
    async with running(settings, clock=clock) as client:
        yield client


def scheduler(settings: NotificationsSettings, engine: AsyncEngine, clock: HandClock) -> DigestScheduler:
    """Another replica's scheduler, on the same database and clock, run by the test itself."""
    return DigestScheduler(settings, UnitOfWork(engine), Outbox(service="notifications"), clock)


async def digests_of(
    notifications: httpx.AsyncClient, headers: dict[str, str], subscription_id: str
) -> list[dict[str, Any]]:
    found = await deliveries(notifications, headers, subscription=subscription_id)
    assert all(delivery["event_type"] == DIGEST_EVENT_TYPE for delivery in found), found
    return found


async def delivered_digests(
    notifications: httpx.AsyncClient, headers: dict[str, str], subscription_id: str, count: int
) -> list[dict[str, Any]]:
    async def probe() -> list[dict[str, Any]] | None:
        found = await digests_of(notifications, headers, subscription_id)
        done = len(found) == count and all(delivery["status"] == "delivered" for delivery in found)
        return found if done else None

    return await eventually(probe, timeout=15, what=f"{count} delivered digest(s) of {subscription_id}")


async def kept_items(engine: AsyncEngine, subscription_id: str) -> dict[str, str | None]:
    """Each event kept for the subscription's digests, with the digest delivery that listed it."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT event_id, delivery_id FROM digest_items WHERE subscription_id = :id"),
            {"id": subscription_id},
        )
        return {row.event_id: row.delivery_id for row in rows}


def when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


async def test_a_seoul_digest_at_eight_is_sent_once_in_korean_with_every_event_and_a_later_one_next_day(
    settings: NotificationsSettings, bus: OthersOnTheBus, mail_server: MailServer, engine: AsyncEngine
) -> None:
    # Monday 2 March 2026, 07:00 in Seoul.
    clock = HandClock(utc(2026, 3, 1, 22))
    async with service_at(settings, clock) as notifications:
        host = unique_code()
        kim = contact("ko")
        await bus.member(host, [kim])
        partner = await bus.partner(host)
        subscription = await subscribe(
            notifications,
            {
                "member_code": host,
                "contact_id": kim.id,
                "channel": "email",
                "filters": {"members": [host]},
                "digest": {"every": "day", "at": "08:00", "time_zone": "Asia/Seoul"},
            },
            partner.headers,
        )
        assert subscription["digest"] == {
            "every": "day",
            "at": "08:00",
            "time_zone": "Asia/Seoul",
            "weekday": None,
        }
        assert when(subscription["next_digest_at"]) == utc(2026, 3, 1, 23)

        forum = await bus.held(meeting_held(areas=["nuclear_safety"], host=host, title=SEOUL_FORUM))
        workshop = await bus.held(meeting_held(areas=["nuclear_safety"], host=host, title=SEOUL_WORKSHOP))
        # Applied, and kept for the digest: no message of their own.
        assert await digests_of(notifications, partner.headers, subscription["id"]) == []
        another = scheduler(settings, engine, clock)
        clock.move_to(utc(2026, 3, 1, 22, 59, 59))
        assert await another.send_due() == 0

        clock.move_to(utc(2026, 3, 1, 23))
        [digest] = await delivered_digests(notifications, partner.headers, subscription["id"], 1)

        [message] = mail_server.messages_to(kim.email)
        assert message["Subject"] == "일일 요약: 알림 2건"
        assert message["Message-ID"] == f"<{digest['id']}@nea-coop>"
        assert message["Content-Language"] == "ko"
        body = message.get_body(("plain",))
        assert body is not None
        content = body.get_content()
        assert "회의 개최: 동북아평화협력 포럼" in content
        assert "회의 개최: 원자력 안전 워크숍" in content
        assert forum.id in content
        assert workshop.id in content
        assert "2026년 3월 2일 08:00 (Asia/Seoul)" in content
        assert await kept_items(engine, subscription["id"]) == {
            forum.id: digest["id"],
            workshop.id: digest["id"],
        }
        read = json_of(
            await notifications.get(f"/v1/subscriptions/{subscription['id']}", headers=partner.headers)
        )
        assert when(read["next_digest_at"]) == utc(2026, 3, 2, 23)

        # After the cut: kept for the next day's digest, and the first is not sent again.
        later = await bus.held(meeting_held(areas=["nuclear_safety"], host=host, title=SEOUL_FORUM))
        clock.move_to(utc(2026, 3, 2, 12))
        assert await another.send_due() == 0
        clock.move_to(utc(2026, 3, 2, 23))
        first, second = await delivered_digests(notifications, partner.headers, subscription["id"], 2)
        assert first["id"] == digest["id"]

        assert [m["Subject"] for m in mail_server.messages_to(kim.email)] == [
            "일일 요약: 알림 2건",
            "일일 요약: 알림 1건",
        ]
        assert await kept_items(engine, subscription["id"]) == {
            forum.id: digest["id"],
            workshop.id: digest["id"],
            later.id: second["id"],
        }
        # A day with nothing matched sends nothing.
        clock.move_to(utc(2026, 3, 3, 23))
        assert await another.send_due() == 0
        assert len(mail_server.messages_to(kim.email)) == 2


async def test_a_weekly_digest_reaches_the_inbox_on_its_weekday_in_russian(
    settings: NotificationsSettings, bus: OthersOnTheBus, engine: AsyncEngine
) -> None:
    # Wednesday 25 November 2026, noon in Moscow.
    clock = HandClock(utc(2026, 11, 25, 9))
    async with service_at(settings, clock) as notifications:
        host = unique_code()
        await bus.member(host)
        partner = await bus.partner(host)
        subscription = await subscribe(
            notifications,
            {
                "channel": "inbox",
                "language": "ru",
                "filters": {"members": [host]},
                "digest": {"every": "week", "at": "09:30", "time_zone": "Europe/Moscow", "weekday": "monday"},
            },
            partner.headers,
        )
        assert when(subscription["next_digest_at"]) == utc(2026, 11, 30, 6, 30)
        held = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        # Sunday evening: not yet.
        clock.move_to(utc(2026, 11, 29, 18))
        assert await scheduler(settings, engine, clock).send_due() == 0
        clock.move_to(utc(2026, 11, 30, 6, 30))
        [digest] = await delivered_digests(notifications, partner.headers, subscription["id"], 1)

        page = json_of(await notifications.get(f"/v1/inbox/{partner.client_id}", headers=partner.headers))
        [item] = page["items"]
        assert item["subject"] == "Еженедельная сводка: уведомлений — 1"
        assert item["language"] == "ru"
        assert held.id in item["text"]
        assert await kept_items(engine, subscription["id"]) == {held.id: digest["id"]}
        read = json_of(
            await notifications.get(f"/v1/subscriptions/{subscription['id']}", headers=partner.headers)
        )
        assert when(read["next_digest_at"]) == utc(2026, 12, 7, 6, 30)


async def test_a_berlin_digest_at_eight_comes_an_hour_earlier_in_utc_once_summer_time_begins(
    settings: NotificationsSettings, bus: OthersOnTheBus, mail_server: MailServer, engine: AsyncEngine
) -> None:
    # Saturday 28 March 2026, 09:00 CET; summer time begins at 01:00 UTC on Sunday.
    clock = HandClock(utc(2026, 3, 28, 8))
    async with service_at(settings, clock) as notifications:
        host = unique_code()
        anna = contact("en")
        await bus.member(host, [anna])
        partner = await bus.partner(host)
        subscription = await subscribe(
            notifications,
            {
                "member_code": host,
                "contact_id": anna.id,
                "channel": "email",
                "filters": {"members": [host]},
                "digest": {"every": "day", "at": "08:00", "time_zone": "Europe/Berlin"},
            },
            partner.headers,
        )
        # 08:00 CEST, not 08:00 CET (07:00 UTC).
        assert when(subscription["next_digest_at"]) == utc(2026, 3, 29, 6)
        await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        clock.move_to(utc(2026, 3, 29, 5, 59, 59))
        assert await scheduler(settings, engine, clock).send_due() == 0
        clock.move_to(utc(2026, 3, 29, 6))
        await delivered_digests(notifications, partner.headers, subscription["id"], 1)

        [message] = mail_server.messages_to(anna.email)
        assert message["Subject"] == "Your daily digest (1)"
        body = message.get_body(("plain",))
        assert body is not None
        assert "29 March 2026 08:00 (Europe/Berlin)" in body.get_content()


async def test_schedulers_racing_for_the_same_digests_send_each_once(
    notifications_settings: NotificationsSettings,
    bus: OthersOnTheBus,
    mail_server: MailServer,
    engine: AsyncEngine,
) -> None:
    # The service's own scheduler looks once at start, then waits an hour: the two the test runs race
    # alone, each on an engine of its own, as two replicas would.
    settings = notifications_settings.model_copy(update={"digest_poll_interval_seconds": 3600})
    clock = HandClock(utc(2026, 3, 1, 22))
    second_engine = create_engine(notifications_settings.sqlalchemy_url, pool_size=2)
    try:
        async with service_at(settings, clock) as notifications:
            host = unique_code()
            people = [contact("ja") for _ in range(5)]
            await bus.member(host, people)
            partner = await bus.partner(host)
            subscriptions = [
                await subscribe(
                    notifications,
                    {
                        "member_code": host,
                        "contact_id": person.id,
                        "channel": "email",
                        "filters": {"members": [host]},
                        "digest": {"every": "day", "at": "08:00", "time_zone": "Asia/Tokyo"},
                    },
                    partner.headers,
                )
                for person in people
            ]
            held = [await bus.held(meeting_held(areas=["nuclear_safety"], host=host)) for _ in range(3)]

            clock.move_to(utc(2026, 3, 1, 23))
            one, other = (
                scheduler(notifications_settings, engine, clock),
                scheduler(notifications_settings, second_engine, clock),
            )
            sent = await asyncio.gather(one.send_due(), other.send_due())

            assert sum(sent) == len(subscriptions)
            for subscription, person in zip(subscriptions, people, strict=True):
                [digest] = await delivered_digests(notifications, partner.headers, subscription["id"], 1)
                [message] = mail_server.messages_to(person.email)
                assert message["Subject"] == "日次ダイジェスト: 通知3件"
                assert await kept_items(engine, subscription["id"]) == {
                    event.id: digest["id"] for event in held
                }
            assert list(await asyncio.gather(one.send_due(), other.send_due())) == [0, 0]
    finally:
        await second_engine.dispose()


async def test_turning_a_digest_off_sends_what_waited_each_on_its_own(
    settings: NotificationsSettings, bus: OthersOnTheBus, mail_server: MailServer, engine: AsyncEngine
) -> None:
    clock = HandClock(utc(2026, 3, 1, 22))
    async with service_at(settings, clock) as notifications:
        host = unique_code()
        kim = contact("ko")
        await bus.member(host, [kim])
        partner = await bus.partner(host)
        subscription = await subscribe(
            notifications,
            {
                "member_code": host,
                "contact_id": kim.id,
                "channel": "email",
                "filters": {"members": [host]},
                "digest": {"every": "day", "at": "08:00", "time_zone": "Asia/Seoul"},
            },
            partner.headers,
        )
        held = await bus.held(meeting_held(areas=["nuclear_safety"], host=host, title=SEOUL_FORUM))

        answer = await notifications.patch(
            f"/v1/subscriptions/{subscription['id']}", json={"digest": None}, headers=partner.headers
        )
        assert (json_of(answer)["digest"], json_of(answer)["next_digest_at"]) == (None, None)

        async def sent_alone() -> list[dict[str, Any]] | None:
            found = await deliveries(notifications, partner.headers, subscription=subscription["id"])
            return found if [d["status"] for d in found] == ["delivered"] else None

        [delivery] = await eventually(sent_alone, timeout=15, what="the waiting event sent on its own")
        assert delivery["event_id"] == held.id
        [message] = mail_server.messages_to(kim.email)
        assert message["Subject"] == "회의 개최: 동북아평화협력 포럼"
        assert await kept_items(engine, subscription["id"]) == {held.id: delivery["id"]}
        # Nothing is left for a digest that no longer exists.
        clock.move_to(utc(2026, 3, 1, 23))
        assert await scheduler(settings, engine, clock).send_due() == 0


@pytest.mark.parametrize(
    ("digest", "field"),
    [
        ({"every": "day", "at": "08:00", "time_zone": "Mars/Olympus_Mons"}, "digest.time_zone"),
        ({"every": "day", "at": "8 o'clock", "time_zone": "Asia/Seoul"}, "digest.at"),
        ({"every": "fortnight", "at": "08:00", "time_zone": "Asia/Seoul"}, "digest.every"),
        ({"every": "week", "at": "08:00", "time_zone": "Asia/Seoul"}, "digest.weekday"),
        ({"every": "day", "at": "08:00", "time_zone": "Asia/Seoul", "weekday": "monday"}, "digest.weekday"),
        ({"every": "day", "at": "08:00", "time_zone": "Asia/Seoul", "hour": 8}, "digest.hour"),
    ],
)
async def test_a_digest_that_cannot_be_scheduled_is_a_422_naming_its_field(
    notifications: httpx.AsyncClient, digest: dict[str, Any], field: str
) -> None:
    created = await notifications.post(
        "/v1/subscriptions", json={"channel": "inbox", "digest": digest}, headers=ADMIN
    )
    assert problem_of(created, 422)["field"] == field

    subscription = await subscribe(notifications, {"channel": "inbox"}, ADMIN)
    updated = await notifications.patch(
        f"/v1/subscriptions/{subscription['id']}", json={"digest": digest}, headers=ADMIN
    )
    assert problem_of(updated, 422)["field"] == field


async def test_a_webhook_cannot_ask_for_a_digest(notifications: httpx.AsyncClient) -> None:
    body = {
        **webhook("http://127.0.0.1:9/hook"),
        "digest": {"every": "day", "at": "08:00", "time_zone": "UTC"},
    }

    problem = problem_of(await notifications.post("/v1/subscriptions", json=body, headers=ADMIN), 422)

    assert problem["field"] == "digest"
    assert "webhook" in problem["detail"]
