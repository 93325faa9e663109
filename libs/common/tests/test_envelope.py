"""CloudEvents envelopes in Kafka binary mode, without a broker."""

from __future__ import annotations

from datetime import date

import pytest
import structlog
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from common import logging as log
from common import tracing
from common.contracts import CATALOG, make_event
from common.contracts.registry import MemberRegistered, MemberState, StatusPeriod
from common.messaging.envelope import CloudEvent, MalformedEvent, new_traceparent


def korea() -> MemberRegistered:
    return MemberRegistered(
        member=MemberState(
            code="KOR",
            kind="state",
            names={"en": "Republic of Korea", "ko": "대한민국"},
            status_history=[
                StatusPeriod(status="participant", effective_from=date(2013, 10, 1), reason="founder")
            ],
            version=1,
        )
    )


def test_an_event_survives_the_round_trip_through_a_kafka_record() -> None:
    _, event = make_event(korea(), service="registry", subject="KOR", correlation_id="c-1")
    key, value, headers = event.to_kafka()
    assert key == b"KOR"
    back = CloudEvent.from_kafka(value, headers)
    assert back == event
    assert back.data["member"]["names"]["ko"] == "대한민국"


def test_the_actor_travels_as_the_ce_actor_attribute_and_in_the_datas_metadata() -> None:
    contract, event = make_event(korea(), service="registry", subject="KOR", actor="cl_mofa")

    _, value, headers = event.to_kafka()
    assert ("ce_actor", b"cl_mofa") in headers
    assert event.data["metadata"] == {"actor": "cl_mofa"}
    back = CloudEvent.from_kafka(value, headers)
    assert back.actor == "cl_mofa"
    parsed = contract.parse(back)
    assert parsed.metadata is not None
    assert parsed.metadata.actor == "cl_mofa"
    assert parsed == korea().model_copy(update={"metadata": parsed.metadata})


def test_an_event_made_without_an_actor_keeps_the_data_and_headers_it_had_before() -> None:
    _, event = make_event(korea(), service="registry", subject="KOR")

    _, _, headers = event.to_kafka()
    assert "metadata" not in event.data
    assert "ce_actor" not in dict(headers)
    assert CloudEvent.from_kafka(event.to_kafka()[1], headers).actor is None


def test_the_bound_actor_goes_on_the_log_lines_and_an_unbound_one_leaves_them() -> None:
    log.bind_actor("roadmap", event_actor="cl_mofa")
    assert log.actor.get() == "roadmap"
    bound = structlog.contextvars.get_contextvars()
    assert (bound["actor"], bound["event_actor"]) == ("roadmap", "cl_mofa")

    log.bind_actor(None)
    assert log.actor.get() is None
    assert {"actor", "event_actor"}.isdisjoint(structlog.contextvars.get_contextvars())


def test_a_service_cannot_emit_another_services_event() -> None:
    with pytest.raises(ValueError, match="belongs to registry"):
        make_event(korea(), service="meetings", subject="KOR")


@pytest.mark.parametrize(
    ("value", "headers", "reason"),
    [
        (b"{}", [], "missing CloudEvents attributes"),
        (b"{not json", None, "data is not JSON"),
        (b"[1, 2]", None, "not a JSON object"),
        (b"{}", [("ce_specversion", b"0.3")], "unsupported specversion"),
        (b"{}", [("content-type", b"application/avro")], "unsupported content-type"),
        (b"{}", [("ce_time", b"yesterday")], "invalid CloudEvents attribute"),
    ],
)
def test_a_record_that_is_not_a_readable_cloudevent_is_refused_with_the_reason(
    value: bytes, headers: list[tuple[str, bytes]] | None, reason: str
) -> None:
    _, event = make_event(korea(), service="registry", subject="KOR")
    _, _, good_headers = event.to_kafka()
    if headers is None:
        headers = good_headers
    elif headers:
        replaced = dict(headers)
        headers = [(k, replaced.pop(k, v)) for k, v in good_headers] + list(replaced.items())
    with pytest.raises(MalformedEvent, match=reason):
        CloudEvent.from_kafka(value, headers)


def test_an_event_made_inside_a_span_carries_that_spans_traceparent(
    recorded_spans: InMemorySpanExporter,
) -> None:
    with tracing.tracer().start_as_current_span("write") as span:
        assert new_traceparent() == tracing.traceparent_of(span)
        _, event = make_event(korea(), service="registry", subject="KOR")
    assert event.traceparent == tracing.traceparent_of(span)
    assert int(event.traceparent[-2:], 16) & 1, "sampled, as the span was"


def test_an_event_made_outside_any_span_has_fresh_ids_marked_not_sampled() -> None:
    first, second = new_traceparent(), new_traceparent()
    assert first.endswith("-00")
    assert second.endswith("-00")
    assert first.split("-")[1] != second.split("-")[1]


def test_every_contract_lives_on_a_topic_named_service_aggregate_version() -> None:
    for contract in CATALOG:
        service, aggregate, version = contract.topic.split(".")
        assert version.startswith("v")
        assert contract.type.startswith(f"org.neacoop.{service}.{aggregate}.")
        assert contract.type.endswith("." + version), "type and topic carry the same version"
