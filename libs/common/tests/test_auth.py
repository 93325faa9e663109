"""Authorisation before validation, on a bare app without infrastructure: who may write is decided from
the path, from stored data or from one field of the raw JSON before the body is validated."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, Field

from common.auth import (
    Authenticator,
    MembersOf,
    Principal,
    hash_secret,
    member_in_body,
    member_in_path,
    require_member,
)
from common.errors import install_problem_handlers

ADMIN = {"Authorization": "Bearer admin-key"}
KOREA = {"Authorization": "Bearer cl_kor.secret"}
READER = {"Authorization": "Bearer cl_reader.secret"}
# What the app has stored: the host of each meeting.
HOSTS = {"m1": "JPN"}


class Meeting(BaseModel):
    host_code: str = Field(pattern=r"^[A-Z]{3}$")
    title: str


class Note(BaseModel):
    text: str


class Clients:
    async def find_active(self, client_id: str) -> tuple[str, str | None, frozenset[str]] | None:
        found = {
            "cl_kor": ("KOR", frozenset({"things:write"})),
            "cl_reader": ("KOR", frozenset({"things:read"})),
        }.get(client_id)
        return (hash_secret("secret"), *found) if found else None


async def host_of(request: Request) -> Collection[str]:
    return [HOSTS[request.path_params["meeting_id"]]]


def acting(members_of: MembersOf, field: str) -> Any:
    return Depends(require_member("things:write", members_of, field=field, refusal="may not"))


ForPathMember = Annotated[Principal, acting(member_in_path("code"), "code")]
ForBodyMember = Annotated[Principal, acting(member_in_body("host_code"), "host_code")]
ForHost = Annotated[Principal, acting(host_of, "host_code")]


def app() -> FastAPI:
    application = FastAPI()
    install_problem_handlers(application)
    application.state.authenticator = Authenticator(admin_key="admin-key", clients=Clients())

    @application.patch("/members/{code}")
    async def edit(code: str, body: Note, _: ForPathMember) -> Note:
        return body

    @application.post("/meetings")
    async def schedule(body: Meeting, _: ForBodyMember) -> Meeting:
        return body

    @application.post("/meetings/{meeting_id}/notes")
    async def note(meeting_id: str, body: Note, _: ForHost) -> Note:
        return body

    return application


async def call(method: str, url: str, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, url, json=body, headers=headers)


async def test_a_partner_writing_for_another_member_of_the_path_is_refused_before_the_body_is_read() -> None:
    refused = await call("PATCH", "/members/JPN", {"text": 7}, KOREA)

    assert (refused.status_code, refused.json()["field"]) == (403, "code")
    assert (await call("PATCH", "/members/JPN", {"text": 7})).status_code == 401
    assert (await call("PATCH", "/members/JPN", {"text": 7}, READER)).status_code == 403
    assert (await call("PATCH", "/members/KOR", {"text": 7}, KOREA)).status_code == 422
    assert (await call("PATCH", "/members/JPN", {"text": 7}, ADMIN)).status_code == 422


async def test_a_partner_naming_another_member_in_the_body_is_refused_before_the_body_is_validated() -> None:
    refused = await call("POST", "/meetings", {"host_code": "JPN", "title": 7}, KOREA)

    assert (refused.status_code, refused.json()["field"]) == (403, "host_code")
    assert "errors" not in refused.json()
    assert (await call("POST", "/meetings", {"host_code": " JPN ", "title": 7}, KOREA)).status_code == 403
    assert (await call("POST", "/meetings", {"host_code": "KOR", "title": 7}, KOREA)).status_code == 422
    assert (await call("POST", "/meetings", {"host_code": "KOR", "title": "T"}, KOREA)).status_code == 200


async def test_a_body_that_names_no_member_as_a_string_is_left_to_validation() -> None:
    for body in ({"title": 7}, {"host_code": None}, {"host_code": 410}, ["JPN"], "JPN"):
        answer = await call("POST", "/meetings", body, KOREA)
        assert answer.status_code == 422, (body, answer.text)


async def test_a_partner_acting_on_what_another_member_holds_is_refused_before_the_body_is_read() -> None:
    refused = await call("POST", "/meetings/m1/notes", {"text": 7}, KOREA)

    assert (refused.status_code, refused.json()["field"]) == (403, "host_code")
    assert (await call("POST", "/meetings/m1/notes", {"text": 7}, ADMIN)).status_code == 422


async def test_the_documented_body_of_a_route_is_unchanged_by_the_peek() -> None:
    operation = app().openapi()["paths"]["/meetings"]["post"]

    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Meeting"}
