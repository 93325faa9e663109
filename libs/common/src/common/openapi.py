"""The HTTP contract every service publishes at `/openapi.json`, completed in one place.

A partner generates a client from this document, so it must list every answer the server can give
(issue #13). FastAPI documents only the success and its own `HTTPValidationError` 422, which is not what
the server sends (`common.errors` answers RFC 9457 problems whose `detail` is a string). `complete`
walks every operation of a service's document once, when it is first built, and adds what the shared
mechanisms answer, read from what the operation declares:

- every route: 503 with `Retry-After` (`common.outages`);
- a route with a security requirement (it depends on `common.auth`): 401 and 403;
- a route with a path parameter: 404;
- a write (POST, PUT, PATCH, DELETE): 409 (a state refusing the write, or a concurrent one winning);
- a route that reads `If-Match` (`common.http.IfMatch`): 412, and `ETag` on its success;
- a route with a body: 413 (`common.limits`), 415 and 422; a route with parameters: 422;
- a route that takes `Idempotency-Key`: `Idempotent-Replayed` on its success;
- a 201: `Location`; a success whose body has a `version`, or of a route that reads `If-None-Match`:
  `ETag` (`common.http.etag`);
- a route that answers 428 without `If-Match`: the header marked required, as it is;
- every string that has no pattern, format or set of values of its own: the pattern that says it is
  text without a NUL, which `common.text` refuses with a 422 on every route and PostgreSQL cannot store.

Each problem status has the one `Problem` schema under `application/problem+json` and examples
rendered by the same functions that answer it, for the route itself: its `instance` is the route's path
with its parameters' examples (each service says what its path parameters name, `PathParameter`), a 404
names each parameter, a 403 is what the route's own authorisation dependencies refuse, a 422 names a
field of its body or a parameter, a 413 quotes the service's limit. Every response is written out on
its operation rather than shared, since no two routes' examples are the same.

A route says what a status means for it, and shows the refusals of its own rules, with
`responses={409: refusal("what it means here", refused_by(lambda: domain.rule(...)))}`; a status no
rule above covers is declared the same way (or with `{"description": ...}` alone). A status a route
documents with its own content (`/readyz`'s 503 readiness report) is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from types import MappingProxyType
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from common.auth import REFUSALS, Refusal
from common.openapi_problems import (
    FIELD_ERROR_SCHEMA,
    PROBLEM_SCHEMA,
    Operation,
    body_model,
    header,
    path_parameters_of,
    problems,
    resolve,
)

# What a service's routes declare (`refusal`, `refused_by`) and its app is built with (`PathParameter`).
from common.openapi_problems import PathParameter as PathParameter
from common.openapi_problems import refusal as refusal
from common.openapi_problems import refused_by as refused_by

CONTACT = {"name": "nea-coop maintainers", "url": "https://neacoop.org"}
# The project has not chosen a licence for its code or its API yet; saying so is more useful to a
# partner's lawyer than an empty field.
LICENSE = {"name": "No licence granted yet: ask the maintainers before redistributing"}

# The tags of the routers every service includes from libs/common (common.health, common.audit,
# common.contracts.asyncapi).
SHARED_TAGS: list[dict[str, str]] = [
    {"name": "operations", "description": "Liveness, readiness and Prometheus metrics, for operators"},
    {"name": "audit", "description": "Who changed what and when, read by administrators"},
    {
        "name": "events",
        "description": "The Kafka events this service sends and receives, as an AsyncAPI 3.0 document",
    },
]


def _request_examples(document: Mapping[str, Any], operation: dict[str, Any]) -> None:
    """Shows the examples declared on a body's model (`json_schema_extra={"examples": [...]}`) on the
    request body itself, where Swagger UI offers them and linters check them against the schema
    (Spectral's `oas3-valid-media-example`; it does not read a schema's `examples`)."""
    media = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if media is None or "examples" in media or "example" in media:
        return
    declared = body_model(document, media["schema"]).get("examples", [])
    if declared:
        media["examples"] = _numbered(declared)


def _numbered(values: Sequence[Any]) -> dict[str, dict[str, Any]]:
    return {("example" if i == 0 else f"example-{i + 1}"): {"value": value} for i, value in enumerate(values)}


def _success_headers(document: Mapping[str, Any], method: str, operation: dict[str, Any]) -> None:
    parameters = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    for status, response in operation["responses"].items():
        if not status.startswith("2"):
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        versioned = "version" in resolve(document, schema).get("properties", {})
        names = []
        if versioned or parameters & {"if-match", "if-none-match"}:
            names.append("ETag")
        if status == "201":
            names.append("Location")
        if "idempotency-key" in parameters:
            names.append("Idempotent-Replayed")
        if names:
            response.setdefault("headers", {}).update({name: header(name) for name in names})


def complete(
    document: dict[str, Any],
    *,
    path_parameters: Mapping[str, PathParameter],
    max_body_bytes: int,
    refusals: Mapping[tuple[str, str], Sequence[Refusal]] = MappingProxyType({}),
) -> dict[str, Any]:
    """Adds the problem answers and success headers to every operation of `document`, in place.

    `refusals` are the 403s of each (method, path) as its authorisation dependencies give them;
    `max_body_bytes` is the service's limit on a body (`common.limits`), quoted in its 413."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for path, path_item in document.get("paths", {}).items():
        for method, declared in path_item.items():
            operation = Operation(
                path=path,
                method=method,
                declared=declared,
                parameters=path_parameters_of(path, path_parameters),
                refusals=refusals.get((method, path), ()),
            )
            _request_examples(document, declared)
            responses = problems(document, operation, max_body_bytes)
            if "428" in responses:
                _require_if_match(declared)
            # In status order, so that the generated documents in docs/openapi/ diff well.
            declared["responses"] = dict(sorted(responses.items()))
            _success_headers(document, method, declared)
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    _text_only(document.get("paths", {}))
    _text_only(schemas)
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["ProblemFieldError"] = FIELD_ERROR_SCHEMA
    return document


def _require_if_match(operation: Mapping[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
            parameter["required"] = True
            # FastAPI writes an optional header as `anyOf: [string, null]`; a header sent is never null.
            variants = parameter["schema"].pop("anyOf", None)
            if variants:
                parameter["schema"].update(next(v for v in variants if v.get("type") != "null"))


# ECMA-262 and Python read `\u0000` alike; the pattern holds for a whole string.
TEXT_PATTERN = "^[^\\u0000]*$"
# What already says which strings are allowed, more precisely than the text pattern.
OWN_SHAPE = frozenset({"pattern", "format", "enum", "const", "contentEncoding"})


def _text_only(node: Any) -> None:
    """Adds `TEXT_PATTERN` to every string schema under `node` that says nothing more precise."""
    if isinstance(node, list):
        for item in node:
            _text_only(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if (kind == "string" or (isinstance(kind, list) and "string" in kind)) and not OWN_SHAPE & node.keys():
        node["pattern"] = TEXT_PATTERN
    for key, value in node.items():
        # Examples are values, not schemas; a property named `type` is not a type.
        if key not in {"example", "examples", "properties"}:
            _text_only(value)
        elif key == "properties" and isinstance(value, dict):
            for property_schema in value.values():
                _text_only(property_schema)


def route_refusals(app: FastAPI) -> dict[tuple[str, str], list[Refusal]]:
    """Per (method, path), the 403s the route's authorisation dependencies give (`common.auth.REFUSALS`),
    found by walking its dependencies, its router's included."""
    found: dict[tuple[str, str], list[Refusal]] = {}
    for route in iter_route_contexts(app.routes):
        root: Dependant | None = getattr(route, "dependant", None)
        if root is None or not route.path_format or not route.methods:
            continue
        refused: list[Refusal] = []
        pending = [root]
        while pending:
            dependant = pending.pop()
            # A dependency that cannot be weakly referred to, or hashed, is not one of common.auth's.
            with suppress(TypeError):
                refused += [r for r in REFUSALS.get(dependant.call, ()) if r not in refused]  # type: ignore[arg-type]
            pending += reversed(dependant.dependencies)
        # The scope is checked first, the member it acts for then.
        refused.sort(key=lambda refusal: "required_scope" not in refusal.problem.extensions)
        for method in route.methods:
            found[(method.lower(), route.path_format)] = refused
    return found


def operation_id(route: APIRoute) -> str:
    """A route's operationId unless it names one: its endpoint's name in camelCase (`schedule_meeting`
    is `scheduleMeeting`), so that generated clients get readable method names that stay put."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def install_contract(
    app: FastAPI, *, path_parameters: Mapping[str, PathParameter], max_body_bytes: int
) -> None:
    """Completes the app's OpenAPI document once, the first time it is asked for: its routes are all
    there by then."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(
                build(),
                path_parameters=path_parameters,
                refusals=route_refusals(app),
                max_body_bytes=max_body_bytes,
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
