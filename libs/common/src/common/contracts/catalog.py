"""The one catalog of event contracts: type name, topic, and the versioned pydantic model of the data.

Changes within a version are additive (STYLE 4): consumers ignore fields they do not know, so a model
never forbids extra fields, and a new required field means a new type version (`...v2`) on a new topic.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from common.messaging.envelope import CloudEvent


class EventMetadata(BaseModel):
    """Who caused the event, beside the data: the same as the CloudEvents attributes, for readers that keep
    only the data (a stored copy, a webhook receiver that drops the envelope)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    actor: str | None = Field(
        default=None,
        description="Who made the change: a partner API client's id, `admin` (the administrator key), "
        "`seed` (the reference import), or the service that derived this event from another service's "
        "(`roadmap`, `registry`, `notifications`); the same as the `ce_actor` attribute",
    )


class EventData(BaseModel):
    """Base of every event's data. Past tense names: `MemberRegistered`, `MeetingHeld`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # Optional and additive (STYLE 4): events recorded before it existed, and readers that ignore it, are
    # unaffected. make_event fills it; a service's code never sets it.
    metadata: EventMetadata | None = Field(default=None, description="Who caused the event")


D = TypeVar("D", bound=EventData)


@dataclass(frozen=True)
class EventContract:
    type: str
    topic: str
    data: builtins.type[EventData]
    summary: str

    @property
    def service(self) -> str:
        return self.topic.split(".", 1)[0]

    def parse(self, event: CloudEvent) -> EventData:
        return self.data.model_validate(event.data)


class UnknownEventType(LookupError):
    pass


class EventCatalog:
    def __init__(self) -> None:
        self._by_type: dict[str, EventContract] = {}
        self._by_model: dict[type[EventData], EventContract] = {}

    def event(self, *, type: str, topic: str) -> Callable[[builtins.type[D]], builtins.type[D]]:
        """Class decorator that enters a data model into the catalog."""

        def register(model: builtins.type[D]) -> builtins.type[D]:
            if type in self._by_type:
                raise ValueError(f"event type {type} is registered twice")
            summary = (model.__doc__ or "").strip().split("\n\n", 1)[0].replace("\n", " ")
            contract = EventContract(type=type, topic=topic, data=model, summary=summary)
            self._by_type[type] = contract
            self._by_model[model] = contract
            return model

        return register

    def by_type(self, event_type: str) -> EventContract:
        try:
            return self._by_type[event_type]
        except KeyError:
            raise UnknownEventType(f"unknown event type {event_type!r}") from None

    def for_data(self, data: EventData) -> EventContract:
        return self.for_data_type(type(data))

    def for_data_type(self, model: type[EventData]) -> EventContract:
        try:
            return self._by_model[model]
        except KeyError:
            raise UnknownEventType(f"{model.__name__} is not in the event catalog") from None

    def topics(self) -> set[str]:
        return {c.topic for c in self._by_type.values()}

    def topics_of(self, service: str) -> set[str]:
        return {c.topic for c in self._by_type.values() if c.service == service}

    def __iter__(self) -> Iterator[EventContract]:
        return iter(sorted(self._by_type.values(), key=lambda c: (c.topic, c.type)))


CATALOG = EventCatalog()


def source_of(service: str) -> str:
    """The CloudEvents `source` of a service; `source` + `id` is unique because ids are UUIDs."""
    return f"urn:neacoop:{service}"


def make_event(
    data: EventData,
    *,
    service: str,
    subject: str,
    correlation_id: str | None = None,
    traceparent: str | None = None,
    actor: str | None = None,
    **extra: Any,
) -> tuple[EventContract, CloudEvent]:
    """The CloudEvent announcing `data`; `actor` goes into both the `actor` attribute and the data's
    metadata, so it survives whichever of the two a reader keeps."""
    contract = CATALOG.for_data(data)
    if contract.service != service:
        raise ValueError(f"{service} cannot emit {contract.type}: it belongs to {contract.service}")
    if actor is not None:
        data = data.model_copy(update={"metadata": EventMetadata(actor=actor)})
    payload = data.model_dump(mode="json")
    if payload.get("metadata") is None:
        # An event without an actor (a test's stand-in for another service) keeps the data it had before.
        payload.pop("metadata", None)
    event = CloudEvent(
        source=source_of(service),
        type=contract.type,
        subject=subject,
        data=payload,
        correlationid=correlation_id,
        actor=actor,
        **({"traceparent": traceparent} if traceparent else {}),
        **extra,
    )
    return contract, event
