"""The console's forwarder: the page's `/api/<service>/v1/...` reaches that service with the page's query,
body and credentials, and the answer comes back as the service gave it; what it cannot forward is a problem
response naming the field, never a 500. The services are stood in for by small apps of the test's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from common.testing.fixtures import running_app
from console.config import ConsoleSettings
from console.main import create_app

PAGE = "<!doctype html><title>Cooperation console</title>"


def service_stand_in() -> FastAPI:
    """Answers with what it received, as every service would be asked."""
    app = FastAPI()

    @app.api_route("/v1/{path:path}", methods=["GET", "POST"])
    async def echo(path: str, request: Request) -> dict[str, Any]:
        return {
            "host": request.url.hostname,
            "path": path,
            "query": request.query_params.multi_items(),
            "authorization": request.headers.get("authorization"),
            "cookie": request.headers.get("cookie"),
            "body": (await request.body()).decode(),
        }

    return app


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE)
    return tmp_path


@pytest.fixture
async def console(bundle: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = ConsoleSettings(console_static_dir=bundle, meetings_url="http://meetings.test:8002")
    app = create_app(settings, transport=httpx.ASGITransport(app=service_stand_in()))
    async with running_app(app) as client:
        yield client


async def test_a_read_reaches_the_service_with_its_query_and_comes_back_as_given(
    console: httpx.AsyncClient,
) -> None:
    answer = await console.get(
        "/api/meetings/v1/meetings", params=[("issue_area", "nuclear_safety"), ("limit", "5")]
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    echoed = answer.json()
    assert echoed["host"] == "meetings.test"
    assert echoed["path"] == "meetings"
    assert echoed["query"] == [["issue_area", "nuclear_safety"], ["limit", "5"]]


async def test_an_administrators_action_carries_the_typed_token_and_its_body_but_no_cookie(
    console: httpx.AsyncClient,
) -> None:
    answer = await console.post(
        "/api/notifications/v1/deliveries/d-1/redeliver",
        headers={"Authorization": "Bearer typed-in", "Cookie": "session=console"},
        json={"why": "fixed"},
    )
    echoed = answer.json()
    assert (echoed["authorization"], echoed["cookie"]) == ("Bearer typed-in", None)
    assert echoed["body"] == '{"why":"fixed"}'


async def test_an_unknown_service_is_a_problem_naming_the_service(console: httpx.AsyncClient) -> None:
    answer = await console.get("/api/analytics/v1/anything")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["field"] == "service"


async def test_only_the_versioned_api_is_forwarded_not_the_operations_endpoints(
    console: httpx.AsyncClient,
) -> None:
    answer = await console.get("/api/registry/metrics")
    assert answer.status_code == 404
    assert answer.json()["field"] == "path"


async def test_a_service_that_does_not_answer_is_a_503_problem_naming_it(bundle: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    app = create_app(ConsoleSettings(console_static_dir=bundle), transport=httpx.MockTransport(refuse))
    async with running_app(app) as client:
        answer = await client.get("/api/roadmap/v1/roadmaps/NAPCI")
    assert answer.status_code == 503
    problem = answer.json()
    assert (problem["title"], problem["field"]) == ("Service unavailable", "service")
    assert "roadmap" in problem["detail"]


async def test_the_page_and_the_liveness_probe_are_served(console: httpx.AsyncClient) -> None:
    page = await console.get("/")
    assert page.status_code == 200
    assert page.text == PAGE
    assert (await console.get("/healthz")).json() == {"status": "ok"}


def test_without_its_built_page_the_console_refuses_to_start_and_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="make console"):
        create_app(ConsoleSettings(console_static_dir=tmp_path))
