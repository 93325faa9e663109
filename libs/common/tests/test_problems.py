"""RFC 9457 problem responses, on a bare app without infrastructure."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, FastAPI
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from common.auth import Authenticator, Principal, require_scope
from common.errors import Conflict, install_problem_handlers
from common.logging import Correlation


class UniqueViolation(Exception):
    sqlstate = "23505"


class Body(BaseModel):
    count: int


def app() -> FastAPI:
    application = FastAPI()
    application.add_middleware(Correlation)
    install_problem_handlers(application)
    application.state.authenticator = Authenticator(admin_key="k")

    @application.post("/things")
    async def things(
        body: Body, _: Annotated[Principal, Depends(require_scope("things:write"))]
    ) -> dict[str, int]:
        if body.count > 3:
            raise Conflict("too many things", field="count", limit=3)
        if body.count < 0:
            raise ZeroDivisionError("a bug")
        if body.count == 0:
            raise IntegrityError("INSERT ...", {}, UniqueViolation())
        return {"count": body.count}

    return application


async def call(path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post(path, **kwargs)  # type: ignore[arg-type]


ADMIN = {"Authorization": "Bearer k"}


async def test_a_domain_error_is_a_problem_naming_the_field_and_its_extensions() -> None:
    answer = await call("/things", json={"count": 4}, headers=ADMIN)
    assert answer.status_code == 409
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"].endswith("/conflict")
    assert (problem["field"], problem["limit"], problem["status"]) == ("count", 3, 409)
    assert problem["correlation_id"] == answer.headers["x-correlation-id"]


async def test_an_invalid_body_is_a_422_problem_listing_each_field() -> None:
    answer = await call("/things", json={"count": "many"}, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.json()["field"] == "count"
    assert answer.json()["errors"][0]["field"] == "count"


async def test_missing_or_wrong_credentials_are_a_401_problem() -> None:
    assert (await call("/things", json={"count": 1})).status_code == 401
    wrong = await call("/things", json={"count": 1}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"] == "Bearer"


async def test_an_unexpected_error_is_a_problem_without_internals() -> None:
    answer = await call("/things", json={"count": -1}, headers=ADMIN)
    assert answer.status_code == 500
    assert "ZeroDivision" not in answer.text
    assert answer.json()["type"].endswith("/internal-error")


async def test_a_caller_correlation_id_is_kept() -> None:
    answer = await call("/things", json={"count": 1}, headers={**ADMIN, "X-Correlation-ID": "abc"})
    assert answer.headers["x-correlation-id"] == "abc"


async def test_losing_a_race_on_a_unique_key_is_a_409_not_a_500() -> None:
    answer = await call("/things", json={"count": 0}, headers=ADMIN)
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/conflict")
