"""The TRM+ story, driven only through the services' HTTP APIs: a Korean nuclear-safety focal point
subscribes with a webhook, an email in Korean and an inbox; the 1st and 2nd TRM+ meetings are scheduled,
confirmed and held; the roadmap's nuclear_safety track reaches the framework stage with an explanation
naming both meetings; each channel hears of the meetings and the stages.

`make demo` tells it step by step against the running stack (devstack.demo); the end-to-end tests
(tests/test_end_to_end.py) assert on what it observes, on a stack of their own.
"""

from __future__ import annotations

import email
import email.policy
import time as clock
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx

T = TypeVar("T")

HELD = "org.neacoop.meetings.meeting.held.v1"
STAGE_ADVANCED = "org.neacoop.roadmap.track.stage_advanced.v1"
TRACK = "nuclear_safety"
FIVE_STATES = ("KOR", "JPN", "CHN", "USA", "RUS")


@dataclass(frozen=True)
class Endpoints:
    registry: str
    meetings: str
    roadmap: str
    notifications: str
    admin_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_key}"}


@dataclass(frozen=True)
class Meeting:
    title: dict[str, str]
    held_on: date
    host: str
    city: str
    country: str
    time_zone: str
    mechanism: str | None = "TRM+"
    issue_area: str = TRACK
    attending: tuple[str, ...] = FIVE_STATES


TRM_PLUS = (
    Meeting(
        title={"en": "1st TRM+ meeting on nuclear safety", "ko": "제1차 TRM+ 원자력안전 회의"},
        held_on=date(2013, 10, 28),
        host="JPN",
        city="Tokyo",
        country="JPN",
        time_zone="Asia/Tokyo",
    ),
    Meeting(
        title={"en": "2nd TRM+ meeting on nuclear safety", "ko": "제2차 TRM+ 원자력안전 회의"},
        held_on=date(2014, 5, 20),
        host="KOR",
        city="Seoul",
        country="KOR",
        time_zone="Asia/Seoul",
    ),
)


class Waiter:
    """Polls `probe` until it returns something truthy, or fails after `timeout` seconds: no fixed
    sleeps. `progress` is told what is awaited and how long it has taken (the demo draws it)."""

    def __init__(self, progress: Callable[[str, float], None] = lambda what, elapsed: None) -> None:
        self.progress = progress

    def until(self, what: str, probe: Callable[[], T | None], *, timeout: float = 60.0) -> T:
        started = clock.monotonic()
        while True:
            found = probe()
            elapsed = clock.monotonic() - started
            self.progress(what, elapsed)
            if found:
                return found
            if elapsed > timeout:
                raise TimeoutError(f"not within {timeout:.0f}s: {what}")
            clock.sleep(0.2)


def checked(answer: httpx.Response, *statuses: int) -> dict[str, Any]:
    if answer.status_code not in (statuses or (200,)):
        raise RuntimeError(
            f"{answer.request.method} {answer.request.url}: {answer.status_code} {answer.text}"
        )
    found: dict[str, Any] = answer.json() if answer.content else {}
    return found


def ensure_contact(
    client: httpx.Client, api: Endpoints, member: str, email_address: str, language: str
) -> str:
    """The member's contact with this address (added once; later runs find it)."""
    listed = client.get(f"{api.registry}/v1/members/{member}/contacts", headers=api.headers)
    listed.raise_for_status()
    for contact in listed.json():
        if contact["email"] == email_address:
            return str(contact["id"])
    body = {"name": "Nuclear safety desk", "email": email_address, "preferred_language": language}
    created = client.post(f"{api.registry}/v1/members/{member}/contacts", json=body, headers=api.headers)
    return str(checked(created, 200, 201)["id"])


def subscribe(
    client: httpx.Client,
    api: Endpoints,
    waiter: Waiter,
    *,
    member: str,
    contact_id: str,
    webhook_url: str,
    issue_area: str = TRACK,
) -> dict[str, dict[str, Any]]:
    """A webhook, an email (in the contact's language) and an inbox subscription of the contact, to the
    meetings held and the stages advanced on `issue_area`; by channel. The webhook's secret is in its
    answer, shown once."""
    filters = {"event_types": [HELD, STAGE_ADVANCED], "issue_areas": [issue_area]}
    subscriptions: dict[str, dict[str, Any]] = {}
    for channel in ("webhook", "email", "inbox"):
        body: dict[str, Any] = {
            "member_code": member,
            "contact_id": contact_id,
            "channel": channel,
            "filters": filters,
            "description": f"{issue_area}: meetings held and stages advanced",
        }
        if channel == "webhook":
            body["url"] = webhook_url

        def created(body: dict[str, Any] = body) -> dict[str, Any] | None:
            answer = client.post(f"{api.notifications}/v1/subscriptions", json=body, headers=api.headers)
            # 422 on the member, contact or issue area: the registry's event has not reached notifications
            # yet (on a stack seeded just before, as the compose test's is).
            if answer.status_code == 422 and answer.json().get("field") in (
                "member_code",
                "contact_id",
                "filters.issue_areas",
            ):
                return None
            return checked(answer, 201)

        subscriptions[channel] = waiter.until(f"notifications knowing {member}'s contact", created)
    return subscriptions


def record_held(client: httpx.Client, api: Endpoints, waiter: Waiter, meeting: Meeting) -> str:
    """Schedules, confirms and records the meeting held, as a partner ministry would; its id."""
    others = [code for code in meeting.attending if code != meeting.host]
    body = {
        "title": meeting.title,
        "mechanism_code": meeting.mechanism,
        "issue_area_codes": [meeting.issue_area],
        "track": "1",
        "level": "senior_officials",
        "host_code": meeting.host,
        "city": meeting.city,
        "country_code": meeting.country,
        "starts_at": datetime.combine(meeting.held_on, time(9), ZoneInfo(meeting.time_zone)).isoformat(),
        "ends_at": datetime.combine(meeting.held_on, time(18), ZoneInfo(meeting.time_zone)).isoformat(),
        "time_zone": meeting.time_zone,
        "participants": [{"member_code": code} for code in others],
    }

    def scheduled() -> dict[str, Any] | None:
        answer = client.post(f"{api.meetings}/v1/meetings", json=body, headers=api.headers)
        # 422 naming a reference: the registry's events have not reached the meetings service yet.
        if answer.status_code == 422 and answer.json().get("field") in (
            "host_code",
            "participants",
            "mechanism_code",
            "issue_area_codes",
        ):
            return None
        return checked(answer, 201)

    meeting_id = str(waiter.until("the meetings service knowing the members", scheduled)["id"])
    checked(client.post(f"{api.meetings}/v1/meetings/{meeting_id}/confirm", headers=api.headers))
    held = {
        "attendance": [{"member_code": code, "attendance": "attended"} for code in meeting.attending],
        "outcomes": [],
        "summary": f"{meeting.title['en']}: {', '.join(meeting.attending)} attended.",
    }
    checked(client.post(f"{api.meetings}/v1/meetings/{meeting_id}/held", json=held, headers=api.headers))
    return meeting_id


def track(client: httpx.Client, api: Endpoints, code: str = TRACK) -> dict[str, Any]:
    return checked(client.get(f"{api.roadmap}/v1/roadmaps/NAPCI/tracks/{code}"))


def advancements(client: httpx.Client, api: Endpoints, code: str = TRACK) -> list[dict[str, Any]]:
    lines = checked(client.get(f"{api.roadmap}/v1/roadmaps/NAPCI/history"))["items"]
    return [line for line in lines if line["track"] == code and line["kind"] == "advanced"]


def deliveries(client: httpx.Client, api: Endpoints, subscription_id: str) -> list[dict[str, Any]]:
    answer = client.get(
        f"{api.notifications}/v1/deliveries",
        params={"subscription": subscription_id, "limit": 200},
        headers=api.headers,
    )
    items: list[dict[str, Any]] = checked(answer)["items"]
    return items


def inbox(client: httpx.Client, api: Endpoints, subscriber: str) -> list[dict[str, Any]]:
    answer = client.get(
        f"{api.notifications}/v1/inbox/{subscriber}", params={"limit": 200}, headers=api.headers
    )
    items: list[dict[str, Any]] = checked(answer)["items"]
    return items


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    language: str | None
    message_id: str
    text: str


def emails_to(mail_dir: Path, address: str) -> list[Email]:
    """The messages the SMTP sink stored for `address` (one .eml each)."""
    return _addressed_to(address, (path.read_bytes() for path in sorted(mail_dir.glob("*.eml"))))


def emails_in_mailpit(client: httpx.Client, mailpit_url: str, address: str) -> list[Email]:
    """The messages Mailpit caught for `address`, oldest first, read whole through its API
    (https://mailpit.axllent.org/docs/api-v1/): the list, then each message's source."""
    listed = checked(client.get(f"{mailpit_url}/api/v1/search", params={"query": f"to:{address}"}))
    sources = (
        client.get(f"{mailpit_url}/api/v1/message/{summary['ID']}/raw").content
        for summary in reversed(listed["messages"])  # Mailpit lists the newest first
    )
    return _addressed_to(address, sources)


def _addressed_to(address: str, sources: Iterable[bytes]) -> list[Email]:
    found = []
    for source in sources:
        message = email.message_from_bytes(source, policy=email.policy.default)
        if address not in str(message.get("To", "")):
            continue
        body = message.get_body(preferencelist=("plain",))
        found.append(
            Email(
                to=str(message["To"]),
                subject=str(message["Subject"]),
                language=message.get("Content-Language"),
                message_id=str(message["Message-ID"]),
                text=body.get_content() if body is not None else "",
            )
        )
    return found
