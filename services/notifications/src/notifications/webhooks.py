"""One attempt at delivering a webhook, and what the endpoint answered.

Retrying, backing off and giving up belong to the caller; this only sends once, safely: to an address
the outbound policy checked, without following redirects, within a total time limit, reading little of
the answer and turning every network failure into an answer instead of an exception.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from notifications.outbound import OutboundPolicy, TargetRefused

# Enough of an answer to let the connection be reused; a larger one is cut off, we never look at it.
MAX_RESPONSE_BYTES = 64 * 1024
MAX_ERROR_CHARS = 200


@dataclass(frozen=True)
class WebhookAnswer:
    status_code: int | None = None
    # From `Retry-After` (RFC 9110, section 10.2.3), when the endpoint asks for a pause.
    retry_after_seconds: float | None = None
    # Why no acceptable answer came (timeout, connection, TLS, refused target, redirect), briefly.
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        """410 Gone: Standard Webhooks asks senders to disable the endpoint rather than retry."""
        return self.status_code == 410

    @property
    def should_retry(self) -> bool:
        return not (self.delivered or self.gone)


class PoolPerHost(httpx.AsyncBaseTransport):
    """Keeps a separate connection pool per host name.

    Requests go to the checked address, so httpcore keys its pool by address alone: without this, a
    connection opened (and its certificate verified) for one name would be reused for another name
    that resolves to the same address, and the second name's certificate would never be checked.
    """

    def __init__(self, limits: httpx.Limits = httpx.Limits()) -> None:
        # Shared by every pool: loading the trust store is slow and large.
        self._ssl_context = httpx.create_ssl_context(trust_env=False)
        self._limits = limits
        # Grows with the number of distinct hosts among subscriptions; idle connections still expire.
        self._pools: dict[str, httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        name = request.extensions.get("sni_hostname") or request.url.host
        pool = self._pools.get(name)
        if pool is None:
            pool = self._pools[name] = httpx.AsyncHTTPTransport(
                verify=self._ssl_context, trust_env=False, limits=self._limits
            )
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
        self._pools.clear()


def new_webhook_client(connections: int = 100) -> httpx.AsyncClient:
    """The client `post_webhook` expects: one per process, so connections are pooled across attempts.

    Up to `connections` per host (the dispatcher's batch: it never has more attempts under way), each
    kept open for the next attempt: with httpx's default of 20 kept, a batch of 50 to one host (many
    subscriptions of one receiver) closed and opened 30 connections per batch. Redirects are not followed
    and the environment's proxies are ignored (a proxy would make the address check meaningless). Close
    it with `await client.aclose()` on shutdown.
    """
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(follow_redirects=False, trust_env=False, transport=PoolPerHost(limits))


async def post_webhook(
    client: httpx.AsyncClient,
    policy: OutboundPolicy,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    timeout: float,
) -> WebhookAnswer:
    """POST `body` to `url` once, within `timeout` seconds in all, and say what came of it.

    `client` comes from `new_webhook_client()` (at the least `httpx.AsyncClient(follow_redirects=False,
    trust_env=False)`), created once by the caller so that the connection pool is shared. Never raises for
    a refused target or a network failure: those are answers with an `error`.
    """
    answer: WebhookAnswer | None = None
    try:
        async with asyncio.timeout(timeout):
            target = await policy.resolve(url)
            request_headers = httpx.Headers(headers)
            request_headers["host"] = target.host_header
            async with client.stream(
                "POST",
                target.request_url,
                content=body,
                headers=request_headers,
                extensions=target.extensions,
                follow_redirects=False,
                timeout=timeout,
            ) as response:
                answer = _answer_from(response)
                await _read_at_most(response, MAX_RESPONSE_BYTES)
                return answer
    except TargetRefused as refused:
        return WebhookAnswer(error=_brief(f"refused target: {refused.reason}"))
    except (TimeoutError, httpx.TimeoutException):
        # Once the status is known, a slow body does not undo the answer.
        timed_out = WebhookAnswer(error=f"timeout: no answer within {timeout:g} s")
        return answer if answer is not None else timed_out
    except httpx.HTTPError as exc:
        return answer if answer is not None else WebhookAnswer(error=_describe(exc))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date; never negative."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are always GMT; `-0000` parses as naive.
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _answer_from(response: httpx.Response) -> WebhookAnswer:
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    # Following a redirect would send the signed body somewhere the policy has not checked.
    error = "redirect not followed" if 300 <= response.status_code < 400 else None
    return WebhookAnswer(status_code=response.status_code, retry_after_seconds=retry_after, error=error)


async def _read_at_most(response: httpx.Response, limit: int) -> None:
    # Raw bytes, so a compressed answer cannot expand into more than we meant to read.
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read >= limit:
            return


def _describe(exc: httpx.HTTPError) -> str:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return _brief(f"TLS error: {cause}")
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return _brief(f"connection failed: {exc}")
    return _brief(f"{type(exc).__name__}: {exc}")


def _brief(text: str) -> str:
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"
