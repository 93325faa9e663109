"""The 2011-2014 history of the reference file (`shared/domain/nea-reference.json`, "history") as meetings
a partner records through the meetings API: scheduled, confirmed, then held with attendance and outcomes.

The reference gives less than the API asks for, so each gap is filled by one rule, the same for every
entry (and documented in README.md, "The default criteria"):
- the date: `2013-11-11` as given, `2013-11` the first of the month, `2014` the first of January;
- the track: as given, else Track 1; the level: `summit` for summits, `expert` for Track 1.5
  conferences, `senior_officials` otherwise;
- the issue areas: as given, else NAPCI's agenda (the non-traditional issue areas whose source is NAPCI),
  since a summit or conference on the initiative is about all of it, and the meetings service asks every
  meeting for at least one issue area;
- the host: as given, else the first participant listed, else KOR (the reference is the ROK's record);
  it and the listed participants are invited and attend; the venue is in the host's capital;
- the outcomes: those of a type the meetings service knows, by the members the reference names, else by
  the host (types it does not know, such as `framework_reviewed`, are left out); of these members only
  those in good standing on the meeting's date sign or support, as the meetings service requires:
  status participant, supporter or partner, read as the registry's seed dates the reference's statuses
  (from a member's `status_since`, else 2013-05-01, NAPCI's proposal; no status before). Observers by
  status (ASEAN, the EU) attend and watch; an outcome left with no one is left out (the support ASEAN
  and the EU expressed at their summits, and the GTI concept note of 2011, before any status began).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, get_args
from zoneinfo import ZoneInfo

import httpx

from common.contracts.meetings import OutcomeType
from common.contracts.registry import GOOD_STANDING

DEFAULT_HOST = "KOR"
# When the reference's undated statuses begin, as the registry's seed reads them
# (registry.seed.REFERENCE_STATUS_SINCE; tests/test_history_replay.py checks the two agree).
STATUS_SINCE = date(2013, 5, 1)
# The status the seed gives a member the reference lists without one (registry.seed.ReferenceMember).
STATUS_IF_NOT_GIVEN = "invited"
# (city, country, IANA time zone) of a host's venue; members that are not states meet in Seoul.
VENUES: dict[str, tuple[str, str, str]] = {
    "KOR": ("Seoul", "KOR", "Asia/Seoul"),
    "JPN": ("Tokyo", "JPN", "Asia/Tokyo"),
    "CHN": ("Beijing", "CHN", "Asia/Shanghai"),
    "RUS": ("Moscow", "RUS", "Europe/Moscow"),
    "MNG": ("Ulaanbaatar", "MNG", "Asia/Ulaanbaatar"),
    "USA": ("Washington", "USA", "America/New_York"),
}
KNOWN_OUTCOME_TYPES = frozenset(get_args(OutcomeType))


def reference_file() -> Path:
    """`NEACOOP_REFERENCE_FILE`, or `shared/domain/nea-reference.json` beside the project."""
    configured = os.environ.get("NEACOOP_REFERENCE_FILE", "").strip()
    if configured:
        return Path(configured)
    here = Path(__file__).resolve()
    for candidate in here.parents:
        if (candidate / "deploy" / "kafka" / "pom.xml").is_file():
            return (candidate.parent / "shared" / "domain" / "nea-reference.json").resolve()
    raise FileNotFoundError(f"no project root above {here}; set NEACOOP_REFERENCE_FILE")


def load_reference() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(reference_file().read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class HistoricMeeting:
    """One entry of the reference history, as the bodies of the meetings API's three calls."""

    title: str
    held_on: date
    schedule: dict[str, Any]
    held: dict[str, Any]


def held_on(reference_date: str) -> date:
    parts = [int(part) for part in reference_date.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def napci_agenda(reference: dict[str, Any]) -> list[str]:
    return [
        area["code"]
        for area in reference["issue_areas"]
        if area.get("kind") == "non_traditional" and area.get("source") == "NAPCI"
    ]


def status_on(member: dict[str, Any], day: date) -> str | None:
    """The member's status on `day` as the registry's seed records it: none before it began."""
    since = date.fromisoformat(member["status_since"]) if member.get("status_since") else STATUS_SINCE
    return str(member.get("status", STATUS_IF_NOT_GIVEN)) if since <= day else None


def historic_meetings(reference: dict[str, Any]) -> list[HistoricMeeting]:
    agenda = napci_agenda(reference)
    members = {member["code"]: member for member in reference["members"]}
    return [_historic(entry, agenda, members) for entry in reference["history"]]


def _historic(
    entry: dict[str, Any], agenda: list[str], members: dict[str, dict[str, Any]]
) -> HistoricMeeting:
    title: str = entry["title"]
    day = held_on(entry["date"])
    listed: list[str] = entry.get("participants", [])
    host: str = entry.get("host") or (listed[0] if listed else DEFAULT_HOST)
    others = [code for code in listed if code != host]
    track: str = entry.get("track", "1")
    level = "summit" if "summit" in title.lower() else "expert" if track == "1.5" else "senior_officials"
    city, country, zone = VENUES.get(host, VENUES[DEFAULT_HOST])
    starts = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(zone))
    schedule: dict[str, Any] = {
        "title": {"en": title},
        "mechanism_code": entry.get("mechanism"),
        "issue_area_codes": entry.get("issue_areas") or agenda,
        "track": track,
        "level": level,
        "host_code": host,
        "city": city,
        "country_code": country,
        "starts_at": starts.isoformat(),
        "ends_at": starts.replace(hour=18).isoformat(),
        "time_zone": zone,
        "participants": [{"member_code": code, "role": "participant"} for code in others],
    }
    attending = [host, *others]

    def decides(code: str) -> bool:
        # Everyone attends in the role host or participant, so standing alone decides (issue 11).
        member = members.get(code)
        return code in attending and member is not None and status_on(member, day) in GOOD_STANDING

    outcomes = []
    for outcome in entry.get("outcomes", []):
        signatories = [code for code in outcome.get("by") or [host] if decides(code)]
        if outcome["type"] in KNOWN_OUTCOME_TYPES and signatories:
            text = outcome.get("text") or f"{outcome['type'].replace('_', ' ')}: {title}"
            outcomes.append({"type": outcome["type"], "text": text, "member_codes": signatories})
    held = {
        "attendance": [{"member_code": code, "attendance": "attended"} for code in attending],
        "outcomes": outcomes,
        "summary": entry.get("participants_note") or f"{title} ({entry.get('source', 'reference')})",
    }
    return HistoricMeeting(title=title, held_on=day, schedule=schedule, held=held)


class NotYetKnown(Exception):
    """The meetings service does not know a member, mechanism or issue area of the meeting yet: the
    registry's events have not reached it. Try again."""


async def schedule(meetings: httpx.AsyncClient, meeting: HistoricMeeting, headers: dict[str, str]) -> str:
    """Schedules the meeting; returns its id. Raises NotYetKnown while the meetings service lacks a code
    it names (a 422 about the host, participants, mechanism or issue areas)."""
    answer = await meetings.post("/v1/meetings", json=meeting.schedule, headers=headers)
    if answer.status_code == 422 and str(answer.json().get("field", "")).startswith(
        ("host_code", "participants", "mechanism_code", "issue_area_codes")
    ):
        raise NotYetKnown(answer.text)
    answer.raise_for_status()
    meeting_id: str = answer.json()["id"]
    return meeting_id


async def hold(
    meetings: httpx.AsyncClient, meeting_id: str, meeting: HistoricMeeting, headers: dict[str, str]
) -> None:
    """Confirms the scheduled meeting and records it held, with its attendance and outcomes."""
    confirmed = await meetings.post(f"/v1/meetings/{meeting_id}/confirm", headers=headers)
    confirmed.raise_for_status()
    held = await meetings.post(f"/v1/meetings/{meeting_id}/held", json=meeting.held, headers=headers)
    held.raise_for_status()
