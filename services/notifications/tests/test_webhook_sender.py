"""One webhook attempt against a real HTTP server on this machine, reached through the outbound policy."""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from notifications.outbound import OutboundPolicy
from notifications.webhooks import WebhookAnswer, parse_retry_after, post_webhook
from support.notifications import Receiver

BODY = b'{"type":"meeting.held","data":{"meeting_id":"m-1"}}'
HEADERS = {"webhook-id": "msg_1", "webhook-timestamp": "1700000000", "webhook-signature": "v1,abc"}
LOCAL_POLICY = OutboundPolicy(
    http_allowed_hosts=["127.0.0.1", "hooks.example.org"], allowed_networks=["127.0.0.0/8"]
)


async def post(client: httpx.AsyncClient, url: str, *, timeout: float = 5.0) -> WebhookAnswer:
    return await post_webhook(client, LOCAL_POLICY, url, HEADERS, BODY, timeout=timeout)


async def test_a_2xx_is_delivered_with_the_exact_body_and_headers(
    webhook_client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.answers["/hook"] = (204, {}, b"")
    answer = await post(webhook_client, receiver.url("/hook"))
    assert answer == WebhookAnswer(status_code=204)
    assert (answer.delivered, answer.should_retry) == (True, False)
    [request] = receiver.received
    assert (request.method, request.path, request.body) == ("POST", "/hook", BODY)
    assert HEADERS.items() <= request.headers.items()
    assert request.headers["host"] == f"127.0.0.1:{receiver.port}"


async def test_the_request_goes_to_the_checked_address_under_the_original_host_name(
    webhook_client: httpx.AsyncClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def hooks_example_is_local(host: str, port: int, **_: Any) -> list[Any]:
        assert host == "hooks.example.org"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", hooks_example_is_local)
    answer = await post(webhook_client, f"http://hooks.example.org:{receiver.port}/named?x=1")
    assert answer.delivered
    [request] = receiver.received
    assert request.path == "/named?x=1"
    assert request.headers["host"] == f"hooks.example.org:{receiver.port}"


async def test_a_500_is_retried(webhook_client: httpx.AsyncClient, receiver: Receiver) -> None:
    receiver.answers["/hook"] = (500, {}, b"oops")
    answer = await post(webhook_client, receiver.url("/hook"))
    assert answer == WebhookAnswer(status_code=500)
    assert (answer.delivered, answer.should_retry) == (False, True)


async def test_a_410_means_the_endpoint_is_gone(
    webhook_client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.answers["/hook"] = (410, {}, b"")
    answer = await post(webhook_client, receiver.url("/hook"))
    assert (answer.gone, answer.delivered, answer.should_retry) == (True, False, False)


async def test_a_503_with_retry_after_says_how_long_to_wait(
    webhook_client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.answers["/hook"] = (503, {"Retry-After": "7"}, b"")
    answer = await post(webhook_client, receiver.url("/hook"))
    assert answer == WebhookAnswer(status_code=503, retry_after_seconds=7.0)
    assert answer.should_retry


async def test_a_redirect_is_not_followed(webhook_client: httpx.AsyncClient, receiver: Receiver) -> None:
    receiver.answers["/moved"] = (302, {"Location": receiver.url("/target")}, b"")
    answer = await post(webhook_client, receiver.url("/moved"))
    assert answer == WebhookAnswer(status_code=302, error="redirect not followed")
    assert answer.should_retry
    assert [request.path for request in receiver.received] == ["/moved"]


async def test_an_endless_answer_is_cut_off_after_64_kib(
    webhook_client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.answers["/hook"] = (200, {"content-length": str(100 * 1024 * 1024)}, b"x" * (256 * 1024))
    started = time.monotonic()
    answer = await post(webhook_client, receiver.url("/hook"), timeout=3.0)
    assert answer == WebhookAnswer(status_code=200)
    assert time.monotonic() - started < 2.0


async def test_a_server_that_never_answers_times_out_within_the_limit(
    webhook_client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.silent.add("/hook")
    started = time.monotonic()
    answer = await post(webhook_client, receiver.url("/hook"), timeout=0.3)
    elapsed = time.monotonic() - started
    assert (answer.status_code, answer.should_retry) == (None, True)
    assert "timeout" in (answer.error or "")
    assert 0.25 < elapsed < 2.0


async def test_a_closed_port_is_a_connection_error(webhook_client: httpx.AsyncClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    answer = await post(webhook_client, f"http://127.0.0.1:{closed_port}/hook")
    assert (answer.status_code, answer.should_retry) == (None, True)
    assert (answer.error or "").startswith("connection failed")


async def test_a_refused_target_is_an_answer_not_an_exception(webhook_client: httpx.AsyncClient) -> None:
    answer = await post_webhook(
        webhook_client, OutboundPolicy(), "https://169.254.169.254/latest", HEADERS, BODY, timeout=1.0
    )
    assert (answer.status_code, answer.should_retry) == (None, True)
    assert (answer.error or "").startswith("refused target:")
    assert "metadata" in (answer.error or "")


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after(" 0 ", now=now) == 0.0
    assert parse_retry_after("Fri, 01 May 2026 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Fri, 01 May 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after(None, now=now) is None
    assert parse_retry_after("-5", now=now) is None
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after("", now=now) is None
