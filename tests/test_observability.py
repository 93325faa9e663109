"""What an operator sees of a running service: /metrics that Prometheus's own linter accepts, with the HTTP
histogram by route template; and the trace id of a request on its problem answer and its log lines
(common.metrics, common.tracing), or none with `OTEL_SDK_DISABLED=true`. A service runs in process on the
real Kafka and PostgreSQL (in a process of its own when the SDK is disabled)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from typing import Any

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id
from prometheus_client.parser import text_string_to_metric_families

from common import logging as log
from common import tracing
from common.testing.fixtures import ADMIN_KEY, eventually, migrated_database
from common.testing.infrastructure import Infrastructure
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


# A registry with the SDK disabled, in a process of its own (the switch is read once per process, and this
# one has the SDK installed): a problem, a write, and the write's event published by the relay.
DISABLED_REGISTRY = """
import asyncio, json, sys
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from common.testing.fixtures import eventually, running_app
from registry.config import RegistrySettings
from registry.main import create_app

async def main() -> None:
    settings = RegistrySettings(outbox_poll_interval_seconds=0.2)
    area = {"code": sys.argv[1], "names": {"en": "Area"}, "kind": "non_traditional"}
    headers = {"Authorization": f"Bearer {settings.admin_key}"}
    engine = create_async_engine(settings.sqlalchemy_url)
    async with running_app(create_app(settings)) as client:
        problem = await client.get("/v1/members/ZZZ")
        created = await client.post("/v1/issue-areas", json=area, headers=headers)

        async def published() -> str | None:
            async with engine.connect() as connection:
                return await connection.scalar(
                    text("SELECT envelope->>'traceparent' FROM outbox WHERE subject = :code "
                         "AND published_at IS NOT NULL"),
                    {"code": sys.argv[1]},
                )

        traceparent = await eventually(published, what="the issue area's event published")
    await engine.dispose()
    print("RESULT " + json.dumps({"problem": problem.json(), "problem_status": problem.status_code,
                                  "created_status": created.status_code, "traceparent": traceparent}))

asyncio.run(main())
"""


async def test_with_the_sdk_disabled_a_service_answers_publishes_and_logs_without_trace_ids(
    infrastructure: Infrastructure,
) -> None:
    url = await migrated_database(infrastructure, "registry")
    code = f"disabled_{uuid.uuid4().hex[:8]}"
    environment = {
        **os.environ,
        "OTEL_SDK_DISABLED": "true",
        "NEACOOP_DATABASE_URL": url,
        "NEACOOP_KAFKA_BOOTSTRAP_SERVERS": infrastructure.bootstrap_servers,
        "NEACOOP_ADMIN_KEY": ADMIN_KEY,
        # Configured, and ignored: the switch wins, and says so at start.
        "NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9",
    }
    ran = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", DISABLED_REGISTRY, code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-5000:]
    [result] = [
        json.loads(line.removeprefix("RESULT "))
        for line in ran.stdout.splitlines()
        if line.startswith("RESULT ")
    ]
    problem = result["problem"]
    assert result["problem_status"] == 404
    assert problem["correlation_id"]
    assert "trace_id" not in problem
    assert result["created_status"] == 201
    # Recorded outside any span: fresh ids, flagged as not sampled (common.messaging.envelope).
    version, trace_id, span_id, flags = result["traceparent"].split("-")
    assert (version, flags) == ("00", "00")
    assert int(trace_id, 16)
    assert int(span_id, 16)
    lines = [json.loads(text) for text in ran.stderr.splitlines() if text.startswith("{")]
    [disabled] = [line for line in lines if line.get("event") == "tracing disabled"]
    assert disabled["reason"] == "OTEL_SDK_DISABLED=true"
    assert disabled["ignored"] == "the OTLP endpoint configured"
    assert not [line for line in lines if "trace_id" in line or "span_id" in line]
