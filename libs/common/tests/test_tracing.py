"""Spans of background work (common.tracing): polling is untraced, and work done later for something
recorded under a traceparent continues that trace, even inside an untraced task."""

from __future__ import annotations

from opentelemetry.instrumentation.utils import is_instrumentation_enabled
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id

from common import tracing


def test_work_for_an_earlier_event_continues_its_trace_even_from_an_untraced_task(
    recorded_spans: InMemorySpanExporter,
) -> None:
    with tracing.tracer().start_as_current_span("fan-out") as fan_out:
        recorded = tracing.current_traceparent()
    with tracing.untraced():
        assert not is_instrumentation_enabled()
        with tracing.continued_span("send webhook", traceparent=recorded, kind=SpanKind.CLIENT):
            # The HTTP and SQL instrumentations inside the work make their spans.
            assert is_instrumentation_enabled()
        assert not is_instrumentation_enabled()
    [send] = [s for s in recorded_spans.get_finished_spans() if s.name == "send webhook"]
    assert send.parent is not None
    assert format_span_id(send.parent.span_id) == format_span_id(fan_out.get_span_context().span_id)
    assert send.context is not None
    assert format_trace_id(send.context.trace_id) == format_trace_id(fan_out.get_span_context().trace_id)


def test_a_traceparent_that_is_not_one_starts_a_new_trace(recorded_spans: InMemorySpanExporter) -> None:
    with tracing.continued_span("send webhook", traceparent="00-" + "x" * 10_000, kind=SpanKind.CLIENT):
        pass
    [send] = recorded_spans.get_finished_spans()
    assert send.parent is None
