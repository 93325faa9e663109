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

import json
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts

from common.auth import REFUSALS, Refusal
from common.errors import (
    PROBLEM_JSON,
    Conflict,
    DomainError,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthenticated,
    outage_problem,
    unsupported_media_problem,
    validation_problem,
)
from common.limits import ContentTooLarge, too_large
from common.text import fault

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
EXAMPLE_CORRELATION_ID = "5f0c6a1e9b2d4c7f8a3e1d2c4b5a6978"

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


@dataclass(frozen=True)
class PathParameter:
    """What a path parameter names, for the examples of the routes that take it: `members/{code}` names a
    `member`, for example `KOR`, and `missing` is the 404 the service answers when there is none (`no
    {names} {example}` naming the parameter when not given). Each service declares its own
    (`build_service_app(path_parameters=...)`)."""

    names: str
    example: str
    missing: NotFound | None = None


def refusal(description: str, *examples: DomainError) -> dict[str, Any]:
    """A refusal as one route documents it, in its `responses`: what the status means there, for a partner,
    and the problems it answers (`responses={409: refusal("...", Conflict("..."))}`). `complete` adds the
    `Problem` schema and renders each example for the route (its `instance` is the route's path)."""
    declared: dict[str, Any] = {"description": description}
    if examples:
        bodies = [_domain(error) for error in examples]
        declared["content"] = {PROBLEM_JSON: {"examples": _named(bodies)}}
    return declared


def refused_by(check: Callable[[], object]) -> DomainError:
    """The error `check` raises: an example rendered by the very rule that refuses, so it cannot drift
    (`refused_by(lambda: domain.check_transition("planned", "held"))`)."""
    try:
        check()
    except DomainError as error:
        return error
    raise ValueError(f"{check} refused nothing")


def _body(response: JSONResponse) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(bytes(response.body))
    body["correlation_id"] = EXAMPLE_CORRELATION_ID
    return body


def _domain(error: DomainError, instance: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": error.type_uri(),
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
    }
    if instance:
        body["instance"] = instance
    if error.field:
        body["field"] = error.field
    return {**body, **error.extensions, "correlation_id": EXAMPLE_CORRELATION_ID}


def _named(bodies: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Examples keyed by their problem type, then by the field at fault where one type appears twice."""
    named: dict[str, dict[str, Any]] = {}
    for body in bodies:
        kind = str(body["type"]).rsplit("/", 1)[-1]
        name = kind
        if name in named:
            name = f"{kind}-{body.get('field') or 2}"
        count = 2
        while name in named:
            count += 1
            name = f"{kind}-{count}"
        named[name] = {"value": dict(body)}
    return named


@dataclass(frozen=True)
class _Operation:
    """One operation as `complete` sees it: its path, method and declaration in the document, and what
    its path parameters name."""

    path: str
    method: str
    declared: Mapping[str, Any]
    parameters: Mapping[str, PathParameter]
    refusals: Sequence[Refusal]

    @property
    def instance(self) -> str:
        """The route's path with its parameters' examples: what `instance` is when the route answers."""
        path = self.path
        for name, named in self.parameters.items():
            path = path.replace(f"{{{name}}}", named.example)
        return path


def _path_parameters(path: str, known: Mapping[str, PathParameter]) -> dict[str, PathParameter]:
    found: dict[str, PathParameter] = {}
    for name in re.findall(r"{([^}/]+)}", path):
        segment = path.split(f"{{{name}}}", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        key = f"{segment}/{{{name}}}"
        if key not in known:
            raise KeyError(
                f"{path}: say what {key} names and give an example, in the service's path_parameters"
            )
        found[name] = known[key]
    return found


def _invalid_field(document: Mapping[str, Any], operation: _Operation) -> dict[str, Any]:
    """The error of a request that is not valid, for this route: a required field of its body left out,
    else a field of its body or a parameter that is not text (`common.text`)."""
    body = operation.declared.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        schema = _body_model(document, body["schema"])
        required = schema.get("required", [])
        if required:
            return {"field": required[0], "message": "Field required", "type": "missing"}
        names = list(schema.get("properties", {})) or [None]
        return {"field": names[0], "message": fault("\x00"), "type": "not_text"}
    parameters = operation.declared.get("parameters", [])
    name = next((p["name"] for p in parameters if p["in"] == "path"), parameters[0]["name"])
    return {"field": name, "message": fault("\x00"), "type": "not_text"}


def _request_examples(document: Mapping[str, Any], operation: dict[str, Any]) -> None:
    """Shows the examples declared on a body's model (`json_schema_extra={"examples": [...]}`) on the
    request body itself, where Swagger UI offers them and linters check them against the schema
    (Spectral's `oas3-valid-media-example`; it does not read a schema's `examples`)."""
    media = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if media is None or "examples" in media or "example" in media:
        return
    declared = _body_model(document, media["schema"]).get("examples", [])
    if declared:
        media["examples"] = _numbered(declared)


def _numbered(values: Sequence[Any]) -> dict[str, dict[str, Any]]:
    return {("example" if i == 0 else f"example-{i + 1}"): {"value": value} for i, value in enumerate(values)}


def _body_model(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    for candidate in [schema, *schema.get("anyOf", [])]:
        if "$ref" in candidate:
            return _resolve(document, candidate)
    return schema


def generated_examples(
    document: Mapping[str, Any], operation: _Operation, max_body_bytes: int
) -> dict[int, list[dict[str, Any]]]:
    """Per status, the problems the shared mechanisms answer on this route, rendered by the code that
    answers them, for its path and its service."""
    path = operation.instance
    parameters = operation.parameters
    return {
        401: [
            _domain(Unauthenticated("send `Authorization: Bearer <client id>.<secret>`"), path),
            _domain(Unauthenticated("the credentials are not those of an active API client"), path),
        ],
        # Empty for a route whose authorisation is not common.auth's: the contract test then names it.
        403: [_domain(refused.problem, path) for refused in operation.refusals],
        404: [
            _domain(named.missing or NotFound(f"no {named.names} {named.example}", field=name), path)
            for name, named in parameters.items()
        ],
        409: [
            _domain(
                Conflict("a concurrent request created the same resource first; read it and retry if needed"),
                path,
            )
        ],
        412: [
            _domain(
                PreconditionFailed(
                    'the resource is at version 3, not "2"; read it again and retry',
                    field="If-Match",
                    current_version=3,
                ),
                path,
            )
        ],
        413: [_body(too_large(ContentTooLarge(max_body_bytes), path))],
        415: [_body(unsupported_media_problem(path, "text/plain"))],
        422: [_body(validation_problem(path, [_invalid_field(document, operation)]))]
        if operation.declared.get("requestBody") or operation.declared.get("parameters")
        else [],
        428: [
            _domain(PreconditionRequired("send If-Match with the version you read", field="If-Match"), path)
        ],
        503: [_body(outage_problem(path, "database"))],
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


def _description(status: int, operation: _Operation) -> str:
    """What a status means on this route when the route says nothing of its own."""
    if status == 403 and operation.refusals:
        return "Not allowed for this client: " + ", or ".join(r.reason for r in operation.refusals)
    if status == 404 and operation.parameters:
        named = [f"no {p.names} with this `{name}`" for name, p in operation.parameters.items()]
        return "There is " + ", or ".join(named)
    if status == 422 and "requestBody" not in operation.declared:
        return "A parameter is not valid: `errors` lists each one at fault"
    return DESCRIPTIONS[status]


def problem_response(status: int, description: str, examples: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {
            PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}, "examples": _named(examples)}
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


def _at(body: Mapping[str, Any], instance: str) -> dict[str, Any]:
    """`body` with `instance` in its place, after `detail`, as the server writes it."""
    placed: dict[str, Any] = {}
    for name, value in body.items():
        if name != "instance":
            placed[name] = value
        if name == "detail":
            placed["instance"] = instance
    return placed


def _problems(document: Mapping[str, Any], operation: _Operation, max_body_bytes: int) -> dict[str, Any]:
    """The operation's responses with each problem status completed for this route."""
    responses: dict[str, Any] = dict(operation.declared["responses"])
    statuses = problem_statuses(operation.method, operation.declared)
    statuses |= {int(status) for status in responses if int(status) >= 400}
    generated = generated_examples(document, operation, max_body_bytes)
    for status in statuses:
        declared = responses.get(str(status), {})
        if _is_fastapi_validation_error(declared):
            declared = {}
        media = declared.get("content", {})
        if media and PROBLEM_JSON not in media:
            continue  # a body of the route's own, not a problem (`/readyz`'s 503 readiness report)
        own = [
            _at(example["value"], operation.instance)
            for example in media.get(PROBLEM_JSON, {}).get("examples", {}).values()
        ]
        # A route's own examples come first and the shared mechanisms' still apply, except the generic
        # 409 (a concurrent creation), which a route's own conflicts replace.
        examples = own if status == 409 and own else own + generated[status]
        description = declared.get("description") if str(status) in operation.declared["responses"] else None
        responses[str(status)] = problem_response(
            status, description or _description(status, operation), [dict(body) for body in examples]
        )
    return responses


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
            operation = _Operation(
                path=path,
                method=method,
                declared=declared,
                parameters=_path_parameters(path, path_parameters),
                refusals=refusals.get((method, path), ()),
            )
            _request_examples(document, declared)
            responses = _problems(document, operation, max_body_bytes)
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


def _is_fastapi_validation_error(response: Mapping[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


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
