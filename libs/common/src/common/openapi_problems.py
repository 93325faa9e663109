"""The problem answers of the HTTP contract (`common.openapi`): which statuses the shared mechanisms can
answer on an operation, what each means there, and examples rendered by the same functions that answer
them, for the route itself. A route's own refusals are declared with `refusal` and `refused_by`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse

from common.auth import Refusal
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
EXAMPLE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"

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
        "trace_id": {
            "type": "string",
            "pattern": "^[0-9a-f]{32}$",
            "description": "The W3C trace id of the request (https://www.w3.org/TR/trace-context/): the "
            "operator finds every span and log line of the request by it",
        },
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
    body["trace_id"] = EXAMPLE_TRACE_ID
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
    return {
        **body,
        **error.extensions,
        "correlation_id": EXAMPLE_CORRELATION_ID,
        "trace_id": EXAMPLE_TRACE_ID,
    }


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
class Operation:
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


def path_parameters_of(path: str, known: Mapping[str, PathParameter]) -> dict[str, PathParameter]:
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


def _invalid_field(document: Mapping[str, Any], operation: Operation) -> dict[str, Any]:
    """The error of a request that is not valid, for this route: a required field of its body left out,
    else a field of its body or a parameter that is not text (`common.text`)."""
    body = operation.declared.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        schema = body_model(document, body["schema"])
        required = schema.get("required", [])
        if required:
            return {"field": required[0], "message": "Field required", "type": "missing"}
        names = list(schema.get("properties", {})) or [None]
        return {"field": names[0], "message": fault("\x00"), "type": "not_text"}
    parameters = operation.declared.get("parameters", [])
    name = next((p["name"] for p in parameters if p["in"] == "path"), parameters[0]["name"])
    return {"field": name, "message": fault("\x00"), "type": "not_text"}


def body_model(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    for candidate in [schema, *schema.get("anyOf", [])]:
        if "$ref" in candidate:
            return resolve(document, candidate)
    return schema


def generated_examples(
    document: Mapping[str, Any], operation: Operation, max_body_bytes: int
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


def _description(status: int, operation: Operation) -> str:
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
        response["headers"] = {"Retry-After": header("Retry-After", "integer")}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": header("WWW-Authenticate")}
    return response


def header(name: str, kind: str = "string") -> dict[str, Any]:
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


def resolve(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    if "$ref" in schema:
        resolved: Mapping[str, Any] = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return resolved
    return schema


def _at(body: Mapping[str, Any], instance: str) -> dict[str, Any]:
    """`body` with `instance` in its place, after `detail`, as the server writes it."""
    placed: dict[str, Any] = {}
    for name, value in body.items():
        if name != "instance":
            placed[name] = value
        if name == "detail":
            placed["instance"] = instance
    return placed


def problems(document: Mapping[str, Any], operation: Operation, max_body_bytes: int) -> dict[str, Any]:
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


def _is_fastapi_validation_error(response: Mapping[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))
