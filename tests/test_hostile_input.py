"""Every write route of every service answers hostile input with a bounded 4xx problem, fast, and never a
500 (issue #12): bodies larger than the limit, nested without end, of another media type than JSON, not
JSON, or JSON that is not I-JSON (duplicate names, NaN, numbers beyond a double or 2**53); and headers
too long, garbled or holding control characters, which are refused or replaced, never echoed.

The routes come from each service's OpenAPI document (common.testing.authorisation.api_routes), so a
route added tomorrow is walked without a line here. Each service runs with its lifespan on the real
Kafka broker and a fresh PostgreSQL database, as the administrator calls it: nothing stops the input
before the route's own code but what the product puts there.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from common.testing.authorisation import WRITE_METHODS, WriteRoute, api_routes
from common.testing.fixtures import admin_headers
from common.testing.server import served

pytestmark = pytest.mark.integration

SERVICES = ("registry", "meetings", "roadmap", "notifications")
ADMIN = admin_headers()
JSON = "application/json"
# However hostile the request, the answer stays this small: nothing it sent is echoed whole.
MAX_ANSWER_BYTES = 8_192
# Each refusal comes before any real work; generous for a busy machine, far below a stall.
MAX_SECONDS = 2.0


@dataclass(frozen=True)
class Body:
    name: str
    raw: bytes
    content_type: str | None
    status: int
    kind: str | None = None  # the type of the first error of a 422


# Over NEACOOP_HTTP_MAX_BODY_BYTES (256 KiB): refused from its Content-Length, before any route reads it.
OVERSIZED = b'{"code": "' + b"x" * 300_000 + b'"}'

BODIES = (
    Body("a body of 300 KB", OVERSIZED, JSON, 413),
    Body("10 000 nested lists", b"[" * 10_000 + b"]" * 10_000, JSON, 422, "too_deep"),
    Body("10 000 nested objects", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, JSON, 422, "too_deep"),
    Body("nested 40 deep in a field", b'{"names":' + b"[" * 40 + b"]" * 40 + b"}", JSON, 422, "too_deep"),
    Body("text/plain", b'{"code": "KOR"}', "text/plain", 415),
    Body("a form", b"code=KOR&kind=state", "application/x-www-form-urlencoded", 415),
    Body(
        "multipart",
        b'--b\r\nContent-Disposition: form-data; name="code"\r\n\r\nKOR\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
        415,
    ),
    Body("not JSON", b"TRM+ held in Seoul", JSON, 422, "json_invalid"),
    Body("not JSON without a Content-Type", b"<xml/>", None, 422, "json_invalid"),
    Body("not UTF-8", b'{"code": "\xff\xfe"}', JSON, 422, "not_text"),
    Body("duplicate names", b'{"code": "KOR", "code": "JPN"}', JSON, 422, "duplicate_name"),
    Body("1e400", b'{"code": 1e400}', JSON, 422, "not_ijson_number"),
    Body("10**5000 as digits", b'{"code": 1' + b"0" * 5_000 + b"}", JSON, 422, "not_ijson_number"),
    Body("2**53", b'{"code": 9007199254740992}', JSON, 422, "not_ijson_number"),
    Body("NaN", b'{"code": NaN}', JSON, 422, "not_ijson_number"),
    Body("-Infinity", b'{"code": -Infinity}', JSON, 422, "not_ijson_number"),
)

TEN_KB = "x" * 10_240


@dataclass(frozen=True)
class Header:
    name: str
    header: str
    value: str
    refused_as: str | None = None  # the field a 422 names, where the route declares the header


HEADERS = (
    Header("an 8 KB+ correlation id", "X-Correlation-ID", "c" * 8_500),
    Header("a correlation id with control characters", "X-Correlation-ID", "abc\x01\x1b[31mred\x7f"),
    Header("a 10 KB Idempotency-Key", "Idempotency-Key", TEN_KB, refused_as="Idempotency-Key"),
    Header("an Idempotency-Key with control characters", "Idempotency-Key", "key\x01\x02\x1b"),
    Header("a 10 KB If-Match", "If-Match", TEN_KB, refused_as="if-match"),
    Header("a garbled If-Match", "If-Match", 'W/"1", "2" garbage, ,,"\x01'),
    Header("a 10 KB traceparent", "traceparent", "00-" + TEN_KB),
    Header("a 10 KB bearer token", "Authorization", "Bearer " + TEN_KB),
)


def assert_bounded_problem(answer: httpx.Response, took: float, what: str) -> None:
    assert answer.status_code < 500, f"{what}: {answer.status_code} {answer.text[:500]}"
    assert took < MAX_SECONDS, f"{what}: answered in {took:.1f} s"
    assert len(answer.content) <= MAX_ANSWER_BYTES, f"{what}: an answer of {len(answer.content)} bytes"
    if answer.status_code >= 400:
        assert answer.headers["content-type"] == "application/problem+json", what


async def timed(
    client: httpx.AsyncClient, route: WriteRoute, **kwargs: object
) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = await client.request(route.method, route.sample_url(), **kwargs)  # type: ignore[arg-type]
    return answer, time.monotonic() - started


def test_every_service_has_write_routes_to_walk_with_headers_to_garble(
    unstarted_apps: dict[str, FastAPI],
) -> None:
    assert set(unstarted_apps) == set(SERVICES)
    routes = {name: api_routes(app, methods=WRITE_METHODS) for name, app in unstarted_apps.items()}
    assert all(routes.values()), routes
    declared = {header for walked in routes.values() for route in walked for header in route.headers}
    assert {"idempotency-key", "if-match"} <= declared


@pytest.mark.parametrize("service", SERVICES)
async def test_every_write_refuses_a_hostile_body_with_a_4xx_problem_fast_and_never_a_500(
    start_service: Any, service: str
) -> None:
    async with start_service(service) as (app, client):
        unexpected: list[str] = []
        for route in api_routes(app, methods=WRITE_METHODS):
            for body in BODIES:
                headers = {**ADMIN, **({"content-type": body.content_type} if body.content_type else {})}
                answer, took = await timed(client, route, content=body.raw, headers=headers)
                what = f"{route} with {body.name}"
                assert_bounded_problem(answer, took, what)
                seen = (
                    answer.status_code,
                    answer.json()["errors"][0]["type"] if answer.status_code == 422 else None,
                )
                if seen != (body.status, body.kind):
                    unexpected.append(f"{what}: {seen}, not {(body.status, body.kind)}")
        assert not unexpected, "\n".join(unexpected)


@pytest.mark.parametrize("service", SERVICES)
async def test_every_write_bounds_refuses_or_replaces_a_hostile_header_and_never_echoes_it(
    start_service: Any, service: str
) -> None:
    async with start_service(service) as (app, client):
        for route in api_routes(app, methods=WRITE_METHODS):
            for header in HEADERS:
                headers = {**ADMIN, "content-type": JSON, header.header: header.value}
                answer, took = await timed(client, route, content=b"{}", headers=headers)
                what = f"{route} with {header.name}"
                assert_bounded_problem(answer, took, what)
                assert header.value not in answer.text, f"{what}: echoed"
                assert header.value not in answer.headers.values(), f"{what}: echoed in a header"
                correlation = answer.headers["x-correlation-id"]
                assert len(correlation) <= 128, what
                assert correlation.isprintable(), what
                if header.refused_as and header.refused_as in route.headers:
                    # Refused with the body's faults, or before: a resource looked up to authorise the
                    # caller (a subscription of another client is answered as missing) comes first.
                    assert answer.status_code in (404, 422), what
                    if answer.status_code == 422:
                        fields = [error["field"] for error in answer.json()["errors"]]
                        assert header.refused_as in fields, f"{what}: {fields}"


async def test_a_real_server_answers_oversized_and_garbled_headers_without_a_500_or_an_echo(
    start_service: Any,
) -> None:
    """Over a real connection the HTTP server sees the headers first: control characters are refused by
    it, an 8 KB+ value reaches the app, which bounds it like any other."""
    async with start_service("registry") as (app, _), served(app, lifespan=False) as base:
        host, port = base.removeprefix("http://").split(":")
        for header, value in [
            ("X-Correlation-ID", "c" * 8_500),
            ("X-Correlation-ID", "abc\x01def"),
            ("Idempotency-Key", TEN_KB),
            ("If-Match", "\x7f" * 300),
        ]:
            reader, writer = await asyncio.open_connection(host, int(port))
            request = (
                f"POST /v1/members HTTP/1.1\r\nHost: {host}\r\nAuthorization: {ADMIN['Authorization']}\r\n"
                f"Content-Type: application/json\r\nContent-Length: 2\r\n{header}: {value}\r\n"
                "Connection: close\r\n\r\n{}"
            ).encode("latin-1")
            writer.write(request)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), timeout=MAX_SECONDS * 5)
            writer.close()
            status_line, _, rest = answer.partition(b"\r\n")
            status = int(status_line.split()[1])
            assert 400 <= status < 500, f"{header}: {status_line!r}"
            assert value.encode("latin-1") not in rest, f"{header}: echoed"
            assert len(answer) <= MAX_ANSWER_BYTES
