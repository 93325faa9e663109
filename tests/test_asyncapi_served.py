"""Each service, started on the real Kafka and PostgreSQL, serves its part of the event catalog at
`/asyncapi.json` without credentials: valid AsyncAPI 3.0, and saying it receives exactly what its running
consumers consume (their groups, topics and the events they apply), so the document cannot drift from the
code that runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from common.app import Runtime
from common.contracts import CATALOG
from common.contracts.asyncapi import channel_key, document, group_key, message_key, published_contracts
from common.messaging.kafka import dead_letter_topic

SERVICES = ("registry", "meetings", "roadmap", "notifications")

ROOT = Path(__file__).resolve().parent.parent
ASYNCAPI_SCHEMA = ROOT / "docs" / "schemas" / "asyncapi-3.0.0.schema.json"


def asyncapi_errors(served: dict[str, Any]) -> list[str]:
    schema = json.loads(ASYNCAPI_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(error.path)}: {error.message[:200]}" for error in validator.iter_errors(served)]


@pytest.mark.parametrize("service", SERVICES)
async def test_each_service_serves_its_part_saying_what_its_running_consumers_receive(
    start_service: Any, service: str
) -> None:
    async with start_service(service) as (app, client):
        answer = await client.get("/asyncapi.json")
        runtime: Runtime = app.state.runtime
        runners = list(runtime.consumers)

    assert answer.status_code == 200
    served: dict[str, Any] = answer.json()
    assert asyncapi_errors(served) == []
    assert served == json.loads(json.dumps(document(service)))
    operations = served["operations"]

    running: dict[str, set[str]] = {}
    for runner in runners:
        for topic in runner.topics:
            running[f"{group_key(runner.group_id)}_receives_{channel_key(topic)}"] = {
                message_key(CATALOG.by_type(event_type))
                for event_type in runner.handlers
                if CATALOG.by_type(event_type).topic == topic
            }
            # What the running group cannot apply goes to a channel the document lists, and says it writes.
            dead_letters = channel_key(dead_letter_topic(topic))
            assert served["channels"][dead_letters]["address"] == dead_letter_topic(topic)
            assert operations[f"{group_key(runner.group_id)}_sends_{dead_letters}"]["action"] == "send"
    documented = {
        key: {ref["$ref"].rsplit("/", 1)[-1] for ref in operation["messages"]}
        for key, operation in operations.items()
        if operation["action"] == "receive"
    }
    assert documented == running
    # It sends its own topics, and no other service's.
    sends = {
        key for key, operation in operations.items() if operation["action"] == "send" and "_dlq" not in key
    }
    own = {contract.topic for contract in published_contracts() if contract.service == service}
    assert sends == {f"{service}_sends_{channel_key(topic)}" for topic in own}
