"""Which subscriptions an event reaches: the facets of an event, a subscription's filters, and the retry
schedule of a failed delivery."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from common.contracts import CATALOG
from common.contracts.meetings import MeetingState
from common.contracts.notifications import DeliveryDead
from common.contracts.registry import IssueAreaOpened
from common.contracts.roadmap import DecisionRecorded, StageAdvanced
from common.limits import LIST_MAX_ITEMS, Identifier, Token
from notifications.models import NotifiedEvent, Subscription

FACETS = ("issue_areas", "members", "mechanisms", "tracks")
RETRY_AFTER_FLOOR_SECONDS = 60.0
# A dead delivery is told to its subscriber's other channels, whatever their filters, and to no one else.
DEAD_NOTICE_TYPE = CATALOG.for_data_type(DeliveryDead).type


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
        default_factory=list, max_length=LIST_MAX_ITEMS, description="Members hosting, invited or agreeing"
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


def _meeting_facets(meeting: MeetingState) -> dict[str, list[str]]:
    members = {meeting.host_code, *(p.member_code for p in meeting.participants)}
    tracks = set(meeting.issue_area_codes) | ({"napci"} if meeting.level == "summit" else set())
    return {
        "issue_areas": sorted(meeting.issue_area_codes),
        "members": sorted(members),
        "mechanisms": [meeting.mechanism_code] if meeting.mechanism_code else [],
        "tracks": sorted(tracks),
    }


def facets_of(event_type: str, data: Mapping[str, Any]) -> dict[str, list[str]]:
    """What subscriptions filter on, from an event's data (already valid for its contract)."""
    parsed = CATALOG.by_type(event_type).data.model_validate(data)
    meeting = getattr(parsed, "meeting", None)
    if isinstance(meeting, MeetingState):
        return _meeting_facets(meeting)
    if isinstance(parsed, StageAdvanced):
        return {"issue_areas": [parsed.track], "tracks": [parsed.track]}
    if isinstance(parsed, DecisionRecorded):
        areas = [code for code in (parsed.track, parsed.issue_area_code) if code]
        return {"issue_areas": areas, "tracks": areas, "members": sorted(parsed.agreed_by)}
    if isinstance(parsed, IssueAreaOpened):
        return {"issue_areas": [parsed.issue_area.code], "tracks": [parsed.issue_area.code]}
    # A dead delivery is told only to the subscriber's other channels, never matched by filters.
    return {}


def matching(
    subscriptions: Iterable[Subscription], event_type: str, facets: Mapping[str, Sequence[str]]
) -> list[Subscription]:
    """The subscriptions whose filters accept the event."""
    return [s for s in subscriptions if Filters.model_validate(s.filters).matches(event_type, facets)]


def replayed_to(subscription: Subscription, event: NotifiedEvent) -> bool:
    """Whether a replay sends `event` to `subscription`: what its filters accept, and the notices of its
    subscriber's other channels' dead deliveries (which their subscriber alone may read)."""
    if event.type == DEAD_NOTICE_TYPE:
        dead = DeliveryDead.model_validate(event.cloudevent.get("data", {})).delivery
        return dead.subscriber == subscription.subscriber and dead.subscription_id != subscription.id
    return Filters.model_validate(subscription.filters).matches(event.type, event.facets)


def next_attempt_at(
    now: datetime,
    attempts_made: int,
    schedule: Sequence[float],
    *,
    jitter: float,
    retry_after: float | None = None,
) -> datetime | None:
    """When to try again after `attempts_made` attempts, or None when the schedule is spent.

    `schedule[n]` is the wait before attempt n+1 (Standard Webhooks: 0, 5 s, 5 min, ...). The wait is
    spread by `jitter` either way so that endpoints failing together are not retried together; a
    receiver's `Retry-After` is honoured when it asks for longer.
    """
    if attempts_made >= len(schedule):
        return None
    wait = schedule[attempts_made] * random.uniform(1 - jitter, 1 + jitter)
    if retry_after is not None:
        # Honoured up to the longest wait of the schedule (a minute at least): a receiver cannot put its
        # deliveries off for ever.
        wait = max(wait, min(retry_after, max(*schedule, RETRY_AFTER_FLOOR_SECONDS)))
    return now + timedelta(seconds=wait)
