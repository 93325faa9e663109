"""What a person is told about an event, in their language: a one-line subject, a plain text part and an
HTML part.

The layout of each kind of message is a pair of templates (`templates/<kind>.html` and `.txt`); the fixed
wording and the names of codes (stages, issue areas, levels, ...) are in `templates/wording/<lang>.toml`,
English being the fallback for a language, a key or a title that is missing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import ValidationError

from common.contracts import CATALOG, EventData
from common.contracts.meetings import (
    MeetingCancelled,
    MeetingConfirmed,
    MeetingHeld,
    MeetingPostponed,
    MeetingScheduled,
    MeetingState,
    MemberEngagementChanged,
)
from common.contracts.notifications import DeliveryDead
from common.contracts.registry import LANGUAGES as LANGUAGES  # the same six as contacts' preferences
from common.contracts.registry import IssueAreaOpened
from common.contracts.roadmap import DecisionRecorded, StageAdvanced

FALLBACK_LANGUAGE = "en"
TEMPLATES = Path(__file__).parent / "templates"
# Mail clients cut long subjects anyway; a subject is read at a glance in a list.
SUBJECT_MAX_LENGTH = 150

MeetingEvent = MeetingScheduled | MeetingConfirmed | MeetingPostponed | MeetingCancelled | MeetingHeld
_MEETING_KINDS: dict[type[EventData], str] = {
    MeetingScheduled: "meeting_scheduled",
    MeetingConfirmed: "meeting_confirmed",
    MeetingPostponed: "meeting_postponed",
    MeetingCancelled: "meeting_cancelled",
    MeetingHeld: "meeting_held",
}
_RENDERED_MODELS: tuple[type[EventData], ...] = (
    *_MEETING_KINDS,
    StageAdvanced,
    DecisionRecorded,
    IssueAreaOpened,
    MemberEngagementChanged,
    DeliveryDead,
)
RENDERED_EVENT_TYPES: frozenset[str] = frozenset(CATALOG.for_data_type(m).type for m in _RENDERED_MODELS)

# A language's wording file, sections of key -> text, with English filling what it lacks.
Wording = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Rendered:
    """A message ready to send; `language` is the one it is written in, which may be the fallback."""

    subject: str
    text: str
    html: str
    language: str


class CannotRender(Exception):
    """The event cannot become a message; the caller dead-letters it with `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _View:
    template: str
    subject: str
    heading: str
    lead: str
    context: dict[str, Any]


def render(event_type: str, data: Mapping[str, Any], language: str, *, event_id: str) -> Rendered:
    """Renders an event of one of `RENDERED_EVENT_TYPES`, given as JSON data (an event kept in the
    database, say), in `language`: see `render_event`."""
    if event_type not in RENDERED_EVENT_TYPES:
        raise CannotRender(f"{event_type} is not an event people are told about")
    try:
        event = CATALOG.by_type(event_type).data.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()[:3]
        )
        raise CannotRender(f"invalid {event_type} data: {problems}") from exc
    return render_event(event, language, event_id=event_id)


def render_event(event: EventData, language: str, *, event_id: str) -> Rendered:
    """Renders an event's data, already validated for its contract (as the consumer runner hands it to
    its handlers), in `language`, or in English when that is not one of `LANGUAGES`; `event_id` is shown
    so that a reader can quote it."""
    if not isinstance(event, _RENDERED_MODELS):
        raise CannotRender(f"{type(event).__name__} is not an event people are told about")
    if language not in LANGUAGES:
        language = FALLBACK_LANGUAGE
    words = _wording(language)
    view = _view(event, words, language)
    subject = _one_line(view.subject)
    context = {
        "lang": language,
        "label": words["label"],
        "event_id": event_id,
        "subject": subject,
        "heading": view.heading,
        "lead": view.lead,
        # The event's data as it came, for what needs no wording: ids, codes, counts, free text.
        "data": event,
        **view.context,
    }
    html_templates, text_templates = _environments()
    return Rendered(
        subject=subject,
        text=text_templates.get_template(f"{view.template}.txt").render(context),
        html=html_templates.get_template(f"{view.template}.html").render(context),
        language=language,
    )


def _view(event: EventData, words: Wording, language: str) -> _View:
    match event:
        case (
            MeetingScheduled() | MeetingConfirmed() | MeetingPostponed() | MeetingCancelled() | MeetingHeld()
        ):
            return _meeting_view(event, words, language)
        case StageAdvanced():
            return _stage_advanced_view(event, words)
        case DecisionRecorded():
            return _decision_view(event, words)
        case IssueAreaOpened():
            return _issue_area_view(event, words, language)
        case MemberEngagementChanged():
            return _engagement_view(event, words)
        case DeliveryDead():
            return _delivery_dead_view(event, words)
    raise CannotRender(f"{type(event).__name__} has no message")


def _meeting_view(event: MeetingEvent, words: Wording, language: str) -> _View:
    kind = _MEETING_KINDS[type(event)]
    meeting = event.meeting
    zone = _zone(meeting.time_zone)
    title = _title(meeting, language)
    context: dict[str, Any] = {
        "when": _meeting_when(meeting, zone, words),
        "issue_areas": _join([_name(words, "issue_area", code) for code in meeting.issue_area_codes], words),
        "level": _name(words, "level", meeting.level),
        "previously": None,
        "held_on": None,
        "attendees": None,
        "outcomes": [],
    }
    if isinstance(event, MeetingPostponed):
        previous = _local(event.previous_starts_at, zone)
        context["previously"] = f"{_date(previous.date(), words)} {previous:%H:%M} ({meeting.time_zone})"
    elif isinstance(event, MeetingHeld):
        context["held_on"] = _date(event.held_on, words)
        context["attendees"] = _join([attendee.member_code for attendee in event.attendees], words)
        context["outcomes"] = [
            {"name": _name(words, "outcome", o.type), "text": o.text, "members": _join(o.member_codes, words)}
            for o in event.outcomes
        ]
    return _View(
        template="meeting",
        subject=words["subject"][kind].format(title=title),
        heading=title,
        lead=words["lead"][kind],
        context=context,
    )


def _stage_advanced_view(event: StageAdvanced, words: Wording) -> _View:
    track = _name(words, "issue_area", event.track)
    from_stage = _name(words, "stage", event.from_stage)
    to_stage = _name(words, "stage", event.to_stage)
    return _View(
        template="stage_advanced",
        subject=words["subject"]["stage_advanced"].format(track=track, stage=to_stage),
        heading=f"{track}: {to_stage}",
        lead=words["lead"]["stage_advanced"].format(track=track, from_stage=from_stage, to_stage=to_stage),
        context={
            "track": track,
            "stages": f"{from_stage} → {to_stage}",
            "advanced_on": _date(event.advanced_on, words),
        },
    )


def _decision_view(event: DecisionRecorded, words: Wording) -> _View:
    kind = _name(words, "decision_kind", event.kind)
    area_code = event.issue_area_code or event.track
    area = _name(words, "issue_area", area_code) if area_code else None
    subject = words["subject"]["decision_recorded"].format(kind=f"{kind} ({area})" if area else kind)
    return _View(
        template="decision_recorded",
        subject=subject,
        heading=subject,
        lead=words["lead"]["decision_recorded"],
        context={
            "kind": kind,
            "area": area,
            "decided_on": _date(event.decided_on, words),
            "agreed_by": _join(event.agreed_by, words),
        },
    )


def _issue_area_view(event: IssueAreaOpened, words: Wording, language: str) -> _View:
    area = event.issue_area
    # The registry's own names come first: they are kept up to date there; ours cover the known areas.
    name = area.names.get(language) or words["issue_area"].get(area.code) or area.names.get("en") or area.code
    return _View(
        template="issue_area_opened",
        subject=words["subject"]["issue_area_opened"].format(name=name),
        heading=name,
        lead=words["lead"]["issue_area_opened"].format(name=name),
        context={"name": name, "kind": _name(words, "issue_area_kind", area.kind)},
    )


def _engagement_view(event: MemberEngagementChanged, words: Wording) -> _View:
    engagement = _name(words, "engagement", event.engagement)
    member = event.member_code
    if event.previous_engagement is None:
        lead = words["lead"]["member_engagement_judged"].format(member=member, engagement=engagement)
    else:
        previous = _name(words, "engagement", event.previous_engagement)
        lead = words["lead"]["member_engagement_changed"].format(
            member=member, previous=previous, engagement=engagement
        )
    last = event.last_attended
    return _View(
        template="member_engagement",
        subject=words["subject"]["member_engagement_changed"].format(member=member, engagement=engagement),
        heading=f"{member}: {engagement}",
        lead=lead,
        context={
            "engagement": engagement,
            "as_of": _date(event.as_of, words),
            "last_attended": f"{_date(last.on, words)} ({last.meeting})" if last else None,
        },
    )


def _delivery_dead_view(event: DeliveryDead, words: Wording) -> _View:
    channel = _name(words, "channel", event.delivery.channel)
    subject = words["subject"]["delivery_dead"].format(channel=channel)
    return _View(
        template="delivery_dead",
        subject=subject,
        heading=subject,
        lead=words["lead"]["delivery_dead"].format(channel=channel),
        context={"channel": channel},
    )


def _title(meeting: MeetingState, language: str) -> str:
    fallback = next((title for title in meeting.title.values() if title.strip()), meeting.meeting_id)
    return meeting.title.get(language) or meeting.title.get(FALLBACK_LANGUAGE) or fallback


def _name(words: Wording, section: str, code: str) -> str:
    return str(words[section].get(code, code))


def _join(items: list[str], words: Wording) -> str | None:
    return str(words["format"]["list_separator"]).join(items) or None


def _date(day: date, words: Wording) -> str:
    # Every language's format names the month or marks the parts (2013년 10월 28일), so none is ambiguous.
    formats = words["format"]
    return str(formats["date"]).format(
        year=day.year, month=day.month, day=day.day, month_name=formats["months"][day.month - 1]
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CannotRender(f"unknown time zone {name!r}") from exc


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    # The services write times with an offset; one without is taken as UTC rather than the host's zone.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)


def _meeting_when(meeting: MeetingState, zone: ZoneInfo, words: Wording) -> str:
    """The venue's local times, with the zone named, as the participants plan by them."""
    starts, ends = _local(meeting.starts_at, zone), _local(meeting.ends_at, zone)
    span = str(words["format"]["span"])
    if starts.date() == ends.date():
        times = span.format(starts=f"{starts:%H:%M}", ends=f"{ends:%H:%M}")
        return f"{_date(starts.date(), words)} {times} ({meeting.time_zone})"
    days = span.format(
        starts=f"{_date(starts.date(), words)} {starts:%H:%M}",
        ends=f"{_date(ends.date(), words)} {ends:%H:%M}",
    )
    return f"{days} ({meeting.time_zone})"


def _one_line(subject: str) -> str:
    # A line break in a header value would start a new header (header injection), so every run of
    # whitespace, line separators included, becomes one space, and other control characters go.
    line = "".join(char for char in " ".join(subject.split()) if char.isprintable())
    return line if len(line) <= SUBJECT_MAX_LENGTH else line[: SUBJECT_MAX_LENGTH - 1] + "…"


@cache
def _wording(language: str) -> Wording:
    english = _read_wording(FALLBACK_LANGUAGE)
    if language == FALLBACK_LANGUAGE:
        return english
    own = _read_wording(language)
    return {section: {**texts, **own.get(section, {})} for section, texts in english.items()}


def _read_wording(language: str) -> Wording:
    with (TEMPLATES / "wording" / f"{language}.toml").open("rb") as file:
        return tomllib.load(file)


@cache
def _environments() -> tuple[Environment, Environment]:
    """The HTML templates' environment, which escapes every value, and the plain text one, which must not."""
    loader = FileSystemLoader(TEMPLATES)
    options: dict[str, Any] = {"undefined": StrictUndefined, "trim_blocks": True, "lstrip_blocks": True}
    return (
        Environment(loader=loader, autoescape=True, **options),
        Environment(loader=loader, autoescape=False, keep_trailing_newline=True, **options),
    )
