"""Spans leave the process over OTLP/HTTP when an endpoint is configured, and only then (common.tracing).

Each case runs in a process of its own: a process has one tracer provider, and an exporter added to the
test process's would follow every later test. The receiver (common.testing.otlp) is a plain HTTP server
that decodes what it is sent with the OTLP protobuf definitions.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from common.testing.otlp import TraceReceiver

MAKE_A_SPAN = """
import sys
from common import tracing
provider = tracing.configure_tracing(service="probe-service", otlp_endpoint=sys.argv[1] or None)
with tracing.tracer().start_as_current_span("a write"):
    pass
provider.force_flush()
provider.shutdown()
"""


@pytest.fixture
def receiver() -> Iterator[TraceReceiver]:
    with TraceReceiver() as receiver:
        yield receiver


def make_a_span(endpoint: str, **environment: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", MAKE_A_SPAN, endpoint],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr


def spans_of(receiver: TraceReceiver) -> list[tuple[str, str, str]]:
    """(path, service.name, span name) of everything received."""
    return [(span.path, span.service, span.name) for span in receiver.spans()]


def test_spans_go_to_the_configured_endpoint(receiver: TraceReceiver) -> None:
    make_a_span(receiver.url)
    assert spans_of(receiver) == [("/v1/traces", "probe-service", "a write")]


def test_the_standard_otel_variables_configure_the_export_too(receiver: TraceReceiver) -> None:
    make_a_span("", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=f"{receiver.url}/custom/traces")
    assert spans_of(receiver) == [("/custom/traces", "probe-service", "a write")]


def test_nothing_is_exported_when_no_endpoint_is_configured(receiver: TraceReceiver) -> None:
    make_a_span("")
    assert receiver.received == []
