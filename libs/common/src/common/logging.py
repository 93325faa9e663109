"""JSON logs, with the correlation id and the actor of the request or event being handled on every line.

The id comes from the `X-Correlation-ID` header (or is made up), is echoed in the response, travels in
the `ce_correlationid` attribute of every event recorded while handling it, and is bound again by the
consumer that handles that event, so one id follows a change across services.

The actor is who makes the change (DESIGN rule 6): bound by the authentication dependency to the API
client's id (or `admin`), and by the consumer runner to the consuming service's name, since what a
service records while applying another's event is its own derivation; the actor of the event being
applied is then on the log lines as `event_actor`. Every event recorded meanwhile carries the actor.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from contextvars import ContextVar

import structlog
import structlog.tracebacks
from opentelemetry import trace
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
actor: ContextVar[str | None] = ContextVar("actor", default=None)

CORRELATION_HEADER = "X-Correlation-ID"

# What a caller's correlation id may be: a short token. It is copied into every event the request records
# and echoed back, so anything longer or stranger (a 1.1 MB header made an event larger than Kafka accepts,
# issue #12) is replaced by a fresh id rather than refused: the id is for tracing, never worth a failed write.
CORRELATION_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class _Stderr:
    """Standard error as it is when a line is written, not when logging was configured. Loggers are
    cached on first use; a test that captures standard error (pytest's `capsys`) swaps `sys.stderr` for
    a stream it closes afterwards, and a logger still holding that stream would fail on every later line."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def current_trace_id() -> str | None:
    """The trace id of the current span (common.tracing), as the W3C traceparent spells it."""
    context = trace.get_current_span().get_span_context()
    return trace.format_trace_id(context.trace_id) if context.is_valid else None


def add_trace_ids(
    _logger: object, _method: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    """Puts the current span's trace and span ids on the line, so that a log line leads to its trace."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", trace.format_trace_id(context.trace_id))
        event.setdefault("span_id", trace.format_span_id(context.span_id))
    return event


def configure_logging(*, service: str, level: str = "INFO") -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        add_trace_ids,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            *shared,
            # Tracebacks without local variables: they would carry request bodies and secrets into logs.
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
            ),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(_Stderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    # Library loggers (uvicorn, aiokafka, sqlalchemy) go through the same JSON renderer.
    handler = logging.StreamHandler(_Stderr())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # uvicorn installs its own plain-text handlers; send its lines through ours instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    for noisy in ("aiokafka", "kafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def bind_correlation(value: str | None) -> str:
    """Binds the correlation id (a fresh one unless `value` is a bounded token); returns the id bound. Used
    for requests and consumed events alike, so nothing unbounded reaches an event from either. The trace
    is not bound here: it is the current span's (common.tracing), which continues the caller's."""
    value = value if value and CORRELATION_ID.fullmatch(value) else str(uuid.uuid4())
    correlation_id.set(value)
    structlog.contextvars.bind_contextvars(correlation_id=value)
    return value


def bind_actor(value: str | None, *, event_actor: str | None = None) -> None:
    """Who is acting from here on in this context: the events recorded now carry it, and so do the logs.

    `event_actor` is the actor of a consumed event being applied; it only goes on the log lines.
    """
    actor.set(value)
    # Unbound when absent, so that a line never shows the actor of an earlier request or record.
    structlog.contextvars.unbind_contextvars("actor", "event_actor")
    bound = {"actor": value, "event_actor": event_actor}
    structlog.contextvars.bind_contextvars(**{key: v for key, v in bound.items() if v})


class Correlation:
    """Binds each HTTP request's correlation id (`bind_correlation`), and no actor yet, and echoes the id
    on the answer.

    Pure ASGI rather than a `@app.middleware("http")` function: Starlette runs those through
    BaseHTTPMiddleware, which starts the app in a task of its own and streams every response body through
    a memory channel, a cost paid on every request (issue #15)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        value = bind_correlation(headers.get(CORRELATION_HEADER))
        # Nobody until the authentication dependency says who; a read without credentials stays anonymous.
        bind_actor(None)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[CORRELATION_HEADER] = value
            await send(message)

        await self.app(scope, receive, send_with_id)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
