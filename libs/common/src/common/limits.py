"""How much a client may send, declared once for every service (issue #12).

Without limits one partner's write could stall a whole service: a 1.1 MB title made an event larger than
Kafka accepts, and the outbox relay, which publishes in order, retried it for ever. So every string a
client sends has a length and every list a number of items, documented in OpenAPI (`maxLength`,
`maxItems`) and enforced by pydantic (a 422 naming the field); whole bodies are bounded by
`BodyLimit` (a 413), the correlation id is a short token (common.logging), and an event that would
still be too large is refused at the write (common.messaging.outbox).

Lengths are in characters, as JSON Schema counts them (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.3.1);
a UTF-8 character takes up to four bytes, which the event's byte limit allows for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import EmailStr, Field, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.errors import TITLES, problem, problem_type

CONTENT_TOO_LARGE = problem_type("content-too-large", "Content too large")

# Codes and identifiers: member codes (KOR, TRM+), issue areas (nuclear_safety), ids (UUIDs).
CODE_MAX_LENGTH = 64
# A person's, a client's or an organisation's name; a city.
NAME_MAX_LENGTH = 200
# A title or a name in one language (common.i18n.Multilingual).
TITLE_MAX_LENGTH = 500
# Free text: a reason, a summary, an outcome's text, a justification, a note.
TEXT_MAX_LENGTH = 10_000
# Browsers and most servers stop around 2 000 characters; pydantic's HttpUrl at 2 083.
URL_MAX_LENGTH = 2_048
# RFC 5321 §4.5.3.1.3: a path is at most 256 octets, of which the address takes 254.
EMAIL_MAX_LENGTH = 254
# Secrets and event type names.
TOKEN_MAX_LENGTH = 256
# A header value a write quotes back or keeps: Idempotency-Key, If-Match.
HEADER_MAX_LENGTH = 200
# A count a client declares (a mechanism's members where the list is unknown): far below INTEGER's 2**31,
# which a larger value would overflow in the middle of the write.
COUNT_MAX = 100_000
# Items in one list: the members of a meeting or a mechanism (ARF declares 27), filters, agreements.
LIST_MAX_ITEMS = 200
# Entries of one section of a bulk import (the reference file holds a few dozen).
IMPORT_MAX_ITEMS = 2_000

# Text with more than white space, and no NUL (common.text): what a stripped string of one character or
# more is, said as the document's pattern, since `minLength: 1` alone promises that " " is taken.
# Python strips U+001C to U+001F and U+0085 too (str.isspace), which ECMA-262's `\s` leaves out.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u001c-\\u001f\\u0085\\u0000][^\\u0000]*$"


@dataclass(frozen=True)
class NotBlank:
    """Publishes `NOT_BLANK` as the pattern of a string the server strips before counting it."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        # A pattern of the string's own (a code's capitals) already says more.
        schema.setdefault("pattern", NOT_BLANK)
        return schema


Code = Annotated[
    str, StringConstraints(min_length=1, max_length=CODE_MAX_LENGTH, strip_whitespace=True), NotBlank()
]

Name = Annotated[
    str, StringConstraints(min_length=1, max_length=NAME_MAX_LENGTH, strip_whitespace=True), NotBlank()
]
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=TITLE_MAX_LENGTH, strip_whitespace=True), NotBlank()
]
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=TEXT_MAX_LENGTH, strip_whitespace=True), NotBlank()
]
# Free text that may be empty, kept as sent.
Note = Annotated[str, StringConstraints(max_length=TEXT_MAX_LENGTH)]
Url = Annotated[str, StringConstraints(max_length=URL_MAX_LENGTH)]
Email = Annotated[EmailStr, Field(max_length=EMAIL_MAX_LENGTH)]
Token = Annotated[str, StringConstraints(max_length=TOKEN_MAX_LENGTH)]
Identifier = Annotated[str, StringConstraints(max_length=CODE_MAX_LENGTH)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]


class ContentTooLarge(HTTPException):
    """413 (RFC 9110 §15.5.14): the body is longer than the service accepts; nothing was changed."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes, the most this API accepts")
        self.limit = limit


class BodyLimit:
    """ASGI middleware refusing request bodies over `max_bytes` with a 413 problem.

    It checks the declared Content-Length before the app runs and counts the bytes as they stream in,
    since a chunked body declares no length (or a client may declare less than it sends). Pure ASGI
    rather than Starlette's BaseHTTPMiddleware, which cannot wrap `receive`.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised inside the route's body read; FastAPI passes HTTPExceptions on to the
                    # problem handlers (common.errors), which answer 413.
                    raise ContentTooLarge(self.max_bytes)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except ContentTooLarge:
            # Where no handler turned it into an answer (a body read outside a route), answer here.
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await too_large(ContentTooLarge(self.max_bytes), scope.get("path"))(scope, receive, send)


def too_large(exc: ContentTooLarge, path: str | None) -> JSONResponse:
    # Python 3.11 still calls 413 "Request Entity Too Large"; RFC 9110 renamed it "Content Too Large".
    return problem(
        status=413,
        slug=CONTENT_TOO_LARGE,
        title=TITLES[CONTENT_TOO_LARGE],
        detail=str(exc.detail),
        instance=path,
        max_bytes=exc.limit,
    )


def install_body_limit(app: FastAPI, *, max_bytes: int) -> None:
    """Bounds request bodies of `app`; call it before the middleware that binds the correlation id, so
    that the 413 carries the id as every other problem does."""

    async def refuse(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ContentTooLarge)
        return too_large(exc, request.url.path)

    app.add_exception_handler(ContentTooLarge, refuse)
    app.add_middleware(BodyLimit, max_bytes=max_bytes)
