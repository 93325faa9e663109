"""What an operator sees of a running service: /metrics that Prometheus's own linter accepts, with the HTTP
histogram by route template; and the trace id of a request on its problem answer and its log lines
(common.metrics, common.tracing). A service runs in process on the real Kafka and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import subprocess
from typing import Any

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id
from prometheus_client.parser import text_string_to_metric_families

from common import logging as log
from common import tracing
from common.testing.fixtures import eventually
from support.promtool import promtool

pytestmark = pytest.mark.integration


async def test_a_services_metrics_pass_promtool_and_time_requests_by_route_template(
    start_service: Any,
) -> None:
    async with start_service("registry") as (_app, client):
        assert (await client.get("/v1/members/KOR")).status_code == 404
        assert (await client.get("/v1/members/ZZZ")).status_code == 404

        async def relay_measured() -> str | None:
            # The relay sets it after a pass, once it has measured the backlog too.
            body = (await client.get("/metrics")).text
            return body if "neacoop_outbox_relay_connected 1.0" in body else None

        exposition = await eventually(relay_measured, what="the relay measured the outbox backlog")

    checked = await asyncio.to_thread(
        subprocess.run,
        [promtool(), "check", "metrics"],
        input=exposition,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    samples = [s for family in text_string_to_metric_families(exposition) for s in family.samples]
    counts = [
        s
        for s in samples
        if s.name == "neacoop_http_request_duration_seconds_count"
        and s.labels == {"route": "/v1/members/{code}", "method": "GET", "status": "404"}
    ]
    assert counts, "both requests are counted under the route template, not under their paths"
    assert counts[0].value >= 2
    assert not [s for s in samples if "ZZZ" in json.dumps(s.labels)]
    [backlog] = [s for s in samples if s.name == "neacoop_outbox_backlog_events"]
    assert backlog.value >= 0
    [age] = [s for s in samples if s.name == "neacoop_outbox_oldest_unpublished_age_seconds"]
    assert age.value >= 0


async def test_a_problem_carries_the_trace_id_of_its_request(
    start_service: Any, recorded_spans: InMemorySpanExporter
) -> None:
    async with start_service("registry") as (_app, client):
        answer = await client.get("/v1/members/ZZZ")
    problem = answer.json()
    assert answer.status_code == 404
    servers = [
        span
        for span in recorded_spans.get_finished_spans()
        if span.kind == SpanKind.SERVER and span.name == "GET /v1/members/{code}"
    ]
    assert [format_trace_id(s.context.trace_id) for s in servers if s.context] == [problem["trace_id"]]


def test_a_log_line_carries_the_trace_and_span_ids_of_the_current_span(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log.configure_logging(service="observability-test")
    with tracing.tracer().start_as_current_span("a write") as span:
        log.get_logger(__name__).info("member admitted", member="KOR")
    [line] = [json.loads(text) for text in capsys.readouterr().err.splitlines() if "member admitted" in text]
    context = span.get_span_context()
    assert line["trace_id"] == format_trace_id(context.trace_id)
    assert line["span_id"] == f"{context.span_id:016x}"
