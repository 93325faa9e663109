"""Every service's OpenAPI document bounds what a client may send: each string of a request body has a
`maxLength` and each array a `maxItems` (common.limits), so that no field can carry a megabyte into an
event (issue #12). No Kafka or PostgreSQL is needed: the documents are built from the apps' routes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from common.config import ServiceSettings
from meetings.config import MeetingsSettings
from meetings.main import create_app as meetings_app
from notifications.config import NotificationsSettings
from notifications.main import create_app as notifications_app
from registry.config import RegistrySettings
from registry.main import create_app as registry_app
from roadmap.config import RoadmapSettings
from roadmap.main import create_app as roadmap_app

DATABASE_URL = "postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none"  # never connected to

APPS: dict[str, tuple[Any, type[ServiceSettings]]] = {
    "registry": (registry_app, RegistrySettings),
    "meetings": (meetings_app, MeetingsSettings),
    "roadmap": (roadmap_app, RoadmapSettings),
    "notifications": (notifications_app, NotificationsSettings),
}

# Strings whose format pydantic parses strictly, or whose values are listed: a long one is refused anyway.
PARSED_FORMATS = frozenset({"date", "date-time", "time", "duration", "uuid"})


def openapi_of(name: str) -> dict[str, Any]:
    factory, settings_type = APPS[name]
    app: FastAPI = factory(settings_type(database_url=DATABASE_URL))
    return app.openapi()


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        *_, name = node["$ref"].split("/")
        node = document["components"]["schemas"][name]
    return node


def unbounded(document: dict[str, Any], node: dict[str, Any], where: str, seen: set[str]) -> Iterator[str]:
    """The places under `node` where a string has no maxLength or an array no maxItems."""
    if "$ref" in node:
        if node["$ref"] in seen:
            return
        seen = seen | {node["$ref"]}
        node = resolve(document, node)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            yield from unbounded(document, option, where, seen)
    kind = node.get("type")
    bounded_anyway = "enum" in node or "const" in node or node.get("format") in PARSED_FORMATS
    if kind == "string" and not bounded_anyway and "maxLength" not in node:
        yield f"{where}: a string without maxLength"
    if kind == "array":
        if "maxItems" not in node:
            yield f"{where}: an array without maxItems"
        if isinstance(node.get("items"), dict):
            yield from unbounded(document, node["items"], f"{where}[]", seen)
    if kind == "object" or "properties" in node:
        for name, child in node.get("properties", {}).items():
            yield from unbounded(document, child, f"{where}.{name}", seen)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in node and "propertyNames" not in node:
                yield f"{where}: an object of any keys without maxProperties"
            yield from unbounded(document, extra, f"{where}.*", seen)


def request_bodies(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                yield f"{method.upper()} {path}", media["schema"]


@pytest.mark.parametrize("name", APPS)
def test_every_string_and_list_a_client_sends_has_a_documented_limit(name: str) -> None:
    document = openapi_of(name)
    bodies = list(request_bodies(document))
    assert bodies, f"{name} documents no request body"
    problems = [problem for route, schema in bodies for problem in unbounded(document, schema, route, set())]
    assert not problems, f"{name}'s OpenAPI leaves these unbounded:\n" + "\n".join(problems)
