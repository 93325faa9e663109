"""`OTEL_SDK_DISABLED=true` leaves OpenTelemetry's SDK out (common.tracing): no tracer provider, nothing
instrumented, nothing exported even with an endpoint configured; spans are the API's no-op ones, which pass
a consumed record's traceparent on unchanged.

Each case runs in a process of its own: the switch is read once per process, and the test process has the
SDK installed for the other tests' in-memory exporter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from common.testing.otlp import TraceReceiver

PROBE = """
import json, sys
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind
from sqlalchemy.ext.asyncio import create_async_engine

from common import logging as log
from common import tracing

log.configure_logging(service="probe-service")
logger = log.get_logger("probe")
found = {"provider": tracing.configure_tracing(service="probe-service", otlp_endpoint=sys.argv[1])}
app = FastAPI()
tracing.instrument_app(app)
engine = create_async_engine("postgresql+asyncpg://nobody:nobody@127.0.0.1:9/nobody")
tracing.instrument_engine(engine)
with tracing.tracer().start_as_current_span("a write") as span:
    found["write_recording"] = span.is_recording()
    found["write_traceparent"] = tracing.current_traceparent()
    logger.info("member admitted")
consumed = "00-0af7651916cd43dd8448eb211c80271f-b7ad6b7169203331-01"
with tracing.consumer_span(topic="t", headers=[("traceparent", consumed.encode())], attributes={}):
    found["while_consumed"] = tracing.current_traceparent()
    logger.info("held meeting applied")
with tracing.continued_span("send webhook", traceparent=consumed, kind=SpanKind.CLIENT):
    found["while_sending"] = tracing.current_traceparent()
publish = tracing.start_producer_span(topic="t", parent=None, attributes={})
found["publish_without_parent_valid"] = publish.get_span_context().is_valid
publish.end()
found["httpx_instrumented_unconsumed"] = HTTPXClientInstrumentor().is_instrumented_by_opentelemetry
found["engine_listeners_unconsumed"] = len(engine.sync_engine.dispatch.before_cursor_execute)
if tracing.sdk_disabled():
    try:
        tracing.record_spans(None)
    except RuntimeError as refused:
        found["record_spans"] = str(refused)
else:
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    tracing.record_spans(SimpleSpanProcessor(InMemorySpanExporter()))
found |= {
    "provider": found["provider"] is not None,
    "sdk_installed": isinstance(trace.get_tracer_provider(), TracerProvider),
    "httpx_instrumented": HTTPXClientInstrumentor().is_instrumented_by_opentelemetry,
    "app_instrumented": bool(getattr(app, "_is_instrumented_by_opentelemetry", False)),
    "engine_listeners": len(engine.sync_engine.dispatch.before_cursor_execute),
}
print(json.dumps(found))
"""

CONSUMED = "00-0af7651916cd43dd8448eb211c80271f-b7ad6b7169203331-01"


def probe(endpoint: str, **environment: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """What the probe found, and its log lines by message."""
    ran = subprocess.run(
        [sys.executable, "-c", PROBE, endpoint],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    found: dict[str, Any] = json.loads(ran.stdout.splitlines()[-1])
    lines = [json.loads(text) for text in ran.stderr.splitlines() if text.startswith("{")]
    return found, {line["event"]: line for line in lines}


def test_disabled_installs_no_sdk_instruments_nothing_and_exports_nothing() -> None:
    with TraceReceiver() as receiver:
        found, lines = probe(receiver.url, OTEL_SDK_DISABLED="true")
    assert receiver.received == []
    assert found["provider"] is False
    assert found["sdk_installed"] is False
    assert found["httpx_instrumented"] is False
    assert found["app_instrumented"] is False
    assert found["engine_listeners"] == 0
    assert found["record_spans"] == "OTEL_SDK_DISABLED=true: no span is made, so none can be recorded"
    assert lines["tracing disabled"]["ignored"] == "the OTLP endpoint configured"


def test_disabled_spans_have_no_ids_of_their_own_and_pass_a_consumed_traceparent_on() -> None:
    found, lines = probe("", OTEL_SDK_DISABLED="TRUE")
    assert found["write_recording"] is False
    # Outside a consumed record there is no trace: the event gets fresh unsampled ids (common.messaging).
    assert found["write_traceparent"] is None
    assert found["while_consumed"] == CONSUMED
    assert found["while_sending"] == CONSUMED
    assert found["publish_without_parent_valid"] is False
    # A request's lines carry no ids; a consumed record's carry the ids of the traceparent it came with.
    assert "trace_id" not in lines["member admitted"]
    assert "span_id" not in lines["member admitted"]
    assert lines["held meeting applied"]["trace_id"] == CONSUMED.split("-")[1]
    assert "ignored" not in lines["tracing disabled"]


def test_any_other_value_leaves_tracing_as_it_is() -> None:
    found, lines = probe("", OTEL_SDK_DISABLED="false")
    assert found["sdk_installed"] is True
    # SQL and outgoing HTTP get spans once something consumes them, not before: made and dropped, a span
    # per statement would cost every write for nothing.
    assert found["httpx_instrumented_unconsumed"] is False
    assert found["engine_listeners_unconsumed"] == 0
    assert found["httpx_instrumented"] is True
    assert found["app_instrumented"] is True
    assert found["engine_listeners"] >= 1
    assert found["write_traceparent"] is not None
    assert found["while_consumed"] != CONSUMED
    assert found["while_consumed"].split("-")[1] == CONSUMED.split("-")[1]
    assert lines["member admitted"]["trace_id"] == found["write_traceparent"].split("-")[1]
    assert "tracing disabled" not in lines
