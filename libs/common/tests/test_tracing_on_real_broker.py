"""One trace follows an event across Kafka, on the real broker and PostgreSQL: the span that recorded the
event is the parent of the relay's publish span, which is the parent of the consumer's process span, and
what the handler records carries the process span's traceparent (the CloudEvents distributed-tracing
extension, common.tracing)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.config import ServiceSettings
from common.contracts import CATALOG, EventData
from common.contracts.subscriptions import Subscription
from common.db import UnitOfWork, create_engine
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox, OutboxRelay
from common.messaging.tables import install_messaging_tables, outbox
from common.testing.fixtures import eventually, service_settings
from common.testing.infrastructure import Infrastructure

pytestmark = pytest.mark.integration


def probe_contracts() -> tuple[str, type[EventData], type[EventData]]:
    """A throw-away service with an event it sends and one its consumer derives from it."""
    service = f"trace{uuid.uuid4().hex[:10]}"

    class ProbeSent(EventData):
        n: int

    class ProbeAnswered(EventData):
        n: int

    CATALOG.event(type=f"org.neacoop.{service}.probe.sent.v1", topic=f"{service}.probe.v1")(ProbeSent)
    CATALOG.event(type=f"org.neacoop.{service}.answer.sent.v1", topic=f"{service}.answer.v1")(ProbeAnswered)
    return service, ProbeSent, ProbeAnswered


@contextlib.asynccontextmanager
async def running(*workers: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    # Started untraced, as common.app starts them: their polling makes no spans.
    with tracing.untraced():
        tasks = [asyncio.create_task(worker()) for worker in workers]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def ids(span: ReadableSpan) -> tuple[str, str]:
    context = span.get_span_context()
    assert context is not None
    return format_trace_id(context.trace_id), format_span_id(context.span_id)


def parent_id(span: ReadableSpan) -> str | None:
    return format_span_id(span.parent.span_id) if span.parent else None


async def test_the_publish_span_is_the_child_of_the_write_and_the_parent_of_the_consumers_process_span(
    infrastructure: Infrastructure, recorded_spans: InMemorySpanExporter
) -> None:
    service, sent, answered = probe_contracts()
    url = await asyncio.to_thread(infrastructure.fresh_database, "traced")
    settings = service_settings(ServiceSettings, infrastructure, url, service_name=service)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(install_messaging_tables)
    tracing.instrument_engine(engine)
    uow = UnitOfWork(engine)
    recorder = Outbox(service=service)

    async def answer(session: AsyncSession, event: CloudEvent, data: EventData) -> None:
        await recorder.record(session, answered(n=getattr(data, "n", -1)), subject=event.subject)

    runner = ConsumerRunner(
        settings=settings,
        uow=uow,
        subscription=Subscription(
            service=service, group=f"{service}-answers", events=(sent,), purpose="a probe"
        ),
        handlers=[Handler(sent, answer)],
    )
    try:
        async with running(OutboxRelay(settings=settings, engine=engine).run, runner.run):
            with tracing.tracer().start_as_current_span("the write") as write:
                async with uow.transaction() as session:
                    recorded = await recorder.record(session, sent(n=1), subject="probe-1")
            assert recorded.traceparent == tracing.traceparent_of(write)

            async def answer_recorded() -> CloudEvent | None:
                async with uow.transaction() as session:
                    rows = (
                        await session.execute(select(outbox.c.envelope).where(outbox.c.subject == "probe-1"))
                    ).scalars()
                    events = [CloudEvent.model_validate(row) for row in rows]
                return next((e for e in events if e.type.endswith("answer.sent.v1")), None)

            answer_event = await eventually(answer_recorded, what="the consumer recorded its answer")

            assert isinstance(write, ReadableSpan)
            write_trace, write_span = ids(write)

            async def finished() -> list[ReadableSpan] | None:
                spans = [s for s in recorded_spans.get_finished_spans() if ids(s)[0] == write_trace]
                kinds = {s.kind for s in spans}
                return spans if {SpanKind.PRODUCER, SpanKind.CONSUMER} <= kinds else None

            spans = await eventually(finished, what="the publish and process spans of the write's trace")

            async def caught_up() -> list[float] | None:
                lags = [
                    sample.value
                    for family in REGISTRY.collect()
                    if family.name == "neacoop_consumer_lag_records"
                    for sample in family.samples
                    if sample.labels["group"] == f"{service}-answers"
                ]
                return lags if lags and not any(lags) else None

            await eventually(caught_up, what="the consumer's lag measured, and nothing left to process")
    finally:
        await engine.dispose()

    [publish] = [s for s in spans if s.kind == SpanKind.PRODUCER and s.name == f"publish {service}.probe.v1"]
    [process] = [s for s in spans if s.kind == SpanKind.CONSUMER]
    assert parent_id(publish) == write_span
    assert parent_id(process) == ids(publish)[1]
    assert ids(publish)[0] == ids(process)[0] == write_trace
    assert publish.attributes is not None
    assert publish.attributes["messaging.system"] == "kafka"
    assert publish.attributes["messaging.destination.name"] == f"{service}.probe.v1"
    assert publish.attributes["messaging.message.id"] == recorded.id
    assert process.attributes is not None
    assert process.attributes["messaging.consumer.group.name"] == f"{service}-answers"
    # What the handler recorded continues the trace from the process span.
    assert answer_event.traceparent.split("-")[1:3] == [write_trace, ids(process)[1]]
    # The handler's SQL is traced inside the process span; the relay's and consumer's polling is not.
    statements = [s for s in spans if s.kind == SpanKind.CLIENT]
    assert {parent_id(s) for s in statements} == {ids(process)[1], write_span}


async def test_the_relays_polling_and_an_event_recorded_outside_any_span_make_no_spans(
    infrastructure: Infrastructure, recorded_spans: InMemorySpanExporter
) -> None:
    service, sent, _ = probe_contracts()
    url = await asyncio.to_thread(infrastructure.fresh_database, "untraced")
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(install_messaging_tables)
    tracing.instrument_engine(engine)
    uow = UnitOfWork(engine)
    settings = service_settings(ServiceSettings, infrastructure, url, service_name=service)
    try:
        async with running(OutboxRelay(settings=settings, engine=engine).run):
            with tracing.untraced():
                async with uow.transaction() as session:
                    event = await Outbox(service=service).record(session, sent(n=1), subject="probe-1")

            async def published() -> bool:
                async with engine.connect() as connection:
                    with tracing.untraced():
                        row = await connection.scalar(
                            select(outbox.c.published_at).where(outbox.c.event_id == event.id)
                        )
                return row is not None

            await eventually(published, what="the relay published the event")
    finally:
        await engine.dispose()
    assert event.traceparent.endswith("-00"), "no span recorded it, so it is not sampled"
    assert [s.name for s in recorded_spans.get_finished_spans()] == []
