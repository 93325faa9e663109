"""docs/asyncapi.yaml is the event catalog as AsyncAPI 3.0: current with the contracts (CI fails when it is
stale), valid against the AsyncAPI 3.0.0 JSON Schema (vendored from @asyncapi/specs 6.11.1, Apache-2.0, in
docs/schemas/), and complete: every topic, event type and data schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from common.contracts import CATALOG, EventData
from common.contracts.asyncapi import channel_key, message_key, published_contracts, render

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
    @CATALOG.event(type="org.neacoop.asyncapi_probe.probed.v1", topic="asyncapi_probe.probe.v1")
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
    assert {c["address"] for c in document["channels"].values()} == {c.topic for c in contracts}
