"""Every route of every service refuses a NUL or a lone surrogate with a 422 naming the field, in its path
parameters, its query parameters and its JSON body.

The cases are generated from each app's routes and body schemas, so a route added tomorrow is covered
without a line here. The apps are not started: the refusal comes before anything touches a database, so
a route that lets such a string through fails here with a 500 (it finds no runtime).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel

import meetings.main
import notifications.main
import registry.main
import roadmap.main
from common.testing.fixtures import ADMIN_KEY
from meetings.config import MeetingsSettings
from notifications.config import NotificationsSettings
from registry.config import RegistrySettings
from roadmap.config import RoadmapSettings

NOWHERE = {"database_url": "postgresql+asyncpg://nobody:nobody@127.0.0.1:9/nobody", "admin_key": ADMIN_KEY}

APPS: dict[str, Callable[[], FastAPI]] = {
    "registry": lambda: registry.main.create_app(RegistrySettings.model_validate(NOWHERE)),
    "meetings": lambda: meetings.main.create_app(MeetingsSettings.model_validate(NOWHERE)),
    "roadmap": lambda: roadmap.main.create_app(RoadmapSettings.model_validate(NOWHERE)),
    "notifications": lambda: notifications.main.create_app(NotificationsSettings.model_validate(NOWHERE)),
}

# What a client would send for each: the escapes in JSON, percent-encoded in a URL.
NOT_TEXT_IN_JSON = {"NUL": "TRM+\\u0000", "surrogate": "\\ud800"}
NOT_TEXT_IN_URL = {"NUL": "TRM%00", "surrogate": "%ED%A0%80"}


@dataclass(frozen=True)
class Case:
    service: str
    method: str
    path: str
    where: str
    field: str
    raw_body: bytes | None = None

    @property
    def id(self) -> str:
        return f"{self.service} {self.method} {self.path} {self.where}:{self.field}"


def routes_of(app: FastAPI) -> list[RouteContext]:
    """Every API route under /v1, with its effective path (FastAPI keeps included routers as such)."""
    return [
        r
        for r in iter_route_contexts(app.routes)
        if isinstance(r.original_route, APIRoute) and str(r.path).startswith("/v1")
    ]


def filled(route: RouteContext, **values: str) -> str:
    return str(route.path).format(**{p.name: values.get(p.name, "KOR") for p in route.dependant.path_params})


def body_fields(route: RouteContext) -> list[tuple[str, str]]:
    """(field, JSON body template with that field's string at `%s`) for each top-level field of the body's
    model, and one field inside each object (`title.en`, a model's first field)."""
    if route.body_field is None:
        return []
    model = route.body_field.field_info.annotation
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return [("note", '{"note": "%s"}')]
    schema = model.model_json_schema()
    found: list[tuple[str, str]] = []
    for name, prop in schema.get("properties", {}).items():
        found.append((name, json.dumps({name: "%s"})))
        inner = inner_field(prop, schema.get("$defs", {}))
        if inner:
            found.append((f"{name}.{inner}", json.dumps({name: {inner: "%s"}})))
    return found


def inner_field(prop: dict[str, Any], definitions: dict[str, Any]) -> str | None:
    """A field inside an object-valued property: a model's first field, or a language of a text map."""
    for option in [prop, *prop.get("anyOf", [])]:
        target = definitions.get(option.get("$ref", "").rsplit("/", 1)[-1], option)
        if target.get("properties"):
            return str(next(iter(target["properties"])))
        if target.get("type") == "object" and target.get("additionalProperties"):
            return "en"
    return None


def cases() -> list[Case]:
    found: list[Case] = []
    for service, make in APPS.items():
        for route in routes_of(make()):
            for method in sorted(route.methods or ()):
                for kind_index, kind in enumerate(NOT_TEXT_IN_URL):
                    for param in route.dependant.path_params:
                        path = filled(route, **{param.name: NOT_TEXT_IN_URL[kind]})
                        found.append(Case(service, method, path, "path", param.name))
                    for param in route.dependant.query_params:
                        query = f"{filled(route)}?{param.alias}={NOT_TEXT_IN_URL[kind]}"
                        found.append(Case(service, method, query, "query", param.alias))
                    # NUL and surrogates take turns over the body's fields: every field meets one.
                    for field, template in body_fields(route)[kind_index::2]:
                        raw = (template % NOT_TEXT_IN_JSON[kind]).encode()
                        found.append(Case(service, method, filled(route), "body", field, raw))
    return found


CASES = cases()


def test_every_service_has_cases_for_paths_queries_and_bodies() -> None:
    for service in APPS:
        kinds = {case.where for case in CASES if case.service == service}
        assert kinds == {"path", "query", "body"}, service
    assert any(case.field == "title.en" for case in CASES if case.service == "meetings")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_a_string_that_is_not_text_is_refused_with_a_422_naming_the_field(case: Case) -> None:
    transport = httpx.ASGITransport(app=APPS[case.service](), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answer = await client.request(
            case.method,
            case.path,
            content=case.raw_body,
            headers={"content-type": "application/json", "Authorization": f"Bearer {ADMIN_KEY}"},
        )
    assert answer.status_code == 422, answer.text
    problem: dict[str, Any] = answer.json()
    assert problem["type"].endswith("/invalid-request")
    assert (problem["errors"][0]["in"], problem["field"]) == (case.where, case.field)
