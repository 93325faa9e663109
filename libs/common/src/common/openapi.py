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

Each problem status has the one `Problem` schema under `application/problem+json` and an example
rendered by the same functions that answer it. A route that can give a status no rule above covers
declares it with `responses={428: {"description": ...}}`; the schema and example are filled in here. A
status a route documents with its own content (`/readyz`'s 503 readiness report) is left as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from common.errors import (
    PROBLEM_JSON,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RuleViolated,
    Unauthenticated,
    outage_problem,
    unsupported_media_problem,
    validation_problem,
)
from common.limits import ContentTooLarge, too_large

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
EXAMPLE_CORRELATION_ID = "5f0c6a1e9b2d4c7f8a3e1d2c4b5a6978"

CONTACT = {"name": "nea-coop maintainers", "url": "https://neacoop.org"}
# The project has not chosen a licence for its code or its API yet; saying so is more useful to a
# partner's lawyer than an empty field.
LICENSE = {"name": "No licence granted yet: ask the maintainers before redistributing"}

# The tags of the routers every service includes from libs/common (common.health, common.audit).
SHARED_TAGS: list[dict[str, str]] = [
    {"name": "operations", "description": "Liveness, readiness and Prometheus metrics, for operators"},
    {"name": "audit", "description": "Who changed what and when, read by administrators"},
]

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document (https://www.rfc-editor.org/rfc/rfc9457). The same `type` "
    "always has the same `title`; `detail` says what to do about this occurrence.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "What kind of problem; stable"},
        "title": {"type": "string", "description": "A short summary of the type"},
        "status": {"type": "integer", "description": "The HTTP status, repeated"},
        "detail": {"type": "string", "description": "What went wrong this time, for a person"},
        "instance": {"type": "string", "description": "The path of the request"},
        "field": {"type": "string", "description": "The field or header at fault, dotted (`names.en`)"},
        "errors": {
            "type": "array",
            "description": "For an invalid request: every field at fault",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
        "correlation_id": {"type": "string", "description": "Quote it when reporting a problem"},
    },
    # Domain refusals add what the caller needs (`current_version`, `not_in_good_standing`, `max_bytes`).
    "additionalProperties": True,
}

FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ProblemFieldError",
    "type": "object",
    "required": ["field", "message", "type"],
    "properties": {
        "field": {"type": ["string", "null"], "description": "The field, dotted; null for the whole body"},
        "message": {"type": "string"},
        "type": {
            "type": "string",
            "description": "`missing`, `string_too_long`, `too_deep`, `not_text`, ...",
        },
    },
}

HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {"description": "The version of the resource; send it back as `If-Match` to change it"},
    "Location": {"description": "Where the resource this write created or changed can be read"},
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same "
        "`Idempotency-Key` and body: nothing was changed this time",
    },
    "Retry-After": {"description": "Seconds to wait before retrying (with the same `Idempotency-Key`)"},
    "WWW-Authenticate": {"description": "`Bearer`: the scheme to authenticate with"},
}


def _body(response: JSONResponse) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(bytes(response.body))
    body["correlation_id"] = EXAMPLE_CORRELATION_ID
    return body


def _domain(error: DomainError, instance: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": error.type_uri(),
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": instance,
    }
    if error.field:
        body["field"] = error.field
    return {**body, **error.extensions, "correlation_id": EXAMPLE_CORRELATION_ID}


def problem_examples() -> dict[int, dict[str, dict[str, Any]]]:
    """Per status, examples of the bodies the server sends, each rendered by the code that answers it."""
    path = "/v1/members/KOR"
    return {
        401: {
            "unauthenticated": _domain(
                Unauthenticated("send `Authorization: Bearer <client id>.<secret>`"), path
            )
        },
        403: {"forbidden": _domain(Forbidden("this client acts for JPN, not for KOR"), path)},
        404: {"not-found": _domain(NotFound("no member KOR", field="code"), path)},
        409: {"conflict": _domain(Conflict("the meeting is planned, not confirmed; confirm it first"), path)},
        412: {
            "precondition-failed": _domain(
                PreconditionFailed(
                    'the resource is at version 3, not "2"; read it again and retry',
                    field="If-Match",
                    current_version=3,
                ),
                path,
            )
        },
        413: {"content-too-large": _body(too_large(ContentTooLarge(65536), path))},
        415: {"unsupported-media-type": _body(unsupported_media_problem(path, "text/plain"))},
        422: {
            "invalid-request": _body(
                validation_problem(
                    path,
                    [{"field": "names.en", "message": "Field required", "type": "missing"}],
                )
            ),
            "rule-violated": _domain(RuleViolated("a member cannot be its own parent", field="parent"), path),
        },
        428: {
            "precondition-required": _domain(
                PreconditionRequired("send If-Match with the version you read", field="If-Match"), path
            )
        },
        503: {"service-unavailable": _body(outage_problem(path, "database"))},
    }


DESCRIPTIONS: dict[int, str] = {
    401: "No credentials, or not those of an active API client: send `Authorization: Bearer <token>`",
    403: "The client may not do this: it lacks the scope, or acts for another member",
    404: "The path names nothing that exists",
    409: "The current state refuses this write (the problem's `detail` says which move is allowed), or a "
    "concurrent request created the same resource first",
    412: "`If-Match` names a version older than the current one: read the resource again and retry",
    413: "The body is larger than the service accepts",
    415: "The body is not `application/json`",
    422: "The request is not valid (`errors` lists each field at fault) or a rule of the domain refuses it",
    428: "This write needs `If-Match` with the version you read",
    503: "The service's database or Kafka cannot be reached; nothing was changed. Retry after `Retry-After`",
}


# Each problem answer once, under components/responses, referenced by every operation that can give it.
RESPONSE_NAMES: dict[int, str] = {
    401: "Unauthenticated",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "ContentTooLarge",
    415: "UnsupportedMediaType",
    422: "InvalidRequest",
    428: "PreconditionRequired",
    503: "ServiceUnavailable",
}


def problem_response(status: int, description: str | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description or DESCRIPTIONS[status],
        "content": {
            PROBLEM_JSON: {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "examples": {name: {"value": body} for name, body in problem_examples()[status].items()},
            }
        },
    }
    if status == 503:
        response["headers"] = {"Retry-After": _header("Retry-After", "integer")}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": _header("WWW-Authenticate")}
    return response


def _header(name: str, kind: str = "string") -> dict[str, Any]:
    return {**HEADERS[name], "schema": {"type": kind}}


def problem_statuses(method: str, operation: Mapping[str, Any]) -> set[int]:
    """The statuses the shared mechanisms can answer for this operation (see the module's docstring)."""
    parameters = operation.get("parameters", [])
    places = {parameter["in"] for parameter in parameters}
    headers = {parameter["name"].lower() for parameter in parameters if parameter["in"] == "header"}
    statuses = {503}
    if operation.get("security"):
        statuses |= {401, 403}
    if "path" in places:
        statuses.add(404)
    if method in WRITE_METHODS:
        statuses.add(409)
    if "if-match" in headers:
        statuses.add(412)
    if "requestBody" in operation:
        statuses |= {413, 415, 422}
    if parameters:
        statuses.add(422)
    return statuses


def _resolve(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    if "$ref" in schema:
        resolved: Mapping[str, Any] = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return resolved
    return schema


def _success_headers(document: Mapping[str, Any], method: str, operation: dict[str, Any]) -> None:
    parameters = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    for status, response in operation["responses"].items():
        if not status.startswith("2"):
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        versioned = "version" in _resolve(document, schema).get("properties", {})
        names = []
        if versioned or parameters & {"if-match", "if-none-match"}:
            names.append("ETag")
        if status == "201":
            names.append("Location")
        if "idempotency-key" in parameters:
            names.append("Idempotent-Replayed")
        if names:
            response.setdefault("headers", {}).update({name: _header(name) for name in names})


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """Adds the problem answers and success headers to every operation of `document`, in place."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            responses: dict[str, Any] = operation["responses"]
            for code in problem_statuses(method, operation):
                declared = responses.get(str(code))
                if declared is None or _is_fastapi_validation_error(declared):
                    responses[str(code)] = {"$ref": f"#/components/responses/{RESPONSE_NAMES[code]}"}
            # Statuses a route declared itself, with a description and no content of its own.
            for status, declared in list(responses.items()):
                if int(status) >= 400 and "content" not in declared and "$ref" not in declared:
                    responses[status] = problem_response(int(status), declared.get("description"))
            _success_headers(document, method, operation)
            if "428" in responses:
                _require_if_match(operation)
            # In status order, so that the generated documents in docs/openapi/ diff well.
            operation["responses"] = dict(sorted(responses.items()))
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    _text_only(document.get("paths", {}))
    _text_only(schemas)
    schemas["Problem"] = PROBLEM_SCHEMA
    document["components"]["responses"] = {
        name: problem_response(code) for code, name in RESPONSE_NAMES.items()
    }
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


def _is_fastapi_validation_error(response: Mapping[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


def operation_id(route: APIRoute) -> str:
    """A route's operationId unless it names one: its endpoint's name in camelCase (`schedule_meeting`
    is `scheduleMeeting`), so that generated clients get readable method names that stay put."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def install_contract(app: FastAPI) -> None:
    """Completes the app's OpenAPI document once, the first time it is asked for."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
