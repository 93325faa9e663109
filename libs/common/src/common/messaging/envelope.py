"""CloudEvents 1.0 envelopes in Kafka binary content mode.

Binary mode (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md)
keeps the data as plain JSON in the record value and the attributes in `ce_` headers, so a consumer can
route on headers without parsing the body. The record key is the subject (the aggregate id), which keeps
the events of one aggregate in order on one partition.

Two extension attributes (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#extension-context-attributes,
names of lowercase letters and digits): `correlationid`, the request or event that caused this one, and
`actor`, who made the change (DESIGN rule 6): a partner API client's id, `admin`, `seed`, or the service
that derived the event from another service's.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from common import tracing

SPEC_VERSION = "1.0"
JSON = "application/json"

KafkaHeaders = list[tuple[str, bytes]]


class MalformedEvent(ValueError):
    """A record that is not a CloudEvent we can read; it goes straight to the dead-letter topic."""


def new_traceparent() -> str:
    """The traceparent of the span recording the event (https://www.w3.org/TR/trace-context/), as the
    CloudEvents distributed-tracing extension has it; outside any span, fresh ids marked as not sampled."""
    return tracing.current_traceparent() or tracing.unsampled_traceparent()


class CloudEvent(BaseModel):
    """One event: the required CloudEvents attributes, our extensions, and the JSON data."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    subject: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    specversion: str = SPEC_VERSION
    datacontenttype: str = JSON
    traceparent: str = Field(default_factory=new_traceparent)
    correlationid: str | None = None
    actor: str | None = None
    data: dict[str, Any]

    def to_kafka(self) -> tuple[bytes, bytes, KafkaHeaders]:
        """Key, value and headers of the Kafka record carrying this event."""
        headers: KafkaHeaders = [
            ("ce_specversion", self.specversion.encode()),
            ("ce_id", self.id.encode()),
            ("ce_source", self.source.encode()),
            ("ce_type", self.type.encode()),
            ("ce_subject", self.subject.encode()),
            ("ce_time", _rfc3339(self.time).encode()),
            ("content-type", self.datacontenttype.encode()),
            ("traceparent", self.traceparent.encode()),
        ]
        if self.correlationid:
            headers.append(("ce_correlationid", self.correlationid.encode()))
        if self.actor:
            headers.append(("ce_actor", self.actor.encode()))
        value = json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).encode()
        return self.subject.encode(), value, headers

    @classmethod
    def from_kafka(cls, value: bytes | None, headers: Sequence[tuple[str, bytes]]) -> CloudEvent:
        """Reads a binary-mode record; raises MalformedEvent naming what is wrong."""
        attrs = headers_to_dict(headers)
        missing = [
            a for a in ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject") if not attrs.get(a)
        ]
        if missing:
            raise MalformedEvent(f"missing CloudEvents attributes: {', '.join(missing)}")
        if attrs["ce_specversion"] != SPEC_VERSION:
            raise MalformedEvent(f"unsupported specversion {attrs['ce_specversion']!r}")
        content_type = attrs.get("content-type", JSON)
        if not content_type.startswith(JSON):
            raise MalformedEvent(f"unsupported content-type {content_type!r}")
        try:
            data = json.loads(value or b"")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedEvent(f"data is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise MalformedEvent("data is not a JSON object")
        try:
            return cls(
                id=attrs["ce_id"],
                source=attrs["ce_source"],
                type=attrs["ce_type"],
                subject=attrs["ce_subject"],
                time=attrs.get("ce_time") or datetime.now(UTC),
                datacontenttype=content_type,
                traceparent=attrs.get("traceparent") or new_traceparent(),
                correlationid=attrs.get("ce_correlationid"),
                actor=attrs.get("ce_actor"),
                data=data,
            )
        except ValueError as exc:
            raise MalformedEvent(f"invalid CloudEvents attribute: {exc}") from exc


def headers_to_dict(headers: Sequence[tuple[str, bytes]] | Mapping[str, bytes]) -> dict[str, str]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    for name, raw in pairs:
        try:
            result[name] = raw.decode() if raw is not None else ""
        except UnicodeDecodeError as exc:
            raise MalformedEvent(f"header {name!r} is not UTF-8") from exc
    return result


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
