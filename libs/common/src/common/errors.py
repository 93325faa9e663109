"""Domain errors and their RFC 9457 problem responses (https://www.rfc-editor.org/rfc/rfc9457).

Services raise typed errors that carry their HTTP status; one set of handlers renders every error,
including request validation and anything unexpected, as `application/problem+json` with a
machine-readable `type` and the field at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from common import logging as log
from common.db import is_database_outage

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://neacoop.org/problems/"
UNIQUE_VIOLATION = "23505"

logger = log.get_logger(__name__)


class DomainError(Exception):
    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

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
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})


def _field(location: Sequence[int | str]) -> str:
    # FastAPI prefixes where the value came from ("body", "query", ...); callers think in field names.
    parts = location[1:] if location and location[0] in LOCATIONS else location
    return ".".join(str(p) for p in parts)


def install_problem_handlers(app: FastAPI) -> None:
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
        errors = [
            {
                "field": _field(e["loc"]),
                "message": e["msg"],
                "type": e["type"],
            }
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        return problem(
            status=422,
            slug="invalid-request",
            title="The request is not valid",
            detail=f"{first['field']}: {first['message']}" if first["field"] else str(first["message"]),
            instance=request.url.path,
            field=first["field"] or None,
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase
        return problem(
            status=exc.status_code,
            slug=phrase.lower().replace(" ", "-"),
            title=phrase,
            detail=str(exc.detail),
            instance=request.url.path,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(IntegrityError)
    async def constraint_violated(request: Request, exc: IntegrityError) -> JSONResponse:
        # Rules are checked before writing; reaching a constraint means a concurrent request won the race
        # (two registrations of one code) or a rule is missing. Either way nothing was written.
        if getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
            return problem(
                status=409,
                slug="conflict",
                title="Conflict with the current state",
                detail="a concurrent request created the same resource first; read it and retry if needed",
                instance=request.url.path,
            )
        return await unexpected(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_database_outage(exc):
            logger.warning("database unreachable", path=request.url.path, error=repr(exc))
            return problem(
                status=503,
                slug="service-unavailable",
                title="Service unavailable",
                detail="The service's database cannot be reached; nothing was changed. Retry later.",
                instance=request.url.path,
                headers={"Retry-After": "5"},
            )
        # A bug or an outage, never the caller's fault: log it with the correlation id they are shown.
        logger.exception("unhandled error", path=request.url.path)
        return problem(
            status=500,
            slug="internal-error",
            title="Internal error",
            detail="The request could not be completed; quote the correlation id when reporting it.",
            instance=request.url.path,
        )
