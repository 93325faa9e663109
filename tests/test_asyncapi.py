"""docs/asyncapi.yaml is the event catalog as AsyncAPI 3.0: current with the contracts (CI fails when it is
stale), valid against the AsyncAPI 3.0.0 JSON Schema (vendored from @asyncapi/specs 6.11.1, Apache-2.0, in
docs/schemas/), and complete: every topic, event type and data schema, who receives each channel, the
dead-letter channels, and an example of every message that its schema and its model accept."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from common.contracts import CATALOG, EventData
from common.contracts.asyncapi import (
    channel_key,
    dead_letter_message_key,
    group_key,
    message_key,
    published_contracts,
    render,
)
from common.contracts.subscriptions import SUBSCRIPTIONS
from common.messaging.dlq import HEADER_PREFIX, DeadLetterReason
from common.messaging.kafka import dead_letter_topic

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "asyncapi.yaml"
ASYNCAPI_SCHEMA = ROOT / "docs" / "schemas" / "asyncapi-3.0.0.schema.json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


def asyncapi_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(ASYNCAPI_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(error.path)}: {error.message[:200]}" for error in validator.iter_errors(document)]


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_checked_in_document_is_what_the_contracts_give() -> None:
    current = DOCUMENT.read_text(encoding="utf-8")
    assert current == render(), "docs/asyncapi.yaml is stale: run `make asyncapi`"


def test_contracts_a_test_enters_into_the_catalog_are_not_published() -> None:
    @CATALOG.event(type="org.neacoop.asyncapi_probe.probe.probed.v1", topic="asyncapi_probe.probe.v1")
    class Probed(EventData):
        """A probe of this test."""

    assert "asyncapi_probe" not in render()


def test_it_is_valid_asyncapi_3(document: dict[str, Any]) -> None:
    assert document["asyncapi"] == "3.0.0"
    assert asyncapi_errors(document) == []


def test_the_validator_refuses_what_asyncapi_3_does_not_allow(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    operation = next(iter(broken["operations"].values()))
    operation["action"] = "publish"  # AsyncAPI 2's verb: 3.0 knows only send and receive
    assert asyncapi_errors(broken)


def test_every_reference_resolves_and_every_payload_is_a_json_schema(document: dict[str, Any]) -> None:
    for ref in refs(document):
        assert ref.startswith("#/"), ref
        resolve(document, ref)
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_topic_event_type_and_data_schema_is_in_it(document: dict[str, Any]) -> None:
    contracts = published_contracts()
    assert {contract.type for contract in contracts} >= {"org.neacoop.meetings.meeting.held.v1"}
    for contract in contracts:
        channel = document["channels"][channel_key(contract.topic)]
        assert channel["address"] == contract.topic
        message = resolve(document, channel["messages"][message_key(contract)]["$ref"])
        assert message["name"] == contract.type
        payload = resolve(document, message["payload"]["$ref"])
        assert set(payload["properties"]) == set(contract.data.model_fields)
    received = {topic for subscription in SUBSCRIPTIONS for topic in subscription.topics}
    assert {c["address"] for c in document["channels"].values()} == {c.topic for c in contracts} | {
        dead_letter_topic(topic) for topic in received
    }


def test_every_consumer_group_receives_exactly_the_events_its_subscription_declares(
    document: dict[str, Any],
) -> None:
    expected: dict[str, set[str]] = {}
    for subscription in SUBSCRIPTIONS:
        for topic in subscription.topics:
            key = f"{group_key(subscription.group)}_receives_{channel_key(topic)}"
            expected[key] = {message_key(c) for c in subscription.contracts if c.topic == topic}
    receives = {
        key: {ref["$ref"].rsplit("/", 1)[-1] for ref in operation["messages"]}
        for key, operation in document["operations"].items()
        if operation["action"] == "receive" and not key.startswith("operators_")
    }
    assert receives == expected
    roadmap = document["operations"]["roadmap_receives_meetings_meeting_v1"]
    assert roadmap["bindings"]["kafka"]["groupId"]["enum"] == ["roadmap"]
    assert [m["$ref"] for m in roadmap["messages"]] == [
        "#/channels/meetings_meeting_v1/messages/meetings.meeting.held.v1"
    ]
    # Each service but the registry keeps its copy of the partner clients in a group of its own.
    assert {key for key in receives if key.endswith("_receives_registry_client_v1")} == {
        "meetings_clients_receives_registry_client_v1",
        "roadmap_clients_receives_registry_client_v1",
        "notifications_clients_receives_registry_client_v1",
    }


def test_every_received_topic_has_a_dead_letter_channel_its_groups_write_and_operators_read(
    document: dict[str, Any],
) -> None:
    for subscription in SUBSCRIPTIONS:
        for topic in subscription.topics:
            key = channel_key(dead_letter_topic(topic))
            channel = document["channels"][key]
            assert channel["address"] == f"{topic}.dlq"
            sends = document["operations"][f"{group_key(subscription.group)}_sends_{key}"]
            assert sends["action"] == "send"
            assert sends["channel"]["$ref"] == f"#/channels/{key}"
            reads = document["operations"][f"operators_receive_{key}"]
            assert reads["action"] == "receive"
            assert "make replay-dead-letters" in reads["summary"]
            letter = document["components"]["messages"][dead_letter_message_key(topic)]
            headers = letter["headers"]
            assert {f"{HEADER_PREFIX}reason", f"{HEADER_PREFIX}error", f"{HEADER_PREFIX}consumer"} <= set(
                headers["required"]
            )
            assert headers["properties"][f"{HEADER_PREFIX}reason"]["enum"] == list(DeadLetterReason)
            for example in letter["examples"]:
                assert list(jsonschema.Draft202012Validator(headers).iter_errors(example["headers"])) == []


def payload_errors(document: dict[str, Any], message: dict[str, Any], value: Any) -> list[str]:
    # The payload is a $ref into components: validate against it with the document as the root schema.
    schema = {"$ref": message["payload"]["$ref"], "components": document["components"]}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(error.path)}: {error.message[:200]}" for error in validator.iter_errors(value)]


def test_every_message_has_an_example_its_payload_schema_and_its_contract_accept(
    document: dict[str, Any],
) -> None:
    for contract in published_contracts():
        message = document["components"]["messages"][message_key(contract)]
        [example] = message["examples"]
        assert payload_errors(document, message, example["payload"]) == [], contract.type
        headers_errors = jsonschema.Draft202012Validator(message["headers"]).iter_errors(example["headers"])
        assert list(headers_errors) == [], contract.type
        assert example["headers"]["ce_type"] == contract.type
        # The model takes it whole: a field it does not know would be ignored, and the dump would differ.
        assert contract.data.model_validate(example["payload"]).model_dump(mode="json") == example["payload"]


def test_an_example_its_schema_refuses_is_reported(document: dict[str, Any]) -> None:
    message = document["components"]["messages"]["meetings.meeting.held.v1"]
    broken = copy.deepcopy(message["examples"][0]["payload"])
    broken["meeting"]["track"] = "3"
    del broken["held_on"]
    assert len(payload_errors(document, message, broken)) == 2
