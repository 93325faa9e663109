"""OpenTelemetry tracing, set up once per process: spans for HTTP requests, SQL, outgoing HTTP and the
Kafka publish and process of every event, exported over OTLP/HTTP when an endpoint is configured.

Unless the SDK is disabled (below), the server span of each HTTP request and the Kafka spans are always
made, so the trace and span ids on log lines and problem responses are real ones and travel to the next
service; but until something consumes them (an exporter, a test's in-memory one) they are not recorded:
the sampler drops them, and a dropped span is ids and nothing else. The spans of SQL statements and of
outgoing HTTP, many per request, are made only from the moment something consumes spans: dropped ones
cost a write about a fifth of its CPU (`make bench`, the tracing benchmark).

`OTEL_SDK_DISABLED=true`, OpenTelemetry's own switch
(https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration),
leaves the SDK out altogether: no tracer provider is installed and nothing is instrumented, so every span is
the API's no-op one. A request then has no trace id (its log lines and its problem answer carry none) and
the events it records carry fresh ids flagged as not sampled; a consumed record's traceparent is passed on
unchanged (the API propagates a context it cannot record), so the lines of its processing, what it
records in turn and the deliveries it causes keep the trace id of the event. Webhooks carry no
`traceparent` header. It is the "no tracing at all" baseline that `make bench` measures the default
against, and an operator's switch.

The exporter is configured by `NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT` (the base URL of an OTLP/HTTP
receiver, `/v1/traces` appended) or by the standard variables the SDK reads itself
(https://opentelemetry.io/docs/specs/otel/protocol/exporter/): `OTEL_EXPORTER_OTLP_ENDPOINT`,
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, their headers and timeouts.

The trace crosses Kafka as the CloudEvents distributed-tracing extension says
(https://github.com/cloudevents/spec/blob/main/cloudevents/extensions/distributed-tracing.md): the event
keeps the traceparent of the span that recorded it, the relay's publish span is that span's child and
sends its own traceparent in the record's headers, and the consumer's process span continues from there.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from typing import Any

from fastapi import FastAPI
from opentelemetry import context as otel_context
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.propagators.textmap import Getter
from opentelemetry.sdk.environment_variables import OTEL_SDK_DISABLED
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, Sampler, SamplingResult
from opentelemetry.trace import Link, SpanKind, TraceState, format_span_id, format_trace_id
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import Attributes
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from common import logging as log

TRACER_NAME = "neacoop"
SQLALCHEMY_SCOPE = "opentelemetry.instrumentation.sqlalchemy"
# Probes and scrapes come every few seconds and say nothing about a change; they would drown the traces.
UNTRACED_PATHS = "healthz,readyz,metrics"
STANDARD_ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")

_propagator = TraceContextTextMapPropagator()
_ids = RandomIdGenerator()
logger = log.get_logger(__name__)


@cache
def sdk_disabled() -> bool:
    """`OTEL_SDK_DISABLED=true` (case-insensitive, as the SDK reads it): read once per process, like the
    SDK's own components read it once, at construction."""
    return os.environ.get(OTEL_SDK_DISABLED, "").strip().lower() == "true"


class _WhileConsumed(Sampler):
    """Records spans (following the parent's decision, as OpenTelemetry's default does) once something
    consumes them, and drops them before: `record_spans` turns it on for the rest of the process."""

    def __init__(self) -> None:
        self.consumed = False
        self._recording = ParentBased(ALWAYS_ON)

    def should_sample(
        self,
        parent_context: otel_context.Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        sampler = self._recording if self.consumed else ALWAYS_OFF
        return sampler.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return "WhileConsumed{ParentBased{AlwaysOn}}" if self.consumed else "WhileConsumed{off}"


_sampler = _WhileConsumed()


def record_spans(processor: SpanProcessor) -> None:
    """Hands every span finished from now on to `processor` (an exporter's, a test's in-memory one)."""
    if sdk_disabled():
        raise RuntimeError(f"{OTEL_SDK_DISABLED}=true: no span is made, so none can be recorded")
    provider().add_span_processor(processor)
    if not _sampler.consumed:
        _sampler.consumed = True
        _instrument_clients()


def provider(service: str = "neacoop") -> TracerProvider:
    """The process's SDK tracer provider, installed on first use and named after the service that installed
    it. OpenTelemetry allows one global provider per process; a test process runs several services, which
    then share the first one's (tests add their in-memory exporter to it)."""
    current = trace.get_tracer_provider()
    if not isinstance(current, TracerProvider):
        resource = Resource.create({SERVICE_NAME: service})
        trace.set_tracer_provider(TracerProvider(resource=resource, sampler=_sampler))
        current = trace.get_tracer_provider()
        assert isinstance(current, TracerProvider)
    return current


# The engines of this process, to be given SQL spans once spans are consumed (`instrument_engine`).
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _instrument_clients() -> None:
    """SQL and outgoing HTTP spans, from the moment something consumes spans: until then a span per
    statement or request would be made and dropped for nothing (the tracing benchmark measured them at
    about a fifth of a write's CPU). Server and Kafka spans are always made: their ids are on the log
    lines and problem responses and travel to the next service."""
    # Outgoing HTTP (the webhook sends) is traced by every httpx client the process makes.
    HTTPXClientInstrumentor().instrument(tracer_provider=provider())
    for engine in list(_engines):
        _trace_statements(engine)


_exporting_to: set[str] = set()


def configure_tracing(*, service: str, otlp_endpoint: str | None) -> TracerProvider | None:
    """Makes sure spans are made, and exported when an OTLP endpoint is configured (ours or the standard
    variables); with `OTEL_SDK_DISABLED=true`, neither (None: no provider). Called from a service's
    lifespan: nothing connects at import time."""
    if sdk_disabled():
        configured = otlp_endpoint or any(os.environ.get(name) for name in STANDARD_ENDPOINT_VARIABLES)
        # Said once at start, so that an operator who set an endpoint as well knows which one won.
        logger.info(
            "tracing disabled",
            reason=f"{OTEL_SDK_DISABLED}=true",
            **({"ignored": "the OTLP endpoint configured"} if configured else {}),
        )
        return None
    tracing = provider(service)
    if otlp_endpoint:
        endpoint = otlp_endpoint.rstrip("/") + "/v1/traces"
    elif any(os.environ.get(name) for name in STANDARD_ENDPOINT_VARIABLES):
        endpoint = ""  # the exporter reads the standard variables itself
    else:
        return tracing
    if endpoint not in _exporting_to:
        _exporting_to.add(endpoint)
        exporter = OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
        record_spans(BatchSpanProcessor(exporter))
    return tracing


def instrument_app(app: FastAPI) -> None:
    """A server span per HTTP request, named by its route template, continuing the caller's traceparent."""
    if sdk_disabled():
        return
    # The global provider, through OpenTelemetry's proxy: it is installed later, by the lifespan.
    FastAPIInstrumentor.instrument_app(app, excluded_urls=UNTRACED_PATHS, exclude_spans=["receive", "send"])


def instrument_engine(engine: AsyncEngine) -> None:
    """A client span per SQL statement of the engine.

    The instrumentation's tracer is attached to this engine directly: `SQLAlchemyInstrumentor.instrument`
    acts once per process, and a test process starts many services, each with engines of its own."""
    if sdk_disabled():
        return
    if _sampler.consumed:
        _trace_statements(engine.sync_engine)
    else:
        _engines.add(engine.sync_engine)


def _trace_statements(engine: Engine) -> None:
    EngineTracer(  # type: ignore[no-untyped-call]  # the instrumentation ships without annotations
        trace.get_tracer(SQLALCHEMY_SCOPE, tracer_provider=provider()),
        engine,
        # The instrumentation counts pool connections as an OpenTelemetry metric; /metrics is Prometheus's
        # client, so the counter goes to the no-op meter.
        metrics.get_meter(SQLALCHEMY_SCOPE).create_up_down_counter("db.client.connections.usage"),
    )


def untraced() -> AbstractContextManager[None]:
    """Background polling (the outbox relay's passes, housekeeping) makes no spans of its own: a trace per
    poll every second would bury the traces of changes. Work done for an event starts from its own context."""
    return suppress_instrumentation()


def tracer() -> trace.Tracer:
    if sdk_disabled():
        # The API's own: a no-op tracer, which passes a parent's context through and records nothing.
        return trace.get_tracer(TRACER_NAME)
    return provider().get_tracer(TRACER_NAME)


def current_traceparent() -> str | None:
    """The W3C traceparent of the current span, or None outside any span."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def traceparent_of(span: trace.Span) -> str:
    context = span.get_span_context()
    ids = f"{format_trace_id(context.trace_id)}-{format_span_id(context.span_id)}"
    return f"00-{ids}-{int(context.trace_flags):02x}"


def unsampled_traceparent() -> str:
    """A traceparent for an event recorded outside any span (a tool run by hand): fresh ids, flagged as
    not sampled, since no span of that id was recorded anywhere."""
    trace_id, span_id = _ids.generate_trace_id(), _ids.generate_span_id()
    return f"00-{format_trace_id(trace_id)}-{format_span_id(span_id)}-00"


def context_from_traceparent(traceparent: str | None) -> otel_context.Context:
    """The context to start a child of `traceparent` in; an empty one (a new trace) when it is absent or
    not a valid W3C traceparent, as the recommendation says a receiver should. Never the current context:
    the relay polls with instrumentation suppressed (common.app)."""
    carrier = {"traceparent": traceparent} if traceparent else {}
    return _propagator.extract(carrier, context=otel_context.Context())


class _KafkaHeaders(Getter[Sequence[tuple[str, bytes]]]):
    def get(self, carrier: Sequence[tuple[str, bytes]], key: str) -> list[str] | None:
        values = [raw.decode(errors="replace") for name, raw in carrier if name == key and raw is not None]
        return values or None

    def keys(self, carrier: Sequence[tuple[str, bytes]]) -> list[str]:
        return [name for name, _ in carrier]


def context_from_headers(headers: Sequence[tuple[str, bytes]]) -> otel_context.Context:
    # From an empty context, not the current one: the relay's and consumers' own polling runs with
    # instrumentation suppressed (common.app), and the work done for a record must be traced.
    return _propagator.extract(headers, context=otel_context.Context(), getter=_KafkaHeaders())


def kafka_attributes(
    *, operation: str, topic: str, event_id: str | None = None, **more: Any
) -> Mapping[str, Any]:
    """The messaging semantic conventions' attributes of a Kafka span
    (https://opentelemetry.io/docs/specs/semconv/messaging/kafka/)."""
    attributes: dict[str, Any] = {
        "messaging.system": "kafka",
        "messaging.operation.type": operation,
        "messaging.operation.name": operation,
        "messaging.destination.name": topic,
    }
    if event_id is not None:
        attributes["messaging.message.id"] = event_id
    attributes.update({key: value for key, value in more.items() if value is not None})
    return attributes


@contextmanager
def consumer_span(
    *, topic: str, headers: Sequence[tuple[str, bytes]], attributes: Mapping[str, Any]
) -> Iterator[trace.Span]:
    """The current span while a consumed record is processed: a child of the publish span whose
    traceparent the record carries."""
    with _current_span_in(
        context_from_headers(headers), f"process {topic}", kind=SpanKind.CONSUMER, attributes=attributes
    ) as span:
        yield span


@contextmanager
def continued_span(
    name: str, *, traceparent: str | None, kind: SpanKind, attributes: Mapping[str, Any] | None = None
) -> Iterator[trace.Span]:
    """The current span of background work done for something recorded earlier under `traceparent` (a
    delivery sent for the event that caused it): its child, in the same trace."""
    with _current_span_in(
        context_from_traceparent(traceparent), name, kind=kind, attributes=attributes
    ) as span:
        yield span


@contextmanager
def _current_span_in(
    context: otel_context.Context, name: str, *, kind: SpanKind, attributes: Mapping[str, Any] | None
) -> Iterator[trace.Span]:
    # The context is attached first, so that the work runs in its context alone: background tasks poll
    # with instrumentation suppressed (untraced), which would otherwise hide the work's SQL and HTTP spans.
    token = otel_context.attach(context)
    try:
        with tracer().start_as_current_span(name, kind=kind, attributes=attributes) as span:
            yield span
    finally:
        otel_context.detach(token)


def start_producer_span(*, topic: str, parent: str | None, attributes: Mapping[str, Any]) -> trace.Span:
    """A publish span, child of the span that recorded the event; the caller ends it on the broker's
    acknowledgement."""
    return tracer().start_span(
        f"publish {topic}",
        context=context_from_traceparent(parent),
        kind=SpanKind.PRODUCER,
        attributes=attributes,
    )
