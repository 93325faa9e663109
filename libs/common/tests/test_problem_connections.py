"""Problem responses on a real uvicorn server: the connection stays open, and expected refusals are not
logged as errors with a traceback."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
import structlog
from fastapi import FastAPI
from pydantic import BaseModel

from common.errors import install_problem_handlers
from common.logging import Correlation
from common.testing.server import client_port, served


class Title(BaseModel):
    en: str


class Thing(BaseModel):
    title: Title


def app() -> FastAPI:
    application = FastAPI()
    application.add_middleware(Correlation)
    install_problem_handlers(application)

    @application.get("/things/{code}")
    async def read(code: str, status: str | None = None) -> dict[str, str | None]:
        return {"code": code, "status": status}

    @application.post("/things")
    async def write(thing: Thing) -> Thing:
        return thing

    @application.get("/starting-up")
    async def starting_up() -> None:
        # What asyncpg raises when PostgreSQL answers a connection with SQLSTATE 57P03.
        raise asyncpg.CannotConnectNowError("the database system is starting up")

    @application.get("/bug")
    async def bug() -> None:
        raise ZeroDivisionError("a bug")

    return application


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with served(app(), lifespan=False) as base_url:
        # One connection at most: a request after a dropped connection would have to open another.
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base_url, limits=limits) as http:
            yield http


NUL_IN_BODY = b'{"title": {"en": "TRM+\\u0000 held"}}'


async def test_the_connection_stays_open_after_a_503(client: httpx.AsyncClient) -> None:
    before = await client.get("/things/KOR")
    refused = await client.get("/starting-up")
    after = await client.get("/things/KOR")
    assert (before.status_code, refused.status_code, after.status_code) == (200, 503, 200)
    assert refused.headers["retry-after"] == "5"
    assert refused.headers.get("connection") != "close"
    assert client_port(before) == client_port(refused) == client_port(after)


async def test_the_connection_stays_open_after_a_422_for_text_that_is_not_text(
    client: httpx.AsyncClient,
) -> None:
    before = await client.get("/things/KOR")
    refused = await client.post("/things", content=NUL_IN_BODY, headers={"content-type": "application/json"})
    after = await client.get("/things/KOR?status=a%00b")
    assert (before.status_code, refused.status_code, after.status_code) == (200, 422, 422)
    assert client_port(before) == client_port(refused) == client_port(after)


async def test_the_connection_stays_open_after_a_500_too(client: httpx.AsyncClient) -> None:
    before = await client.get("/things/KOR")
    failed = await client.get("/bug")
    after = await client.get("/things/KOR")
    assert failed.status_code == 500
    assert client_port(before) == client_port(failed) == client_port(after)


async def test_a_503_carries_the_correlation_id_it_shows_in_its_body(client: httpx.AsyncClient) -> None:
    refused = await client.get("/starting-up", headers={"X-Correlation-ID": "restart-1"})
    assert refused.headers["x-correlation-id"] == refused.json()["correlation_id"] == "restart-1"


async def test_a_422_and_a_503_log_no_error_and_no_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with structlog.testing.capture_logs() as ours, caplog.at_level(logging.INFO):
        assert (await client.get("/starting-up")).status_code == 503
        assert (await client.get("/things/a%00b")).status_code == 422
    assert [line["log_level"] for line in ours] == ["warning"]
    assert not any("exc_info" in line or "exception" in line for line in ours)
    # uvicorn's "Exception in ASGI application" is how an exception escaping the app used to show.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_a_bug_is_logged_once_as_an_error_with_its_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with structlog.testing.capture_logs() as ours, caplog.at_level(logging.INFO):
        assert (await client.get("/bug")).status_code == 500
    assert [(line["event"], line["log_level"]) for line in ours] == [("unhandled error", "error")]
    assert isinstance(ours[0]["exc_info"], ZeroDivisionError)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
