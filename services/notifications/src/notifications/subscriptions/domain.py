"""The rules of subscriptions, with nothing of the database: which events a subscription hears of (its
filters against an event's facets), who may manage a subscription or read an inbox, and which signing
secrets sign while one is rotated."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal
from common.contracts import EventData
from common.contracts.meetings import MeetingState, MemberEngagementChanged
from common.contracts.registry import IssueAreaOpened
from common.contracts.roadmap import DecisionRecorded, StageAdvanced
from common.errors import RuleViolated
from common.limits import LIST_MAX_ITEMS, Identifier, Token
from notifications.models import Subscription
from notifications.rendering import RENDERED_EVENT_TYPES

FACETS = ("issue_areas", "members", "mechanisms", "tracks")
# Tracks that are not issue areas (roadmap's napci-criteria.json).
INITIATIVE_TRACKS = frozenset({"napci"})


class Filters(BaseModel):
    """What a subscription hears of. Every list given must match the event (one of its values is
    enough); an empty list matches everything."""

    model_config = ConfigDict(extra="forbid")

    event_types: list[Token] = Field(
        default_factory=list,
        max_length=LIST_MAX_ITEMS,
        description="Event types (`org.neacoop.meetings.meeting.held.v1`)",
    )
    issue_areas: list[Identifier] = Field(
        default_factory=list, max_length=LIST_MAX_ITEMS, description="Issue area codes (`nuclear_safety`)"
    )
    members: list[Identifier] = Field(
        default_factory=list,
        max_length=LIST_MAX_ITEMS,
        description="Members hosting, invited or agreeing, or whose engagement changed",
    )
    mechanisms: list[Identifier] = Field(
        default_factory=list, max_length=LIST_MAX_ITEMS, description="Mechanism codes (`TRM+`)"
    )
    tracks: list[Identifier] = Field(
        default_factory=list,
        max_length=LIST_MAX_ITEMS,
        description="Roadmap tracks (`nuclear_safety`, `napci`): a meeting is on its issue areas' tracks",
    )

    def matches(self, event_type: str, facets: Mapping[str, Sequence[str]]) -> bool:
        if self.event_types and event_type not in self.event_types:
            return False
        for name in FACETS:
            wanted: list[str] = getattr(self, name)
            if wanted and not set(wanted) & set(facets.get(name, ())):
                return False
        return True

    def check_event_types(self) -> None:
        """Only the events people are told about can be subscribed to (422 naming them)."""
        unknown = sorted(set(self.event_types) - RENDERED_EVENT_TYPES)
        if unknown:
            raise RuleViolated(
                f"no notifications for event type(s) {', '.join(unknown)}; "
                f"use {', '.join(sorted(RENDERED_EVENT_TYPES))}",
                field="filters.event_types",
            )

    def track_issue_areas(self) -> list[str]:
        """The tracks that must be issue areas known to the registry: all but the initiatives'."""
        return [track for track in self.tracks if track not in INITIATIVE_TRACKS]


def _meeting_facets(meeting: MeetingState) -> dict[str, list[str]]:
    members = {meeting.host_code, *(p.member_code for p in meeting.participants)}
    tracks = set(meeting.issue_area_codes) | ({"napci"} if meeting.level == "summit" else set())
    return {
        "issue_areas": sorted(meeting.issue_area_codes),
        "members": sorted(members),
        "mechanisms": [meeting.mechanism_code] if meeting.mechanism_code else [],
        "tracks": sorted(tracks),
    }


def facets_of(data: EventData) -> dict[str, list[str]]:
    """What subscriptions filter on, from an event's data as its contract's model: the consumer runner
    validated it once, and nothing here validates it again."""
    meeting = getattr(data, "meeting", None)
    if isinstance(meeting, MeetingState):
        return _meeting_facets(meeting)
    if isinstance(data, StageAdvanced):
        return {"issue_areas": [data.track], "tracks": [data.track]}
    if isinstance(data, DecisionRecorded):
        areas = [code for code in (data.track, data.issue_area_code) if code]
        return {"issue_areas": areas, "tracks": areas, "members": sorted(data.agreed_by)}
    if isinstance(data, IssueAreaOpened):
        return {"issue_areas": [data.issue_area.code], "tracks": [data.issue_area.code]}
    if isinstance(data, MemberEngagementChanged):
        # A focal point subscribes to its own member: "KOR is lapsing" reaches KOR's contacts.
        return {"members": [data.member_code]}
    # A dead delivery is told only to the subscriber's other channels, never matched by filters.
    return {}


@dataclass(frozen=True)
class Recipient:
    """What fan-out reads of an active subscription: whom to record a delivery for, and in which language
    to render it. Read as plain rows: fan-out to thousands of subscriptions loads no ORM instances."""

    id: str
    channel: str
    language: str
    filters: dict[str, list[str]]


# Fan-out matches recipients, a test or a replay matches subscriptions: the same filters either way.
Matched = TypeVar("Matched", Recipient, Subscription)


def matching(
    subscriptions: Iterable[Matched], event_type: str, facets: Mapping[str, Sequence[str]]
) -> list[Matched]:
    """The subscriptions whose filters accept the event."""
    return [s for s in subscriptions if Filters.model_validate(s.filters).matches(event_type, facets)]


# --- Who may see and change what --------------------------------------------------------------------


def may_manage(principal: Principal, subscription: Subscription) -> bool:
    """An administrator any; a partner its member's contacts' subscriptions and its own client's."""
    if principal.is_admin:
        return True
    if subscription.member_code is not None:
        return principal.member_code == subscription.member_code
    return principal.client_id == subscription.subscriber


def may_read_inbox(principal: Principal, subscriber: str) -> bool:
    return principal.is_admin or subscriber in (principal.member_code, principal.client_id)


def owned_by(principal: Principal) -> list[str] | None:
    """The subscribers a partner acts for (its member, its own client); None for an administrator."""
    if principal.is_admin:
        return None
    return [code for code in (principal.member_code, principal.client_id) if code]


# --- Signing secrets --------------------------------------------------------------------------------


def _ends(entry: Mapping[str, Any]) -> datetime | None:
    expires_at = entry.get("expires_at")
    return datetime.fromisoformat(expires_at) if expires_at else None


def active_secrets(secrets: Iterable[Mapping[str, Any]], now: datetime) -> list[str]:
    """The secrets that sign now: the current one, and a rotated one until its overlap ends."""
    return [entry["secret"] for entry in secrets if (ends := _ends(entry)) is None or ends > now]


def rotated(
    secrets: Iterable[Mapping[str, Any]], new: str, *, now: datetime, overlap: timedelta
) -> tuple[list[dict[str, Any]], datetime]:
    """The secrets once `new` is the current one, and when the others stop signing: each keeps signing
    until the overlap ends (sooner if it was to end sooner), and those already ended are dropped, so
    receivers can switch without losing a message."""
    expires = now + overlap
    kept = [
        {"secret": entry["secret"], "expires_at": min(ends or expires, expires).isoformat()}
        for entry in secrets
        if (ends := _ends(entry)) is None or ends > now
    ]
    return [*kept, {"secret": new, "expires_at": None}], expires
