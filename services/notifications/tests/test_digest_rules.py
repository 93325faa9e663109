"""The rules of digests, with no database: when a daily or weekly digest is next due in its subscriber's
time zone (daylight saving time included), which digests are refused, and how one reads in each language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from common.errors import RuleViolated
from notifications.digests.domain import Digest, refuse_for_channel
from notifications.rendering import LANGUAGES, DigestEntry, render_digest


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_daily_digest_at_eight_in_seoul_is_due_at_eight_korean_time() -> None:
    seoul = Digest(every="day", at="08:00", time_zone="Asia/Seoul")

    # 07:00 KST is 22:00 UTC the day before.
    assert seoul.next_after(utc(2026, 3, 1, 22, 0)) == utc(2026, 3, 1, 23, 0)


def test_a_digest_due_now_is_next_due_the_day_after() -> None:
    seoul = Digest(every="day", at="08:00", time_zone="Asia/Seoul")

    assert seoul.next_after(utc(2026, 3, 1, 23, 0)) == utc(2026, 3, 2, 23, 0)


def test_a_daily_digest_keeps_its_local_hour_when_berlin_moves_to_summer_time() -> None:
    berlin = Digest(every="day", at="08:00", time_zone="Europe/Berlin")

    # 08:00 CET (UTC+1) on Saturday 28 March 2026, 08:00 CEST (UTC+2) on Sunday 29 March.
    assert berlin.next_after(utc(2026, 3, 27, 12, 0)) == utc(2026, 3, 28, 7, 0)
    assert berlin.next_after(utc(2026, 3, 28, 7, 0)) == utc(2026, 3, 29, 6, 0)
    # And back to UTC+1 on Sunday 25 October.
    assert berlin.next_after(utc(2026, 10, 24, 6, 0)) == utc(2026, 10, 25, 7, 0)


def test_a_time_that_does_not_exist_in_berlin_that_night_is_sent_as_the_clock_jumps_past_it() -> None:
    night = Digest(every="day", at="02:30", time_zone="Europe/Berlin")

    # Clocks go from 02:00 CET to 03:00 CEST at 01:00 UTC: 02:30 is sent at 01:30 UTC, 03:30 CEST.
    assert night.next_after(utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 30)
    assert night.next_after(utc(2026, 3, 29, 1, 30)) == utc(2026, 3, 30, 0, 30)


def test_a_time_that_happens_twice_in_berlin_that_night_is_sent_once() -> None:
    night = Digest(every="day", at="02:30", time_zone="Europe/Berlin")

    # 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): the first one only.
    first = night.next_after(utc(2026, 10, 24, 12, 0))
    assert first == utc(2026, 10, 25, 0, 30)
    assert night.next_after(first) == utc(2026, 10, 26, 1, 30)
    assert night.next_after(utc(2026, 10, 25, 1, 30)) == utc(2026, 10, 26, 1, 30)


def test_a_weekly_digest_is_due_on_its_weekday_only() -> None:
    monday = Digest(every="week", at="09:30", time_zone="Europe/Moscow", weekday="monday")

    # Sunday 29 November 2026, then Monday 30 November 09:30 MSK (UTC+3).
    assert monday.next_after(utc(2026, 11, 29, 12, 0)) == utc(2026, 11, 30, 6, 30)
    assert monday.next_after(utc(2026, 11, 30, 6, 30)) == utc(2026, 12, 7, 6, 30)


def test_a_weekly_digest_without_its_weekday_is_refused_naming_it() -> None:
    with pytest.raises(RuleViolated) as refused:
        Digest(every="week", at="09:30", time_zone="Europe/Moscow").check()
    assert refused.value.field == "digest.weekday"


def test_a_daily_digest_with_a_weekday_is_refused_naming_it() -> None:
    with pytest.raises(RuleViolated) as refused:
        Digest(every="day", at="09:30", time_zone="Europe/Moscow", weekday="friday").check()
    assert refused.value.field == "digest.weekday"


def test_a_webhook_cannot_have_a_digest() -> None:
    with pytest.raises(RuleViolated) as refused:
        refuse_for_channel("webhook")
    assert refused.value.field == "digest"
    refuse_for_channel("email")
    refuse_for_channel("inbox")


@pytest.mark.parametrize(
    ("fields", "at_fault"),
    [
        ({"at": "8:00"}, "at"),
        ({"at": "24:00"}, "at"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "localtime"}, "time_zone"),
        ({"every": "month"}, "every"),
        ({"weekday": "someday"}, "weekday"),
    ],
)
def test_a_digest_field_out_of_its_range_is_invalid(fields: dict[str, str], at_fault: str) -> None:
    with pytest.raises(ValidationError) as invalid:
        Digest.model_validate({"every": "day", "at": "08:00", "time_zone": "Asia/Seoul", **fields})
    assert [error["loc"][0] for error in invalid.value.errors()] == [at_fault]


ENTRIES = [
    DigestEntry(subject="회의 개최: 동북아 포럼", occurred_at=utc(2026, 3, 1, 1, 0), event_id="evt-1"),
    DigestEntry(subject="로드맵: 원자력 안전", occurred_at=utc(2026, 3, 1, 15, 30), event_id="evt-2"),
]


def test_a_korean_daily_digest_counts_and_lists_every_event_in_seoul_time() -> None:
    message = render_digest(
        "day", ENTRIES, "ko", time_zone="Asia/Seoul", until=utc(2026, 3, 1, 23, 0), digest_id="dg-1"
    )

    assert message.subject == "일일 요약: 알림 2건"
    assert message.language == "ko"
    assert "2026년 3월 2일 08:00 (Asia/Seoul)" in message.text
    assert "- 2026년 3월 1일 10:00: 회의 개최: 동북아 포럼" in message.text
    assert "- 2026년 3월 2일 00:30: 로드맵: 원자력 안전" in message.text
    assert "evt-1" in message.html
    assert "evt-2" in message.html


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("every", ["day", "week"])
def test_a_digest_renders_in_every_language_with_a_one_line_subject_naming_its_count(
    language: str, every: str
) -> None:
    message = render_digest(
        every, ENTRIES, language, time_zone="Europe/Berlin", until=utc(2026, 3, 29, 6, 0), digest_id="dg-1"
    )

    assert message.language == language
    assert "\n" not in message.subject
    assert "2" in message.subject
    assert "(Europe/Berlin)" in message.text
    for entry in ENTRIES:
        assert entry.subject in message.text
        assert entry.event_id in message.text
