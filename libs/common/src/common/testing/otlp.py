"""An OTLP/HTTP trace receiver for tests: a plain HTTP server in a thread that decodes what exporters send
it with the OTLP protobuf definitions (https://opentelemetry.io/docs/specs/otlp/#otlphttp), so that a test
sees the spans of processes it does not run, as a collector would. Point an exporter at `url`
(`NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT`; spans arrive on `/v1/traces`)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.trace import SpanKind


@dataclass(frozen=True)
class ReceivedSpan:
    """A span as it was exported: ids in hex as W3C traceparents spell them, its service's name."""

    path: str
    service: str
    name: str
    kind: SpanKind
    trace_id: str
    span_id: str
    parent_span_id: str | None
    attributes: dict[str, Any]


class TraceReceiver:
    """`with TraceReceiver() as receiver:` listens on a free port of 127.0.0.1 until the block ends."""

    def __init__(self) -> None:
        self.received: list[tuple[str, ExportTraceServiceRequest]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                with receiver._lock:
                    receiver.received.append((self.path, request))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="otlp-receiver", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> TraceReceiver:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def exports(self) -> int:
        """How many export requests came so far: a mark for `spans(since=...)`."""
        with self._lock:
            return len(self.received)

    def spans(self, *, since: int = 0, until: int | None = None) -> list[ReceivedSpan]:
        """Every span received so far (of the export requests from mark `since` to mark `until`), in the
        order they came."""
        with self._lock:
            received = self.received[since:until]
        return [span for path, request in received for span in _spans_of(path, request)]


def _spans_of(path: str, request: ExportTraceServiceRequest) -> list[ReceivedSpan]:
    found = []
    for resource_spans in request.resource_spans:
        resource = _attributes(resource_spans.resource.attributes)
        for scope in resource_spans.scope_spans:
            for span in scope.spans:
                found.append(
                    ReceivedSpan(
                        path=path,
                        service=str(resource.get("service.name", "")),
                        name=span.name,
                        # OTLP counts from SPAN_KIND_UNSPECIFIED (0); the API from INTERNAL (0).
                        kind=SpanKind(max(span.kind - 1, 0)),
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex() or None,
                        attributes=_attributes(span.attributes),
                    )
                )
    return found


def _attributes(pairs: Any) -> dict[str, Any]:
    return {pair.key: _value(pair.value) for pair in pairs if isinstance(pair, KeyValue)}


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [_value(item) for item in value.array_value.values]
    return getattr(value, kind) if kind else None
