"""Domain errors and their RFC 9457 problem responses (https://www.rfc-editor.org/rfc/rfc9457).

Services raise typed errors that carry their HTTP status; one set of handlers renders every error,
including request validation and anything unexpected, as `application/problem+json` with a
machine-readable `type` and the field at fault. An outage of the database or of Kafka
(`common.outages`) is a 503 with `Retry-After`, logged as a warning; only a bug is a 500 logged as an error
with its traceback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common import logging as log
from common.outages import RETRY_AFTER_SECONDS, Outage, outage_of
from common.text import ReadableRequest

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://neacoop.org/problems/"
UNIQUE_VIOLATION = "23505"

logger = log.get_logger(__name__)


# The title of each problem type, by slug: the same `type` always has the same title (RFC 9457 §3.1.3),
# whichever handler answers it. Domain errors register theirs; a clash fails at import.
TITLES: dict[str, str] = {}


def problem_type(slug: str, title: str) -> str:
    """Registers `slug`'s title and returns the slug; a second, different title is a bug."""
    known = TITLES.setdefault(slug, title)
    if known != title:
        raise ValueError(f"problem type {slug!r} already has the title {known!r}, not {title!r}")
    return slug


class DomainError(Exception):
    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        problem_type(cls.slug, cls.title)

    @classmethod
    def type_uri(cls) -> str:
        return PROBLEM_BASE + cls.slug

    def __init__(self, detail: str, *, field: str | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extensions = extensions


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict with the current state"


class RuleViolated(DomainError):
    status, slug, title = 422, "rule-violated", "A rule of the domain refuses this"


class Unauthenticated(DomainError):
    status, slug, title = 401, "unauthenticated", "Credentials missing or not valid"


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Not allowed for this client"


class PreconditionFailed(DomainError):
    status, slug, title = 412, "precondition-failed", "The resource changed since you read it"


class PreconditionRequired(DomainError):
    status, slug, title = 428, "precondition-required", "If-Match is required"


def problem(
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extensions.items() if v is not None})
    correlation = log.correlation_id.get()
    if correlation:
        body["correlation_id"] = correlation
    trace_id = log.current_trace_id()
    if trace_id:
        body["trace_id"] = trace_id
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


INVALID_REQUEST = problem_type("invalid-request", "The request is not valid")
UNSUPPORTED_MEDIA_TYPE = problem_type("unsupported-media-type", "Unsupported media type")
SERVICE_UNAVAILABLE = problem_type("service-unavailable", "Service unavailable")
INTERNAL_ERROR = problem_type("internal-error", "Internal error")

LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})


def _field(location: Sequence[int | str]) -> str:
    # FastAPI prefixes where the value came from ("body", "query", ...); callers think in field names.
    parts = location[1:] if location and location[0] in LOCATIONS else location
    return ".".join(str(p) for p in parts)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error becomes a problem response, and the connection stays open after it: domain errors and
    invalid requests (strings that are not text included, `common.text`) by their handlers, outages as a
    503 with Retry-After and anything else as a 500 by `ProblemGuard`."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem(
            status=exc.status,
            slug=exc.slug,
            title=exc.title,
            detail=exc.detail,
            instance=request.url.path,
            field=exc.field,
            headers=headers,
            **exc.extensions,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_problem(
            request.url.path,
            [{"field": _field(e["loc"]), "message": e["msg"], "type": e["type"]} for e in exc.errors()],
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase
        slug = phrase.lower().replace(" ", "-")
        headers = dict(exc.headers) if exc.headers else {}
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return problem(
            status=exc.status_code,
            slug=slug,
            # An unknown path is the same `not-found` as a member that does not exist.
            title=TITLES.get(slug, phrase),
            detail=str(exc.detail),
            instance=request.url.path,
            headers=headers or None,
        )

    @app.exception_handler(IntegrityError)
    async def constraint_violated(request: Request, exc: IntegrityError) -> JSONResponse:
        # Rules are checked before writing; reaching a constraint means a concurrent request won the race
        # (two registrations of one code) or a rule is missing. Either way nothing was written.
        if getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
            return problem(
                status=Conflict.status,
                slug=Conflict.slug,
                title=Conflict.title,
                detail="a concurrent request created the same resource first; read it and retry if needed",
                instance=request.url.path,
            )
        return await unexpected(request, exc)

    # Starlette gives this handler to its outermost ServerErrorMiddleware, which re-raises after answering:
    # it only serves failures outside the guard below (in an outer middleware).
    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_problem(request, exc)

    # Innermost, so that every middleware sees a response rather than an exception, and appended rather
    # than added: `add_middleware` puts a middleware outside those already there.
    app.user_middleware.append(
        Middleware(ReadableRequest, answer=validation_problem, unsupported=unsupported_media_problem)
    )
    app.user_middleware.append(Middleware(ProblemGuard))


def allowed_methods(request: Request) -> str:
    """The `Allow` of a 405: every method of the path (RFC 9110 §15.5.6). Starlette names only those of
    the first route matching the path, while FastAPI makes one route per method: `GET /v1/members/KOR`
    and `PATCH /v1/members/KOR` are two routes, and a 405 for OPTIONS said `Allow: GET` alone."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "\x00"})
        if match is Match.PARTIAL:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


def validation_problem(instance: str, errors: Sequence[Mapping[str, Any]]) -> JSONResponse:
    """The 422 of a request that is not valid, naming the first field at fault and listing each."""
    first = errors[0] if errors else {"field": None, "message": "invalid request"}
    return problem(
        status=422,
        slug=INVALID_REQUEST,
        title=TITLES[INVALID_REQUEST],
        detail=f"{first['field']}: {first['message']}" if first["field"] else str(first["message"]),
        instance=instance,
        field=first["field"] or None,
        errors=list(errors),
    )


def unsupported_media_problem(instance: str, content_type: str) -> JSONResponse:
    """The 415 of a body in another media type than JSON (RFC 9110 §15.5.16); the type sent is named,
    cut short, since a header can be long and is the caller's own."""
    shown = content_type if len(content_type) <= 100 else content_type[:99] + "…"
    return problem(
        status=415,
        slug=UNSUPPORTED_MEDIA_TYPE,
        title=TITLES[UNSUPPORTED_MEDIA_TYPE],
        detail=f"send the body as application/json, not {shown or 'without a Content-Type'}",
        instance=instance,
        field="Content-Type",
        headers={"Accept-Post": "application/json", "Accept-Patch": "application/json"},
    )


def unexpected_problem(request: Request, exc: Exception) -> JSONResponse:
    """The answer to an exception no handler took: a 503 for an outage, a 500 for anything else."""
    path = request.url.path
    unavailable = outage_of(exc)
    if unavailable is not None:
        # Expected while a dependency restarts, and the caller is told to retry: a warning, no traceback.
        logger.warning(f"{unavailable} unreachable", path=path, error=repr(exc))
        return outage_problem(path, unavailable)
    if not_text(exc):
        # ReadableRequest refuses such strings at the door; reaching the database means one came another way.
        logger.warning("text the database cannot store", path=path, error=repr(exc)[:300])
        return validation_problem(
            path,
            [{"field": None, "message": "the request holds a string that is not text", "type": "not_text"}],
        )
    # A bug, never the caller's fault: log it with the correlation id they are shown.
    logger.error("unhandled error", path=path, exc_info=exc)
    return problem(
        status=500,
        slug=INTERNAL_ERROR,
        title=TITLES[INTERNAL_ERROR],
        detail="The request could not be completed; quote the correlation id when reporting it.",
        instance=path,
    )


def outage_problem(path: str, unavailable: Outage) -> JSONResponse:
    """The 503 of an outage of the database or Kafka: nothing was changed, retry after a while."""
    return problem(
        status=503,
        slug=SERVICE_UNAVAILABLE,
        title=TITLES[SERVICE_UNAVAILABLE],
        detail=f"The service's {OUTAGE_NAMES[unavailable]} cannot be reached; nothing was changed. "
        "Retry later.",
        instance=path,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


OUTAGE_NAMES = {"database": "database", "kafka": "event broker (Kafka)"}
# PostgreSQL's character_not_in_repertoire (a NUL in text) and untranslatable_character.
NOT_TEXT_SQLSTATES = frozenset({"22021", "22P05"})


def not_text(exc: BaseException) -> bool:
    """A string that is not text reached the database driver: a NUL, or a lone surrogate that cannot be
    encoded in UTF-8."""
    for link in (exc, getattr(exc, "orig", None), exc.__cause__):
        if getattr(link, "sqlstate", None) in NOT_TEXT_SQLSTATES:
            return True
        if isinstance(link, UnicodeEncodeError) and link.reason == "surrogates not allowed":
            return True
    return False


class ProblemGuard:
    """Turns an exception that no handler took into its problem response, here, inside the middleware.

    Left to Starlette, it reaches ServerErrorMiddleware, which sends the handler's answer and then
    re-raises ("We always continue to raise the exception", starlette/middleware/errors.py), so uvicorn
    logs "Exception in ASGI application" at ERROR with a traceback and closes the connection: every 500
    and 503 cost the client its keep-alive connection and filled the log with tracebacks for outages.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            # Once the answer has begun nothing else can be said; an HTTPException here is a signal of
            # an outer middleware (Starlette's body limit), which answers it itself.
            if started or isinstance(exc, StarletteHTTPException):
                raise
            await unexpected_problem(Request(scope), exc)(scope, receive, send)
        return None
