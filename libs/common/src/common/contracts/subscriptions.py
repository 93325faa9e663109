"""Who receives what: every consumer group of every service and the events it acts on.

This table is the one declaration of the services' subscriptions. A consumer runner takes its group and
its topics from its subscription and refuses to start with handlers for any other set of events
(`common.messaging.consumer`), and the AsyncAPI document's receive operations and dead-letter channels are
generated from it (`common.contracts.asyncapi`), so the document cannot say a service listens where it
does not, nor miss a topic it reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import get_args

from common.contracts.catalog import CATALOG, EventContract, EventData
from common.contracts.meetings import (
    MeetingCancelled,
    MeetingConfirmed,
    MeetingHeld,
    MeetingPostponed,
    MeetingScheduled,
    MemberEngagementChanged,
)
from common.contracts.registry import (
    ClientCreated,
    ClientRevoked,
    IssueAreaEvent,
    MechanismEvent,
    MemberEvent,
)
from common.contracts.roadmap import DecisionRecorded, StageAdvanced


@dataclass(frozen=True)
class Subscription:
    """A consumer group of `service` and the events it applies; the others on its topics it skips."""

    service: str
    group: str
    events: tuple[type[EventData], ...]
    purpose: str

    @property
    def contracts(self) -> list[EventContract]:
        return sorted(
            (CATALOG.for_data_type(model) for model in self.events), key=lambda c: (c.topic, c.type)
        )

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(contract.type for contract in self.contracts)

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(contract.topic for contract in self.contracts)


# Every service but the registry keeps a copy of the registry's reference data and of its API clients.
MEMBER_EVENTS: tuple[type[EventData], ...] = get_args(MemberEvent)
MECHANISM_EVENTS: tuple[type[EventData], ...] = get_args(MechanismEvent)
ISSUE_AREA_EVENTS: tuple[type[EventData], ...] = get_args(IssueAreaEvent)
# What a copy of the registry keeps (`common.readmodel.registry_handlers`): members with their status
# history, mechanisms with their memberships, issue areas.
REGISTRY_COPY_EVENTS: tuple[type[EventData], ...] = MEMBER_EVENTS + MECHANISM_EVENTS + ISSUE_AREA_EVENTS
CLIENT_EVENTS: tuple[type[EventData], ...] = (ClientCreated, ClientRevoked)
# What notifications tells people about beyond what it learns; `notifications.rendering` has a template
# for each. Its own delivery events are for audit and never notified again, so it does not read its topic.
NOTIFIED_EVENTS: tuple[type[EventData], ...] = (
    MeetingScheduled,
    MeetingConfirmed,
    MeetingPostponed,
    MeetingCancelled,
    MeetingHeld,
    MemberEngagementChanged,
    StageAdvanced,
    DecisionRecorded,
)


def clients_subscription(service: str) -> Subscription:
    return Subscription(
        service=service,
        group=f"{service}.clients",
        events=CLIENT_EVENTS,
        purpose="Keeps the service's copy of the partner API clients, which requests are authenticated "
        "against; a revoked client is refused as soon as its event is applied (`common.clients`).",
    )


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription(
        service="registry",
        group="registry",
        events=(DecisionRecorded,),
        purpose="Opens a traditional issue area when the roadmap records the consensus decision to "
        "(`open_issue_area`); the other decisions change nothing in the registry.",
    ),
    Subscription(
        service="meetings",
        group="meetings",
        events=REGISTRY_COPY_EVENTS,
        purpose="Keeps the copy of the registry that meetings are validated against: members with their "
        "status history, mechanisms and issue areas (open or locked).",
    ),
    clients_subscription("meetings"),
    Subscription(
        service="roadmap",
        group="roadmap",
        events=(MeetingHeld, *REGISTRY_COPY_EVENTS),
        purpose="Judges every held meeting and mechanism expansion against the criteria of each track; "
        "learns the issue areas (which have tracks) and the members (who must agree to a decision).",
    ),
    clients_subscription("roadmap"),
    Subscription(
        service="notifications",
        group="notifications",
        events=REGISTRY_COPY_EVENTS + NOTIFIED_EVENTS,
        purpose="Keeps the members with their contacts (the subscribers), mechanisms and issue areas, and "
        "fans out what people are told about (meetings, a member's engagement, stages, decisions, an issue "
        "area opened) to the subscriptions that match.",
    ),
    clients_subscription("notifications"),
)


def subscription(group: str) -> Subscription:
    """The declared subscription of a consumer group; a group that is not declared is a bug."""
    for declared in SUBSCRIPTIONS:
        if declared.group == group:
            return declared
    raise LookupError(f"consumer group {group!r} is not declared in common.contracts.subscriptions")


def subscriptions_of(service: str) -> Iterator[Subscription]:
    return (declared for declared in SUBSCRIPTIONS if declared.service == service)
