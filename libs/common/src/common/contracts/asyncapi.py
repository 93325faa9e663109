"""The event catalog as an AsyncAPI 3.0 document (`docs/asyncapi.yaml`), generated from the contracts.

`python -m common.contracts.asyncapi` writes it; `--check` exits 1 when the file is not what the contracts
give (`make test` runs that check, so a contract changed without regenerating fails CI). Every topic is a
channel, every event type a message on it, with the CloudEvents headers of Kafka binary mode, the pydantic
model of its data as the payload schema and an example (`common.contracts.examples`). Each service sends its
own topics; each consumer group receives what `common.contracts.subscriptions` declares, which is what its
runner consumes, and sends what it cannot apply to `<topic>.dlq`, a channel of its own that the operators'
tooling reads. Each service serves its part of the document at `/asyncapi.json` (`asyncapi_router`).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from common.contracts import CATALOG, EventContract, make_event, source_of
from common.contracts.examples import EXAMPLES, fixed_id
from common.contracts.subscriptions import SUBSCRIPTIONS, Subscription
from common.messaging import dlq
from common.messaging.kafka import dead_letter_topic

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING = "0.5.0"
SCHEMA_REF = "#/components/schemas/{model}"
DOCUMENT = Path("docs") / "asyncapi.yaml"

SERVICES = {
    "registry": "members, their participation status over time, mechanisms, issue areas, partner API clients",
    "meetings": "meetings, participants and attendance, outcomes",
    "roadmap": "roadmap tracks, their stages and explanations, consensus decisions, criteria versions",
    "notifications": "what happened to each delivery of a notification (audit)",
}

# Kafka binary content mode (CloudEvents Kafka protocol binding 1.0): attributes travel as headers.
CLOUDEVENT_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "content-type"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "description": "Unique with ce_source; consumers deduplicate on it"},
        "ce_source": {"type": "string", "description": "urn:neacoop:<service>"},
        "ce_type": {"type": "string", "description": "The event type, also this message's name"},
        "ce_subject": {"type": "string", "description": "The aggregate's id; also the record key"},
        "ce_time": {"type": "string", "format": "date-time"},
        "content-type": {"type": "string", "const": "application/json"},
        "traceparent": {"type": "string", "description": "W3C trace context"},
        "ce_correlationid": {
            "type": "string",
            "description": "The correlation id of the request or event that caused this one",
        },
        "ce_actor": {
            "type": "string",
            "description": "Who made the change: a partner API client's id, `admin`, `seed`, or the service "
            "that derived this event from another's; also in the data's `metadata.actor`",
        },
    },
}


# A dead letter keeps the original record's headers and adds its own (common.messaging.dlq).
DEAD_LETTER_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": [dlq.HEADER_PREFIX + name for name in dlq.HEADERS],
    "properties": {
        **{
            dlq.HEADER_PREFIX + name: {"type": "string", "description": text}
            for name, text in dlq.HEADERS.items()
        },
        **CLOUDEVENT_HEADERS["properties"],
    },
}
DEAD_LETTER_HEADERS["properties"][dlq.HEADER_PREFIX + "reason"]["enum"] = [
    r.value for r in dlq.DeadLetterReason
]
# The moment and trace of every example, fixed so that the document changes only with the contracts.
EXAMPLE_TIME = datetime(2025, 3, 11, 9, 30, tzinfo=UTC)
EXAMPLE_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
OPERATORS = (
    "`make dead-letters` lists the dead letters with their reason; once the cause is fixed, "
    "`make replay-dead-letters TOPIC=<topic> [CONSUMER=<group>]` publishes them again on the original topic, "
    "where the consumers' inboxes make a replay of something already applied harmless."
)


def channel_key(topic: str) -> str:
    return topic.replace(".", "_")


def message_key(contract: EventContract) -> str:
    # org.neacoop.meetings.meeting.held.v1 -> meetings.meeting.held.v1
    return contract.type.removeprefix("org.neacoop.")


def dead_letter_message_key(topic: str) -> str:
    return f"{topic}.dead_letter"


def group_key(group: str) -> str:
    return group.replace(".", "_")


def published_contracts() -> list[EventContract]:
    """The contracts of `common.contracts`: tests may enter probes of their own into CATALOG."""
    return [contract for contract in CATALOG if contract.data.__module__.startswith("common.contracts.")]


def example_record(contract: EventContract) -> tuple[dict[str, str], dict[str, Any]]:
    """The headers and value of the Kafka record that would carry the contract's example, made by the
    same code that makes the services' records."""
    example = EXAMPLES[contract.data]
    _, event = make_event(
        example.data,
        service=contract.service,
        subject=example.subject,
        correlation_id=fixed_id(f"correlation/{contract.type}").replace("-", ""),
        traceparent=EXAMPLE_TRACEPARENT,
        actor=example.actor,
        id=fixed_id(f"event/{contract.type}"),
        time=EXAMPLE_TIME,
    )
    _, _, headers = event.to_kafka()
    return {name: value.decode() for name, value in headers}, event.data


def message(contract: EventContract) -> dict[str, Any]:
    headers, payload = example_record(contract)
    return {
        "name": contract.type,
        "title": contract.data.__name__,
        "summary": contract.summary,
        "contentType": "application/json",
        "headers": CLOUDEVENT_HEADERS,
        "payload": {"$ref": SCHEMA_REF.format(model=contract.data.__name__)},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The subject: the aggregate's id"},
                "bindingVersion": KAFKA_BINDING,
            }
        },
        "examples": [{"name": contract.data.__name__, "headers": headers, "payload": payload}],
    }


def dead_letter_message(
    topic: str, contracts: list[EventContract], readers: list[Subscription]
) -> dict[str, Any]:
    first = contracts[0]
    headers, payload = example_record(first)
    dead = dlq.dead_letter_headers(
        [(name, value.encode()) for name, value in headers.items()],
        consumer=readers[0].group,
        reason=dlq.DeadLetterReason.handler_failed,
        error="OperationalError: could not serialize access due to concurrent update",
        topic=topic,
        partition=3,
        offset=1041,
        attempts=5,
        dead_at=EXAMPLE_TIME,
    )
    names = ", ".join(f"`{message_key(contract)}`" for contract in contracts)
    return {
        "name": f"{topic} dead letter",
        "title": f"A dead letter of {topic}",
        "summary": "A record of " + topic + " a consumer group could not apply, kept with the reason.",
        "description": "The original record, unchanged (key, value and headers), plus the `"
        + dlq.HEADER_PREFIX
        + "` headers saying who gave up on it, where it was read and why. "
        + OPERATORS,
        "contentType": "application/json",
        "headers": DEAD_LETTER_HEADERS,
        "payload": {
            "description": f"The original record's value, byte for byte: one of {names}, or for the reason "
            "`malformed` whatever was sent"
        },
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The original record's key"},
                "bindingVersion": KAFKA_BINDING,
            }
        },
        "examples": [
            {
                "name": f"{first.data.__name__} dead-lettered by {readers[0].group}",
                "headers": {name: value.decode() for name, value in dead},
                "payload": payload,
            }
        ],
    }


def _operation(
    action: str, title: str, summary: str, channel: str, messages: Iterable[str]
) -> dict[str, Any]:
    return {
        "action": action,
        "title": title,
        "summary": summary,
        "channel": {"$ref": f"#/channels/{channel}"},
        "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"} for name in messages],
    }


def document(service: str | None = None) -> dict[str, Any]:
    """The whole catalog, or with `service` the part that concerns it: the channels it sends and receives,
    its dead-letter channels, their messages and schemas, and its operations."""
    subscriptions = [s for s in SUBSCRIPTIONS if service is None or s.service == service]
    received = {topic for s in subscriptions for topic in s.topics}
    contracts = [
        contract
        for contract in published_contracts()
        if service is None or contract.service == service or contract.topic in received
    ]
    _, definitions = models_json_schema(
        [(contract.data, "validation") for contract in contracts], ref_template=SCHEMA_REF
    )
    schemas: dict[str, Any] = dict(sorted(definitions.get("$defs", {}).items()))
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in sorted({contract.topic for contract in contracts}):
        on_topic = [contract for contract in contracts if contract.topic == topic]
        owner = on_topic[0].service
        readers = [s for s in subscriptions if topic in s.topics]
        key = channel_key(topic)
        for contract in on_topic:
            messages[message_key(contract)] = message(contract)
        read_by = ", ".join(f"`{s.group}` ({s.service})" for s in readers) or "no consumer group of ours"
        channels[key] = {
            "address": topic,
            "title": topic,
            "description": f"Published by the {owner} service ({source_of(owner)}): {SERVICES[owner]}. "
            "Records are kept for ever (retention.ms=-1), so a consumer can rebuild from offset 0. "
            f"Received by {read_by}; a consumer's dead letters go to `{dead_letter_topic(topic)}`.",
            "messages": {
                message_key(c): {"$ref": f"#/components/messages/{message_key(c)}"} for c in on_topic
            },
            "bindings": {"kafka": {"topic": topic, "bindingVersion": KAFKA_BINDING}},
        }
        if service is None or owner == service:
            operations[f"{owner}_sends_{key}"] = _operation(
                "send",
                f"{owner} publishes {topic}",
                "Through the transactional outbox: each event commits with the change it announces.",
                key,
                (message_key(contract) for contract in on_topic),
            )
        for subscription in readers:
            operations[f"{group_key(subscription.group)}_receives_{key}"] = {
                **_operation(
                    "receive",
                    f"{subscription.service} receives {topic} in the group {subscription.group}",
                    subscription.purpose + " Each event is applied once (the inbox) before its offset is "
                    "committed; the other messages of the channel are skipped.",
                    key,
                    (message_key(c) for c in subscription.contracts if c.topic == topic),
                ),
                "bindings": {
                    "kafka": {
                        "groupId": {"type": "string", "enum": [subscription.group]},
                        "bindingVersion": KAFKA_BINDING,
                    }
                },
            }
        if readers:
            dead_letters = dead_letter_topic(topic)
            dead_key = channel_key(dead_letters)
            dead_message = dead_letter_message_key(topic)
            messages[dead_message] = dead_letter_message(topic, on_topic, readers)
            channels[dead_key] = {
                "address": dead_letters,
                "title": dead_letters,
                "description": f"The dead letters of `{topic}`: records a consumer group could not apply "
                "(malformed, of an unknown type, invalid, or failing after every retry), kept for ever with "
                f"the reason. Written by {read_by}. " + OPERATORS,
                "messages": {dead_message: {"$ref": f"#/components/messages/{dead_message}"}},
                "bindings": {"kafka": {"topic": dead_letters, "bindingVersion": KAFKA_BINDING}},
            }
            for subscription in readers:
                operations[f"{group_key(subscription.group)}_sends_{dead_key}"] = _operation(
                    "send",
                    f"{subscription.service} dead-letters {topic} in the group {subscription.group}",
                    "A record the group cannot apply, after its retries or at once when it cannot be read; "
                    "the offset moves past it only once the broker has acknowledged the dead letter.",
                    dead_key,
                    [dead_message],
                )
            if service is None:
                operations[f"operators_receive_{dead_key}"] = _operation(
                    "receive",
                    f"operators read the dead letters of {topic}",
                    "`python -m common.messaging.dlq list|replay`. " + OPERATORS,
                    dead_key,
                    [dead_message],
                )
    part = f": the {service} service's part" if service else ""
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": f"nea-coop events{part}",
            "version": "1",
            "description": "Every event the nea-coop services exchange over Apache Kafka"
            + (f" that the {service} service sends or receives" if service else "")
            + ": CloudEvents 1.0 in Kafka binary content mode (attributes in `ce_` headers, the data as JSON "
            "in the record value, the subject as the key), who receives each channel, and where what cannot "
            "be applied goes (`<topic>.dlq`). Generated from `libs/common/src/common/contracts` by "
            "`python -m common.contracts.asyncapi`; do not edit by hand.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "kafka": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "The broker `make up` starts (docker compose: kafka:9092 inside the network)",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


class AsyncApiDocument(BaseModel):
    """An AsyncAPI 3.0.0 document (https://www.asyncapi.com/docs/reference/specification/v3.0.0); named
    so that a generated client has one readable type for it. Only what every document has is declared."""

    model_config = ConfigDict(extra="allow")

    asyncapi: str
    info: dict[str, Any]
    channels: dict[str, Any]
    operations: dict[str, Any]


@functools.cache
def service_document(service: str) -> dict[str, Any]:
    """Built once per process: the contracts do not change while a service runs."""
    return document(service)


def asyncapi_router(service: str) -> APIRouter:
    """`/asyncapi.json`: the service's part of the event catalog, public like `/openapi.json`."""
    router = APIRouter(tags=["events"])

    @router.get(
        "/asyncapi.json",
        summary="The events this service sends and receives (AsyncAPI 3.0)",
        operation_id=f"get{service.capitalize()}AsyncApi",
        # Documented by the model, answered as built: the document is large and already valid.
        response_model=AsyncApiDocument,
        responses={200: {"description": "This service's part of the event catalog (AsyncAPI 3.0.0)"}},
    )
    async def asyncapi() -> JSONResponse:
        """The channels (Kafka topics) this service publishes and consumes, their messages with the
        CloudEvents headers, payload schemas and examples, the consumer groups that receive them and the
        dead-letter channels they write to: the part of `docs/asyncapi.yaml` that concerns this service."""
        return JSONResponse(service_document(service))

    return router


class _Dumper(yaml.SafeDumper):
    """Writes a schema shared by many messages (the CloudEvents headers) out in full at each, rather than
    as a YAML alias that a reader has to chase and some AsyncAPI tools refuse."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render() -> str:
    header = "# Generated by `python -m common.contracts.asyncapi` from libs/common/src/common/contracts.\n"
    return header + yaml.dump(document(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m common.contracts.asyncapi", description=__doc__)
    parser.add_argument("--output", type=Path, default=DOCUMENT, help=f"default: {DOCUMENT}")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not current")
    arguments = parser.parse_args(argv)
    text = render()
    if arguments.check:
        current = arguments.output.read_text(encoding="utf-8") if arguments.output.is_file() else ""
        if current != text:
            print(f"{arguments.output} is stale: run `make asyncapi`", file=sys.stderr)
            return 1
        print(f"{arguments.output} is current")
        return 0
    arguments.output.write_text(text, encoding="utf-8")
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
