"""Meetings as an iCalendar feed (RFC 5545, https://www.rfc-editor.org/rfc/rfc5545), written by hand: the
format needs only escaping, folding and CRLF, and a pure function keeps the service free of a runtime
dependency. Nothing here touches the database: the route loads the meetings and the names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common.i18n import in_language
from meetings.models import Meeting

CRLF = "\r\n"
# RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
MAX_LINE_OCTETS = 75
PRODID = "-//nea-coop//meetings//EN"
CALENDAR_NAME = "NEA-Coop meetings"
UID_DOMAIN = "nea-coop"
# RFC 7986 5.7 and its common predecessor: how often subscribers should fetch the feed again.
REFRESH_INTERVAL = "PT1H"

# RFC 5545 3.8.1.11 knows TENTATIVE, CONFIRMED and CANCELLED for a VEVENT; a postponed meeting has a new date
# that is not yet confirmed, and a held meeting took place as confirmed.
EVENT_STATUS = {
    "planned": "TENTATIVE",
    "postponed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}

# DTSTAMP is the only part of a feed that changes without the meetings changing; the ETag is computed over
# the feed rendered at this fixed instant instead.
_ETAG_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Names:
    """What the service knows of the registry's names (its read models), by code; a code it does not know
    is shown as the code."""

    mechanisms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    issue_areas: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    members: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as `\\n`.
    Control characters other than HTAB are not allowed in TEXT, so they are dropped."""
    escaped: list[str] = []
    for character in value.replace("\r\n", "\n").replace("\r", "\n"):
        if character in "\\;,":
            escaped.append("\\" + character)
        elif character == "\n":
            escaped.append("\\n")
        elif character == "\t" or (character >= " " and character != "\x7f"):
            escaped.append(character)
    return "".join(escaped)


def fold(line: str) -> str:
    """Splits a content line into lines of at most 75 octets of UTF-8 (RFC 5545 3.1), each continuation
    starting with one space; a split never falls inside a multi-byte character, so every physical line is
    valid UTF-8 on its own."""
    pieces: list[str] = []
    current: list[str] = []
    octets = 0
    for character in line:
        size = len(character.encode("utf-8"))
        if octets + size > MAX_LINE_OCTETS:
            pieces.append("".join(current))
            current = []
            octets = 1  # the leading space of the continuation line counts towards its 75 octets
        current.append(character)
        octets += size
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def utc_date_time(moment: datetime) -> str:
    """A DATE-TIME in UTC form (RFC 5545 3.3.5, form #2), for an aware datetime only."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; meetings' times are always aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _name(names: Mapping[str, Mapping[str, str]], code: str, language: str) -> str:
    texts = names.get(code)
    if not texts or "en" not in texts:
        return code
    name = in_language(dict(texts), language)
    return code if name == code else f"{name} ({code})"


def _local_time(meeting: Meeting) -> str | None:
    try:
        zone = ZoneInfo(meeting.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    end_format = "%H:%M" if start.date() == end.date() else "%Y-%m-%d %H:%M"
    return f"{start:%Y-%m-%d %H:%M} to {end.strftime(end_format)} ({meeting.time_zone})"


def describe(meeting: Meeting, *, language: str, names: Names) -> str:
    """The event's DESCRIPTION: what a reader of the calendar needs to place the meeting."""
    lines: list[str] = []
    if meeting.mechanism_code:
        lines.append(f"Mechanism: {_name(names.mechanisms, meeting.mechanism_code, language)}")
    areas = ", ".join(_name(names.issue_areas, code, language) for code in meeting.issue_area_codes)
    lines.append(f"Issue areas: {areas}")
    lines.append(f"Track: {meeting.track}")
    lines.append(f"Level: {meeting.level.replace('_', ' ')}")
    lines.append(f"Host: {_name(names.members, meeting.host_code, language)}")
    local = _local_time(meeting)
    if local:
        lines.append(f"Local time: {local}")
    lines.append(f"Status: {meeting.status}")
    if meeting.status_reason and meeting.status in ("postponed", "cancelled"):
        lines.append(f"Reason: {meeting.status_reason}")
    if meeting.status == "held" and meeting.summary:
        lines.append(f"Summary: {meeting.summary}")
    return "\n".join(lines)


def _property(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def event_lines(meeting: Meeting, *, language: str, names: Names, stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        _property("UID", f"{meeting.id}@{UID_DOMAIN}"),
        _property("DTSTAMP", utc_date_time(stamp)),
        _property("DTSTART", utc_date_time(meeting.starts_at)),
        _property("DTEND", utc_date_time(meeting.ends_at)),
        _property("SUMMARY", escape_text(in_language(meeting.title, language))),
        _property("LOCATION", escape_text(f"{meeting.city}, {meeting.country_code}")),
        _property("DESCRIPTION", escape_text(describe(meeting, language=language, names=names))),
    ]
    if meeting.issue_area_codes:
        # CATEGORIES is a list of TEXT: each code escaped, then joined by an unescaped comma.
        lines.append(_property("CATEGORIES", ",".join(escape_text(c) for c in meeting.issue_area_codes)))
    lines.append(_property("STATUS", EVENT_STATUS[meeting.status]))
    # Every change bumps the meeting's version, so every change bumps the sequence (RFC 5545 3.8.7.4),
    # starting at 0 for the meeting as scheduled.
    lines.append(_property("SEQUENCE", str(max(meeting.version - 1, 0))))
    if meeting.scheduled_at is not None:
        lines.append(_property("CREATED", utc_date_time(meeting.scheduled_at)))
    if meeting.updated_at is not None:
        lines.append(_property("LAST-MODIFIED", utc_date_time(meeting.updated_at)))
    for document in meeting.documents or ():
        # ATTACH takes a URI, not TEXT: only absolute links are announced, unescaped.
        if "://" in document and not any(c in document for c in '\r\n"<> '):
            lines.append(_property("ATTACH", document))
    lines.append("END:VEVENT")
    return lines


def render_feed(
    meetings: Iterable[Meeting], *, language: str = "en", names: Names | None = None, stamp: datetime
) -> str:
    """One VCALENDAR with one VEVENT per meeting, CRLF after every line."""
    known = names or Names()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _property("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _property("X-WR-CALNAME", escape_text(CALENDAR_NAME)),
        _property("REFRESH-INTERVAL;VALUE=DURATION", REFRESH_INTERVAL),
        _property("X-PUBLISHED-TTL", REFRESH_INTERVAL),
    ]
    for meeting in meetings:
        lines.extend(event_lines(meeting, language=language, names=known, stamp=stamp))
    lines.append("END:VCALENDAR")
    return CRLF.join(lines) + CRLF


def feed_etag(meetings: Sequence[Meeting], *, language: str = "en", names: Names | None = None) -> str:
    """A weak validator (RFC 9110 8.8.3): equal for feeds that differ only in DTSTAMP."""
    body = render_feed(meetings, language=language, names=names, stamp=_ETAG_STAMP)
    return f'W/"{hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]}"'


def matches_if_none_match(header: str | None, tag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): the opaque tags are compared without W/."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    wanted = tag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == wanted for candidate in header.split(","))
