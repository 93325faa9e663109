"""The calendar feed (`GET /v1/calendar.ics`) on real PostgreSQL, read back with the `icalendar` library."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
from sqlalchemy import update

from common.app import build_service_app
from common.db import UnitOfWork, create_engine
from common.testing.fixtures import migrated_database, running_app, service_settings
from common.testing.infrastructure import Infrastructure
from meetings import calendar, calendar_api
from meetings.config import MeetingsSettings
from meetings.models import KnownIssueArea, Meeting, Participant

pytestmark = pytest.mark.integration

SEOUL = ZoneInfo("Asia/Seoul")
ULAANBAATAR = ZoneInfo("Asia/Ulaanbaatar")


@pytest.fixture
async def database_url(infrastructure: Infrastructure) -> str:
    return await migrated_database(infrastructure, "meetings")


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[UnitOfWork]:
    engine = create_engine(database_url, pool_size=2)
    yield UnitOfWork(engine)
    await engine.dispose()


@pytest.fixture
async def feed(infrastructure: Infrastructure, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = build_service_app(
        settings=service_settings(MeetingsSettings, infrastructure, database_url),
        title="meetings calendar (test)",
        description="the calendar router alone",
        routers=[calendar_api.router],
        tags=[{"name": "calendar", "description": "Meetings as an iCalendar feed"}],
    )
    async with running_app(app) as client:
        yield client


def a_meeting(**overrides: Any) -> Meeting:
    starts_at = overrides.pop("starts_at", datetime(2025, 3, 10, 9, 0, tzinfo=SEOUL))
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "title": {"en": "TRM+ senior officials meeting"},
        "mechanism_code": "TRM_PLUS",
        "issue_area_codes": ["nuclear_safety"],
        "track": "1",
        "level": "senior_officials",
        "host_code": "KOR",
        "city": "Seoul",
        "country_code": "KR",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=8),
        "time_zone": "Asia/Seoul",
        "documents": [],
        "status": "planned",
        "version": 1,
    }
    values.update(overrides)
    return Meeting(**values)


async def store(uow: UnitOfWork, *rows: Meeting | Participant | KnownIssueArea) -> None:
    async with uow.transaction() as session:
        for row in rows:
            session.add(row)
            await session.flush()


async def read_feed(feed: httpx.AsyncClient, **params: str) -> icalendar.Calendar:
    response = await feed.get("/v1/calendar.ics", params=params)
    assert response.status_code == 200, response.text
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in cal.events}


def uid(meeting: Meeting) -> str:
    return f"{meeting.id}@nea-coop"


async def uids(feed: httpx.AsyncClient, **params: str) -> set[str]:
    return set(events_by_uid(await read_feed(feed, **params)))


async def test_the_feed_is_a_calendar_that_round_trips_each_meetings_times_summary_and_status(
    uow: UnitOfWork, feed: httpx.AsyncClient
) -> None:
    planned = a_meeting()
    confirmed = a_meeting(
        title={"en": "NAPCI forum", "ko": "동북아평화협력포럼"},
        mechanism_code=None,
        starts_at=datetime(2025, 6, 2, 10, 0, tzinfo=ULAANBAATAR),
        time_zone="Asia/Ulaanbaatar",
        city="Ulaanbaatar",
        country_code="MN",
        status="confirmed",
    )
    held = a_meeting(status="held", summary="Agreed a joint statement.", version=3)
    postponed = a_meeting(status="postponed", status_reason="Typhoon", version=2)
    await store(
        uow,
        KnownIssueArea(
            code="nuclear_safety",
            names={"en": "Nuclear safety", "ko": "원자력 안전"},
            kind="non_traditional",
            open=True,
            version=1,
        ),
        planned,
        confirmed,
        held,
        postponed,
    )

    response = await feed.get("/v1/calendar.ics")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//nea-coop//meetings//EN"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "NEA-Coop meetings"
    events = events_by_uid(cal)
    assert set(events) == {uid(m) for m in (planned, confirmed, held, postponed)}
    expected_status = {
        planned: "TENTATIVE",
        confirmed: "CONFIRMED",
        held: "CONFIRMED",
        postponed: "TENTATIVE",
    }
    for meeting, status in expected_status.items():
        event = events[uid(meeting)]
        assert event.decoded("DTSTART") == meeting.starts_at
        assert event.decoded("DTSTART").utcoffset() == timedelta(0)
        assert event.decoded("DTEND") == meeting.ends_at
        assert str(event["SUMMARY"]) == meeting.title["en"]
        assert str(event["STATUS"]) == status
        assert str(event["LOCATION"]) == f"{meeting.city}, {meeting.country_code}"
        assert list(event.categories) == meeting.issue_area_codes
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("LAST-MODIFIED").tzinfo is not None
    assert "DTSTART:20250310T000000Z" in body  # 09:00 in Seoul, written as the UTC instant
    assert "Summary: Agreed a joint statement." in str(events[uid(held)]["DESCRIPTION"])
    assert "Reason: Typhoon" in str(events[uid(postponed)]["DESCRIPTION"])
    assert "Summary:" not in str(events[uid(planned)]["DESCRIPTION"])
    assert "Issue areas: Nuclear safety (nuclear_safety)" in str(events[uid(planned)]["DESCRIPTION"])
    in_korean = events_by_uid(await read_feed(feed, lang="ko"))
    assert str(in_korean[uid(confirmed)]["SUMMARY"]) == "동북아평화협력포럼"
    assert str(in_korean[uid(planned)]["SUMMARY"]) == planned.title["en"]  # no Korean title: English
    assert "Issue areas: 원자력 안전 (nuclear_safety)" in str(in_korean[uid(planned)]["DESCRIPTION"])


async def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled(
    uow: UnitOfWork, feed: httpx.AsyncClient
) -> None:
    cancelled = a_meeting(status="cancelled", status_reason="The host withdrew", version=2)
    await store(uow, cancelled)

    event = events_by_uid(await read_feed(feed))[uid(cancelled)]

    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == cancelled.starts_at
    assert "Reason: The host withdrew" in str(event["DESCRIPTION"])


async def test_every_change_to_a_meeting_raises_its_sequence(
    uow: UnitOfWork, feed: httpx.AsyncClient
) -> None:
    meeting = a_meeting()
    await store(uow, meeting)
    assert events_by_uid(await read_feed(feed))[uid(meeting)].sequence == 0

    new_start = datetime(2025, 4, 1, 9, 0, tzinfo=SEOUL)
    async with uow.transaction() as session:
        await session.execute(
            update(Meeting)
            .where(Meeting.id == meeting.id)
            .values(
                status="postponed", starts_at=new_start, ends_at=new_start + timedelta(hours=2), version=2
            )
        )
    event = events_by_uid(await read_feed(feed))[uid(meeting)]
    assert event.sequence == 1
    assert event.decoded("DTSTART") == new_start

    async with uow.transaction() as session:
        await session.execute(
            update(Meeting).where(Meeting.id == meeting.id).values(status="confirmed", version=3)
        )
    assert events_by_uid(await read_feed(feed))[uid(meeting)].sequence == 2


async def test_filters_select_the_meetings_the_list_would(uow: UnitOfWork, feed: httpx.AsyncClient) -> None:
    nuclear_in_march = a_meeting(starts_at=datetime(2025, 3, 10, 9, 0, tzinfo=SEOUL))
    energy_in_june = a_meeting(
        issue_area_codes=["energy", "environment"],
        mechanism_code="NEASPEC",
        track="1.5",
        starts_at=datetime(2025, 6, 2, 9, 0, tzinfo=SEOUL),
        status="confirmed",
    )
    # Starts at 01:00 on 1 July in Seoul: still 30 June in UTC, but on 1 July where it is held.
    dawn_in_july = a_meeting(
        issue_area_codes=["environment"],
        starts_at=datetime(2025, 7, 1, 1, 0, tzinfo=SEOUL),
        host_code="JPN",
        status="cancelled",
    )
    await store(
        uow,
        nuclear_in_march,
        energy_in_june,
        dawn_in_july,
        Participant(meeting_id=nuclear_in_march.id, member_code="MNG", role="participant"),
        Participant(meeting_id=energy_in_june.id, member_code="CHN", role="observer"),
        Participant(meeting_id=dawn_in_july.id, member_code="JPN", role="host"),
    )
    march, june, july = uid(nuclear_in_march), uid(energy_in_june), uid(dawn_in_july)

    assert await uids(feed) == {march, june, july}
    assert await uids(feed, issue_area="environment") == {june, july}
    assert await uids(feed, issue_area="nuclear_safety") == {march}
    assert await uids(feed, mechanism="NEASPEC") == {june}
    assert await uids(feed, member="MNG") == {march}
    assert await uids(feed, member="CHN") == {june}
    assert await uids(feed, member="JPN") == {july}
    # The list's meaning: the participants, of whom the service makes the host one; a bare host_code is not.
    assert await uids(feed, member="KOR") == set()
    assert await uids(feed, member="RUS") == set()
    assert await uids(feed, track="1.5") == {june}
    assert await uids(feed, status="cancelled") == {july}
    assert await uids(feed, **{"from": "2025-06-01", "to": "2025-06-30"}) == {june}
    assert await uids(feed, **{"from": "2025-06-02", "to": "2025-06-02"}) == {june}
    assert await uids(feed, **{"from": "2025-07-01"}) == {july}
    assert await uids(feed, to="2025-03-10") == {march}
    assert await uids(feed, issue_area="environment", status="confirmed") == {june}

    backwards = await feed.get("/v1/calendar.ics", params={"from": "2025-07-01", "to": "2025-06-01"})
    assert backwards.status_code == 422
    assert backwards.json()["field"] == "to"
    unknown_status = await feed.get("/v1/calendar.ics", params={"status": "adjourned"})
    assert unknown_status.status_code == 422


async def test_long_multilingual_titles_fold_at_75_octets_and_unfold_to_the_original(
    uow: UnitOfWork, feed: httpx.AsyncClient
) -> None:
    korean = "동북아시아 원자력안전 고위급 협의체 제1차 회의: 서울에서 열리는 장관급 회의와 공동성명 채택"
    mongolian = (
        "Зүүн хойд Азийн цөмийн аюулгүй байдлын асуудлаарх дээд түвшний уулзалт ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ ᠤᠨ ᠨᠡᠶᠢᠯᠡᠯᠲᠡ"
    )
    meeting = a_meeting(title={"en": "Nuclear safety", "ko": korean, "mn": mongolian})
    await store(uow, meeting)
    assert len(korean.encode()) > 75
    assert len(mongolian.encode()) > 75

    for language, title in (("ko", korean), ("mn", mongolian), ("ja", "Nuclear safety")):
        response = await feed.get("/v1/calendar.ics", params={"lang": language})
        physical_lines = response.content.split(b"\r\n")
        assert all(len(line) <= 75 for line in physical_lines)
        for line in physical_lines:
            line.decode("utf-8")  # a fold never falls inside a multi-byte character
        event = events_by_uid(icalendar.Calendar.from_ical(response.content))[uid(meeting)]
        assert str(event["SUMMARY"]) == title, language
    assert any(line.startswith(b" ") for line in physical_lines)


async def test_commas_semicolons_backslashes_and_newlines_round_trip(
    uow: UnitOfWork, feed: httpx.AsyncClient
) -> None:
    title = "Talks; Seoul, Tokyo\nSecond line \\ with a backslash"
    meeting = a_meeting(title={"en": title}, city="Ulaanbaatar; Khan-Uul, district")
    await store(uow, meeting)

    response = await feed.get("/v1/calendar.ics")
    event = events_by_uid(icalendar.Calendar.from_ical(response.content))[uid(meeting)]

    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Ulaanbaatar; Khan-Uul, district, KR"
    assert "SUMMARY:Talks\\; Seoul\\, Tokyo\\nSecond line \\\\ with a backslash" in response.text


async def test_if_none_match_with_the_etag_answers_304_until_a_meeting_changes(
    uow: UnitOfWork, feed: httpx.AsyncClient
) -> None:
    meeting = a_meeting()
    await store(uow, meeting)
    first = await feed.get("/v1/calendar.ics")
    tag = first.headers["ETag"]

    unchanged = await feed.get("/v1/calendar.ics", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["ETag"] == tag
    # The tag is of the content: another filter that selects other meetings is another feed.
    other_filter = await feed.get(
        "/v1/calendar.ics", params={"status": "held"}, headers={"If-None-Match": tag}
    )
    assert other_filter.status_code == 200
    assert other_filter.headers["ETag"] != tag

    async with uow.transaction() as session:
        await session.execute(
            update(Meeting).where(Meeting.id == meeting.id).values(status="confirmed", version=2)
        )
    changed = await feed.get("/v1/calendar.ics", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != tag


def test_folding_never_splits_a_character_and_keeps_every_line_within_75_octets() -> None:
    for text in ("a" * 200, "가" * 90, "ᠮ" * 70, "Ж" * 100, "a" + "😀" * 40):
        folded = calendar.fold("SUMMARY:" + text)
        lines = folded.encode("utf-8").split(b"\r\n")
        assert all(len(line) <= 75 for line in lines)
        assert all(line.startswith(b" ") for line in lines[1:])
        assert folded.replace("\r\n ", "") == "SUMMARY:" + text


def test_text_escaping_drops_control_characters_and_normalises_line_breaks() -> None:
    assert calendar.escape_text("a\r\nb\rc\x07d\te") == "a\\nb\\nc" + "d\te"
    assert calendar.escape_text("x,y;z\\") == "x\\,y\\;z\\\\"


def test_if_none_match_compares_weakly_and_accepts_lists_and_star() -> None:
    tag = 'W/"abc"'
    assert calendar.matches_if_none_match('"abc"', tag)
    assert calendar.matches_if_none_match('"x", W/"abc"', tag)
    assert calendar.matches_if_none_match("*", tag)
    assert not calendar.matches_if_none_match('"abd"', tag)
    assert not calendar.matches_if_none_match(None, tag)


def test_the_utc_form_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        calendar.utc_date_time(datetime(2025, 1, 1, 9, 0))
    assert calendar.utc_date_time(datetime(2025, 1, 1, 9, 0, tzinfo=SEOUL)) == "20250101T000000Z"
    assert calendar.utc_date_time(datetime(2025, 1, 1, 0, 0, tzinfo=UTC)) == "20250101T000000Z"
