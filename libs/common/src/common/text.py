"""Strings are text: a NUL or a lone surrogate is refused at the door, with a 422 naming the field.

Neither is text every layer can hold. PostgreSQL's text types cannot store the NUL character (U+0000)
("invalid byte sequence for encoding "UTF8": 0x00", https://www.postgresql.org/docs/current/datatype-character.html),
and a lone surrogate (U+D800 to U+DFFF) is not a Unicode scalar value, so it cannot be encoded in UTF-8
(https://www.unicode.org/versions/latest/ch03.pdf, D76 and D92) and asyncpg fails to send it. JSON
lets a client write both as `\\u0000` and `\\ud800`, and Python's json module decodes them as they are;
a path or a query string carries a NUL as `%00`, and percent-encoded bytes that are not UTF-8 (a
surrogate's `%ED%A0%80`) would otherwise be turned silently into U+FFFD by the server.

`ReadableRequest` is an ASGI middleware that every service gets through `install_problem_handlers`, so no
route can forget it: it reads the path parameters (matching the app's routes to name them), the query
string and a JSON body (as FastAPI decides to parse one: a JSON media type, or none), and answers a 422
listing every field at fault, named as FastAPI names fields: `title.en`, `code`, `status`,
`outcomes.0.summary`. The body is read once here for a second purpose: it must be I-JSON
(common.ijson: not nested without end, no duplicate names, numbers every reader keeps), and a body of
any other media type is a 415.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common import ijson

NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
# Enough to show a client each kind of mistake without building a large answer for a hostile body.
MAX_REPORTED = 20

Answer = Callable[[str, Sequence[Mapping[str, Any]]], Response]
# The answer to a body of another media type than JSON: (path, the Content-Type sent).
Unsupported = Callable[[str, str], Response]


def fault(value: str) -> str | None:
    """Why `value` is not text, or None when it is."""
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "holds a NUL character (U+0000), which text cannot hold"
    return (
        f"holds a lone surrogate (U+{ord(found.group()):04X}) or bytes that are not UTF-8, which are not text"
    )


def printable(name: str) -> str:
    """A field name that can be shown, even when the name itself is at fault (a JSON key, a query key)."""
    return NOT_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def json_faults(document: Any) -> Iterator[tuple[str, str]]:
    """(field, reason) for each string of a decoded JSON document, key or value, that is not text.

    Iterative, and each field's name is only spelled out when it is at fault, so a deeply nested
    document costs neither stack nor time here.
    """
    pending: list[tuple[_Path, Any]] = [(None, document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            reason = fault(value)
            if reason:
                yield _spelled(path), reason
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                name = (path, printable(key))
                reason = fault(key)
                if reason:
                    yield _spelled(name), f"the key {reason.removeprefix('holds ')}"
                pending.append((name, item))
        elif isinstance(value, list):
            pending.extend(((path, str(index)), item) for index, item in reversed(list(enumerate(value))))


# A field's name as a chain of (parent, segment), so a child does not copy its parent's name.
_Path = tuple["_Path", str] | None


def _spelled(path: _Path) -> str:
    segments: list[str] = []
    while path is not None:
        path, segment = path
        segments.append(segment)
    return ".".join(reversed(segments))


def _strict_path(scope: Scope) -> str:
    """The request's path decoded from its raw bytes, where bytes that are not UTF-8 stay visible as lone
    surrogates (surrogateescape) instead of becoming U+FFFD as in `scope["path"]`."""
    raw: bytes | None = scope.get("raw_path")
    if raw is None:
        return str(scope["path"])
    return unquote_to_bytes(raw.split(b"?", 1)[0]).decode("utf-8", "surrogateescape")


def path_faults(scope: Scope) -> Iterator[tuple[str, str]]:
    path = _strict_path(scope)
    if not NOT_TEXT.search(path):
        return
    # Named as the route declares its parameters; a path that no route knows is named `path`. Only a
    # request at fault pays for the walk over the routes.
    app = scope.get("app")
    for route in iter_route_contexts(getattr(app, "routes", ())):
        template = route.path
        if not isinstance(template, str):
            continue
        regex, _, convertors = compile_path(template)
        match = regex.match(path)
        if match is None:
            continue
        for name in convertors:
            reason = fault(match.group(name))
            if reason:
                yield name, reason
        return
    yield "path", fault(path) or ""


def query_faults(scope: Scope) -> Iterator[tuple[str, str]]:
    query: bytes = scope.get("query_string", b"")
    # Starlette decodes the query as UTF-8 with errors="replace"; surrogateescape keeps the faults visible.
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True, errors="surrogateescape"):
        reason = fault(key)
        if reason:
            yield printable(key), f"the key {reason.removeprefix('holds ')}"
        reason = fault(value)
        if reason:
            yield printable(key), reason


def unknown_query_parameters(scope: Scope) -> Iterator[tuple[str, str]]:
    """(name, reason) for each query parameter the operation's OpenAPI document does not declare, and
    each one it declares once given several times.

    Ignored, a misspelt filter (`?staus=participant`) answers every member as if it had been obeyed, and
    of `?cursor=a&cursor=b` only one would be read; the document is what a partner reads, so what it
    declares is what the server takes. Routes outside the document (`/docs`, `/openapi.json`) take
    anything.
    """
    query: bytes = scope.get("query_string", b"")
    if not query:
        return
    declared = _declared_query_parameters(scope)
    if declared is None:
        return
    seen: set[str] = set()
    for key, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True, errors="surrogateescape"):
        if key not in declared:
            takes = ", ".join(sorted(declared)) or "no query parameters"
            yield printable(key), f"is not a query parameter of this operation, which takes {takes}"
        elif key in seen and not declared[key]:
            yield printable(key), "is given more than once; it takes one value"
        seen.add(key)


# Per operation: its path as a pattern, its method, and its query parameters with whether each takes a list.
_Operations = list[tuple[re.Pattern[str], str, dict[str, bool]]]


def _declared_query_parameters(scope: Scope) -> dict[str, bool] | None:
    app = scope.get("app")
    openapi = getattr(app, "openapi", None)
    if openapi is None:
        return None
    state = app.state  # type: ignore[union-attr]
    operations: _Operations | None = getattr(state, "query_parameters", None)
    if operations is None:
        operations = [
            (
                compile_path(template)[0],
                method.upper(),
                {
                    p["name"]: _takes_a_list(p["schema"])
                    for p in operation.get("parameters", [])
                    if p["in"] == "query"
                },
            )
            for template, item in openapi().get("paths", {}).items()
            for method, operation in item.items()
            if isinstance(operation, dict) and "responses" in operation
        ]
        state.query_parameters = operations
    path, method = _strict_path(scope), scope["method"]
    for pattern, operation_method, names in operations:
        if operation_method == method and pattern.match(path):
            return names
    return None


def _takes_a_list(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "array" or any(_takes_a_list(s) for s in schema.get("anyOf", ()))


def parses_as_json(content_type: str | None) -> bool:
    """Whether FastAPI reads the body as JSON (fastapi/routing.py: no content type, or a JSON one)."""
    if not content_type:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class ReadableRequest:
    """Refuses a request whose path parameters, query or JSON body hold a string that is not text, whose
    query names a parameter the operation does not declare, whose JSON body is not I-JSON (common.ijson),
    all with a 422 listing each field at fault, or that sends a body in any other media type than JSON (a
    415: every body this API reads is JSON)."""

    def __init__(self, app: ASGIApp, *, answer: Answer, unsupported: Unsupported) -> None:
        self.app = app
        self.answer = answer
        self.unsupported = unsupported

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        faults: list[tuple[str, str | None, str, str]] = [
            ("path", *f, "not_text") for f in path_faults(scope)
        ]
        faults += [("query", *f, "not_text") for f in query_faults(scope)]
        faults += [("query", *f, "unknown_parameter") for f in unknown_query_parameters(scope)]
        request = Request(scope)
        content_type = request.headers.get("content-type")
        if scope["method"] not in ("GET", "HEAD"):
            body, receive = await _buffered(receive)
            if body and not parses_as_json(content_type):
                # Left to FastAPI, such a body reaches validation as bytes: a 422 that never says why.
                return await self.unsupported(request.url.path, content_type or "")(scope, receive, send)
            faults += [("body", *f) for f in _body_faults(body)]
        if not faults:
            return await self.app(scope, receive, send)
        errors = [
            {"field": field, "in": where, "message": reason, "type": kind}
            for where, field, reason, kind in faults[:MAX_REPORTED]
        ]
        return await self.answer(request.url.path, errors)(scope, receive, send)


def _body_faults(body: bytes) -> list[tuple[str | None, str, str]]:
    if not body:
        return []
    faults = list(itertools.islice(ijson.faults(body), MAX_REPORTED))
    if faults:
        return faults
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return []  # not JSON: FastAPI answers that itself, naming where the JSON breaks
    return [
        (field, reason, "not_text") for field, reason in itertools.islice(json_faults(document), MAX_REPORTED)
    ]


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """Reads the whole body, and a `receive` that hands it on to the app as if it had not been read."""
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            # The client went away; let the app find out the same way.
            return b"", _replaying([message], receive)
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    return body, _replaying([{"type": "http.request", "body": body, "more_body": False}], receive)


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return replay
