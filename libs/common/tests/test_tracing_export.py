"""Spans leave the process over OTLP/HTTP when an endpoint is configured, and only then (common.tracing).

Each case runs in a process of its own: a process has one tracer provider, and an exporter added to the
test process's would follow every later test. The receiver is a plain HTTP server of this test that
decodes what it is sent with the OTLP protobuf definitions.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

MAKE_A_SPAN = """
import sys
from common import tracing
provider = tracing.configure_tracing(service="probe-service", otlp_endpoint=sys.argv[1] or None)
with tracing.tracer().start_as_current_span("a write"):
    pass
provider.force_flush()
provider.shutdown()
"""


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, ExportTraceServiceRequest]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        self.server.received.append((self.path, request))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


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


def spans_of(receiver: Receiver) -> list[tuple[str, str, str]]:
    """(path, service.name, span name) of everything received."""
    found = []
    for path, request in receiver.received:
        for resource_spans in request.resource_spans:
            service = next(
                a.value.string_value for a in resource_spans.resource.attributes if a.key == "service.name"
            )
            for scope in resource_spans.scope_spans:
                found += [(path, service, span.name) for span in scope.spans]
    return found


def test_spans_go_to_the_configured_endpoint(receiver: Receiver) -> None:
    make_a_span(receiver.url)
    assert spans_of(receiver) == [("/v1/traces", "probe-service", "a write")]


def test_the_standard_otel_variables_configure_the_export_too(receiver: Receiver) -> None:
    make_a_span("", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=f"{receiver.url}/custom/traces")
    assert spans_of(receiver) == [("/custom/traces", "probe-service", "a write")]


def test_nothing_is_exported_when_no_endpoint_is_configured(receiver: Receiver) -> None:
    make_a_span("")
    assert receiver.received == []
