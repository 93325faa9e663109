"""Walks over every route of an app, read from its OpenAPI document: for the tests that check
authorisation comes before validation, the authorisation matrix and the hostile-input suite.

The routes are read from the app's own OpenAPI document, which lists every route a partner can call
(FastAPI's `app.routes` holds the included routers, not their routes), so a new route is walked the day
it is added. A write meant to be open is listed by the test with the reason, and a listed route that no
longer exists fails the walk, so the list stays true.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

WRITE_METHODS = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITE_METHODS)

# No string, number, boolean, date, code, object or list of any of them accepts this value.
NOT_OF_ANY_FIELDS_TYPE: Any = [[None]]


@dataclass(frozen=True)
class WriteRoute:
    method: str
    path: str
    operation: Mapping[str, Any]
    components: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.operation

    def url(self, path_values: Mapping[str, str]) -> str:
        names = re.findall(r"{(\w+)(?::\w+)?}", self.path)
        missing = sorted(set(names) - set(path_values))
        assert not missing, f"{self}: the test gives no value for {', '.join(missing)}"
        return re.sub(r"{(\w+)(?::\w+)?}", lambda m: path_values[m.group(1)], self.path)

    @property
    def headers(self) -> frozenset[str]:
        """The request headers the route declares (`Idempotency-Key`, `If-Match`), in lower case."""
        return frozenset(
            p["name"].lower() for p in self.operation.get("parameters", []) if p["in"] == "header"
        )

    def sample_url(self) -> str:
        """The URL with a value of the right type for each path parameter: an integer, a UUID (that names
        nothing), or a code."""
        values = {}
        for parameter in self.operation.get("parameters", []):
            if parameter["in"] == "path":
                schema = parameter.get("schema", {})
                if schema.get("type") == "integer":
                    values[parameter["name"]] = "1"
                elif schema.get("format") == "uuid":
                    values[parameter["name"]] = "00000000-0000-0000-0000-000000000000"
                else:
                    values[parameter["name"]] = "KOR"
        return self.url(values)

    def invalid_body(self, owners: Mapping[str, str]) -> Any:
        """A body this route refuses: every field of its schema wrong, except those `owners` names,
        which carry the member code given (the fields an ownership check reads before validation)."""
        fields = self._body_fields()
        if not fields:
            return NOT_OF_ANY_FIELDS_TYPE  # a free-form object (or no body): a list is no object
        return {name: owners.get(name, NOT_OF_ANY_FIELDS_TYPE) for name in fields}

    def _body_fields(self) -> list[str]:
        if not self.has_body:
            return []
        schema = self.operation["requestBody"]["content"]["application/json"]["schema"]
        for candidate in [schema, *schema.get("anyOf", [])]:  # `Model | None` too
            ref = candidate.get("$ref")
            if ref:
                return list(self.components[ref.rsplit("/", 1)[-1]].get("properties", {}))
        return list(schema.get("properties", {}))


def api_routes(app: FastAPI, *, methods: tuple[str, ...] = METHODS) -> list[WriteRoute]:
    """Every route of `app` under /v1 with one of `methods`, as its OpenAPI document lists them."""
    document = app.openapi()
    components = document.get("components", {}).get("schemas", {})
    return [
        WriteRoute(method.upper(), path, operations[method], components)
        for path, operations in document["paths"].items()
        if path.startswith("/v1/")
        for method in methods
        if method in operations
    ]


def write_routes(app: FastAPI, *, open_routes: Mapping[str, str]) -> list[WriteRoute]:
    """Every POST, PUT, PATCH and DELETE route of `app`, except the `open_routes` ("POST /v1/...": why it
    needs no credentials)."""
    routes = api_routes(app, methods=WRITE_METHODS)
    gone = set(open_routes) - {str(r) for r in routes}
    assert not gone, f"listed as open but not routes of the app: {sorted(gone)}"
    walked = [r for r in routes if str(r) not in open_routes]
    assert walked, "the app has no write route to walk"
    return walked


async def answers(
    client: httpx.AsyncClient,
    routes: list[WriteRoute],
    *,
    headers: Mapping[str, str],
    path_values: Mapping[str, str],
    owners: Mapping[str, str],
    only_with_body: bool = False,
) -> dict[str, int]:
    """The status each route answers a request with `headers` and an invalid body, by route."""
    statuses: dict[str, int] = {}
    for route in routes:
        if only_with_body and not route.has_body:
            continue
        answer = await client.request(
            route.method,
            route.url(path_values),
            json=route.invalid_body(owners),
            headers=dict(headers),
        )
        statuses[str(route)] = answer.status_code
    return statuses
