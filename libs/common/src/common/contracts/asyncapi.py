"""The event catalog as an AsyncAPI 3.0 document (`docs/asyncapi.yaml`), generated from CATALOG alone.

`python -m common.contracts.asyncapi` writes it; `--check` exits 1 when the file is not what the contracts
give (`make test` runs that check, so a contract changed without regenerating fails CI). Every topic is a
channel, every event type a message on it, with the CloudEvents headers of Kafka binary mode and the
pydantic model of its data as the payload schema; each service's operation sends its own topics.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic.json_schema import models_json_schema

from common.contracts import CATALOG, EventContract, source_of

ASYNCAPI_VERSION = "3.0.0"
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


def channel_key(topic: str) -> str:
    return topic.replace(".", "_")


def message_key(contract: EventContract) -> str:
    # org.neacoop.meetings.meeting.held.v1 -> meetings.meeting.held.v1
    return contract.type.removeprefix("org.neacoop.")


def published_contracts() -> list[EventContract]:
    """The contracts of `common.contracts`: tests may enter probes of their own into CATALOG."""
    return [contract for contract in CATALOG if contract.data.__module__.startswith("common.contracts.")]


def document() -> dict[str, Any]:
    contracts = published_contracts()
    _, definitions = models_json_schema(
        [(contract.data, "validation") for contract in contracts], ref_template=SCHEMA_REF
    )
    schemas: dict[str, Any] = dict(sorted(definitions.get("$defs", {}).items()))
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in sorted({contract.topic for contract in contracts}):
        on_topic = [contract for contract in contracts if contract.topic == topic]
        service = on_topic[0].service
        key = channel_key(topic)
        channel_messages = {}
        for contract in on_topic:
            name = message_key(contract)
            messages[name] = {
                "name": contract.type,
                "title": contract.data.__name__,
                "summary": contract.summary,
                "contentType": "application/json",
                "headers": CLOUDEVENT_HEADERS,
                "payload": {"$ref": SCHEMA_REF.format(model=contract.data.__name__)},
                "bindings": {
                    "kafka": {
                        "key": {"type": "string", "description": "The subject: the aggregate's id"},
                        "bindingVersion": "0.5.0",
                    }
                },
            }
            channel_messages[name] = {"$ref": f"#/components/messages/{name}"}
        channels[key] = {
            "address": topic,
            "title": topic,
            "description": f"Published by the {service} service ({source_of(service)}): {SERVICES[service]}. "
            "Records are kept for ever (retention.ms=-1), so a consumer can rebuild from offset 0; "
            "a consumer's dead letters go to `" + topic + ".dlq`.",
            "messages": channel_messages,
            "bindings": {"kafka": {"topic": topic, "bindingVersion": "0.5.0"}},
        }
        operations[f"{service}_sends_{key}"] = {
            "action": "send",
            "title": f"{service} publishes {topic}",
            "summary": "Through the transactional outbox: each event commits with the change it announces.",
            "channel": {"$ref": f"#/channels/{key}"},
            "messages": [{"$ref": f"#/channels/{key}/messages/{name}"} for name in channel_messages],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "nea-coop events",
            "version": "1",
            "description": "Every event the nea-coop services exchange over Apache Kafka: CloudEvents 1.0 in "
            "Kafka binary content mode (attributes in `ce_` headers, the data as JSON in the record value, "
            "the subject as the key). Generated from `libs/common/src/common/contracts` by "
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


def render() -> str:
    header = "# Generated by `python -m common.contracts.asyncapi` from libs/common/src/common/contracts.\n"
    return header + yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=110)


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
