"""Rendering events as messages people read: every kind in every language, fallbacks, escaping."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from common.contracts import CATALOG, EventData
from common.contracts.meetings import (
    MeetingCancelled,
    MeetingConfirmed,
    MeetingHeld,
    MeetingPostponed,
    MeetingScheduled,
    MemberEngagementChanged,
)
from common.contracts.notifications import DeliveryDead
from common.contracts.registry import IssueAreaOpened
from common.contracts.roadmap import DecisionRecorded, StageAdvanced
from notifications.rendering import (
    LANGUAGES,
    RENDERED_EVENT_TYPES,
    TEMPLATES,
    CannotRender,
    Rendered,
    render,
)

TITLES = {
    "en": "1st TRM+ meeting on nuclear safety",
    "ko": "제1차 TRM+ 원자력 안전 회의",
    "ja": "第1回TRM+原子力安全会合",
    "zh": "第一次TRM+核安全会议",
    "ru": "1-я встреча TRM+ по ядерной безопасности",
    "mn": "Цөмийн аюулгүй байдлын TRM+ анхдугаар уулзалт",
}


def type_of(model: type[EventData]) -> str:
    return CATALOG.for_data_type(model).type


def meeting(title: dict[str, str] | None = None, status: str = "planned") -> dict[str, Any]:
    return {
        "meeting_id": "mtg-trm-plus-1",
        "title": title or TITLES,
        "mechanism_code": "TRM+",
        "issue_area_codes": ["nuclear_safety"],
        "track": "1",
        "level": "senior_officials",
        "host_code": "KOR",
        "city": "Seoul",
        "country_code": "KOR",
        "starts_at": "2013-10-28T01:00:00Z",
        "ends_at": "2013-10-28T08:00:00Z",
        "time_zone": "Asia/Seoul",
        "status": status,
        "version": 1,
    }


def meeting_scheduled(title: dict[str, str] | None = None) -> dict[str, Any]:
    return {"meeting": meeting(title)}


def meeting_confirmed(title: dict[str, str] | None = None) -> dict[str, Any]:
    return {"meeting": meeting(title, "confirmed")}


def meeting_postponed(title: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "meeting": meeting(title, "postponed"),
        "previous_starts_at": "2013-09-30T01:00:00Z",
        "reason": "Typhoon warning",
    }


def meeting_cancelled(title: dict[str, str] | None = None) -> dict[str, Any]:
    return {"meeting": meeting(title, "cancelled"), "reason": "No quorum"}


def meeting_held(title: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "meeting": meeting(title, "held"),
        "held_on": "2013-10-28",
        "attendees": [
            {
                "member_code": code,
                "kind": "state",
                "status_on_meeting_date": "participant",
                "role": "participant",
            }
            for code in ("KOR", "JPN", "CHN", "USA", "RUS")
        ],
        "outcomes": [
            {
                "id": "out-1",
                "type": "joint_statement",
                "text": "Share early warnings.",
                "member_codes": ["KOR"],
            }
        ],
        "summary": "The first meeting of the expanded mechanism.",
    }


def criterion(meeting_ids: list[str], *, met: bool = True) -> dict[str, Any]:
    return {
        "path": "advancement.accumulate_practice.criteria[0]",
        "kind": "meetings",
        "description": "Meetings among NEA countries on the issue area",
        "target": 2,
        "value": len(meeting_ids),
        "members_target": 3,
        "members_value": 5,
        "met": met,
        "evidence": {"meeting_ids": meeting_ids},
    }


def stage_advanced() -> dict[str, Any]:
    return {
        "roadmap_code": "napci",
        "track": "nuclear_safety",
        "from_stage": "gain_support",
        "to_stage": "accumulate_practice",
        "advanced_on": "2014-11-27",
        "completed_by": "mtg-trm-plus-2",
        "criteria_version": 1,
        "explanation": [criterion(["mtg-trm-plus-1", "mtg-trm-plus-2"])],
    }


def decision_recorded() -> dict[str, Any]:
    return {
        "decision_id": "dec-1",
        "roadmap_code": "napci",
        "kind": "open_issue_area",
        "issue_area_code": "political_military",
        "agreed_by": ["KOR", "JPN", "CHN", "RUS", "MNG", "USA"],
        "justification": "All participating states agreed after the framework stage.",
        "decided_on": "2020-05-01",
    }


def issue_area_opened() -> dict[str, Any]:
    return {
        "issue_area": {
            "code": "political_military",
            "names": {"en": "Political and military security"},
            "kind": "traditional",
            "open": True,
            "opened_by_decision": "dec-1",
            "version": 2,
        }
    }


def member_engagement_changed(*, previous: str | None = "active") -> dict[str, Any]:
    return {
        "member_code": "MNG",
        "engagement": "lapsing",
        "previous_engagement": previous,
        "as_of": "2015-11-20",
        "last_attended": {"meeting": "mtg-trm-plus-2", "on": "2014-11-19"},
        "justified_by": ["mtg-trm-plus-2"],
        "rule_version": 1,
        "version": 2,
    }


def delivery_dead() -> dict[str, Any]:
    return {
        "delivery": {
            "delivery_id": "dlv-1",
            "subscription_id": "sub-1",
            "subscriber": "KOR",
            "channel": "webhook",
            "event_id": "evt-1",
            "event_type": type_of(MeetingHeld),
            "status": "dead",
            "attempts": 10,
            "last_status_code": 503,
            "last_error": "Service Unavailable",
            "version": 10,
        },
        "reason": "the last attempt failed",
    }


MEETING_EVENTS: dict[str, Callable[..., dict[str, Any]]] = {
    type_of(MeetingScheduled): meeting_scheduled,
    type_of(MeetingConfirmed): meeting_confirmed,
    type_of(MeetingPostponed): meeting_postponed,
    type_of(MeetingCancelled): meeting_cancelled,
    type_of(MeetingHeld): meeting_held,
}
EVENTS: dict[str, Callable[..., dict[str, Any]]] = {
    **MEETING_EVENTS,
    type_of(StageAdvanced): stage_advanced,
    type_of(DecisionRecorded): decision_recorded,
    type_of(IssueAreaOpened): issue_area_opened,
    type_of(MemberEngagementChanged): member_engagement_changed,
    type_of(DeliveryDead): delivery_dead,
}


def rendered(event_type: str, data: dict[str, Any], language: str = "en") -> Rendered:
    return render(event_type, data, language, event_id="evt-42")


def test_the_events_people_are_told_about_are_the_ones_these_tests_render() -> None:
    assert set(EVENTS) == RENDERED_EVENT_TYPES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_every_event_renders_in_every_language_with_a_one_line_subject(
    event_type: str, language: str
) -> None:
    message = rendered(event_type, EVENTS[event_type](), language)

    assert message.language == language
    assert message.subject.strip()
    assert "\n" not in message.subject
    assert "\r" not in message.subject
    assert "evt-42" in message.text
    assert "evt-42" in message.html
    if event_type in MEETING_EVENTS:
        assert TITLES[language] in message.subject
        assert TITLES[language] in message.text


def test_a_korean_reader_of_a_meeting_held_gets_a_korean_subject() -> None:
    message = rendered(type_of(MeetingHeld), meeting_held({"en": "TRM+ on nuclear safety"}), "ko")

    assert message.subject == "회의 개최: TRM+ on nuclear safety"
    assert "회의가 개최되었습니다." in message.text


def test_a_language_the_service_does_not_speak_falls_back_to_english() -> None:
    message = rendered(type_of(MeetingHeld), meeting_held(), "fr")

    assert message.language == "en"
    assert message.subject == f"Meeting held: {TITLES['en']}"


def test_a_title_missing_in_the_readers_language_is_given_in_english() -> None:
    message = rendered(
        type_of(MeetingScheduled), meeting_scheduled({"en": "GTI consultative commission"}), "mn"
    )

    assert message.subject == "Уулзалт товлогдлоо: GTI consultative commission"


def test_dates_and_times_are_the_venues_written_the_readers_way() -> None:
    data = meeting_scheduled()

    assert "When: 28 October 2013 10:00" in rendered(type_of(MeetingScheduled), data).text
    assert "17:00 (Asia/Seoul)" in rendered(type_of(MeetingScheduled), data).text
    assert "2013년 10월 28일 10:00~17:00" in rendered(type_of(MeetingScheduled), data, "ko").text
    assert "2013年10月28日 10:00〜17:00" in rendered(type_of(MeetingScheduled), data, "ja").text
    assert "28 октября 2013" in rendered(type_of(MeetingScheduled), data, "ru").text


def test_invalid_data_cannot_be_rendered_and_says_what_is_wrong() -> None:
    data = meeting_held()
    del data["held_on"]

    with pytest.raises(CannotRender) as refusal:
        rendered(type_of(MeetingHeld), data)

    assert "held_on" in refusal.value.reason


@pytest.mark.parametrize("event_type", ["org.neacoop.meetings.meeting.updated.v1", "org.example.unknown.v1"])
def test_an_event_people_are_not_told_about_cannot_be_rendered(event_type: str) -> None:
    with pytest.raises(CannotRender):
        rendered(event_type, meeting_scheduled())


def test_the_html_part_escapes_a_title_and_the_text_part_keeps_it() -> None:
    title = {"en": 'Energy <script>alert("x")</script> & security'}

    message = rendered(type_of(MeetingCancelled), meeting_cancelled(title))

    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert title["en"] in message.text


def test_a_title_with_line_breaks_cannot_add_a_header_through_the_subject() -> None:
    message = rendered(type_of(MeetingScheduled), meeting_scheduled({"en": "Energy\r\nBcc: all@example.org"}))

    assert message.subject == "Meeting scheduled: Energy Bcc: all@example.org"


def test_stage_advanced_names_the_stages_and_lists_both_meetings_of_its_evidence() -> None:
    message = rendered(type_of(StageAdvanced), stage_advanced(), "ko")

    assert message.subject == "로드맵 진전: 원자력 안전 → 협력 관행의 축적"
    for part in (message.text, message.html):
        assert "mtg-trm-plus-1" in part
        assert "mtg-trm-plus-2" in part
        assert "Meetings among NEA countries on the issue area: 2 / 2" in part
        assert "충족" in part


def test_an_opened_issue_area_takes_the_readers_name_from_the_wording_when_the_registry_has_none() -> None:
    message = rendered(type_of(IssueAreaOpened), issue_area_opened(), "zh")

    assert message.subject.startswith("议题领域已开放")
    assert message.subject.endswith("政治和军事安全")


def test_a_dead_delivery_names_the_channel_that_failed() -> None:
    message = rendered(type_of(DeliveryDead), delivery_dead(), "ja")

    assert message.subject == "通知を配信できませんでした (Webhook)"
    assert "Service Unavailable" in message.text


def test_a_lapsing_member_is_named_with_its_engagement_and_the_meeting_it_last_attended() -> None:
    message = rendered(type_of(MemberEngagementChanged), member_engagement_changed())

    assert message.subject == "Engagement: MNG is lapsing"
    assert "went from “active” to “lapsing”" in message.text
    assert "19 November 2014 (mtg-trm-plus-2)" in message.text
    korean = rendered(type_of(MemberEngagementChanged), member_engagement_changed(previous=None), "ko")
    assert korean.subject == "참여도: MNG — 저조"
    assert "참여도는 “저조”입니다" in korean.text


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_every_language_words_everything_english_does(language: str) -> None:
    def keys(language: str) -> set[tuple[str, str]]:
        with (TEMPLATES / "wording" / f"{language}.toml").open("rb") as file:
            wording = tomllib.load(file)
        return {(section, key) for section, texts in wording.items() for key in texts if key != "months"}

    assert keys(language) == keys("en")
