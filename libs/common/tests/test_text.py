"""Strings are text (common.text): NUL and lone surrogates are refused with a 422 naming the field; bodies
are I-JSON (common.ijson) and JSON only (a 415 otherwise); on a bare app without infrastructure."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from common.errors import install_problem_handlers
from common.logging import Correlation
from common.text import fault, json_faults


class Title(BaseModel):
    en: str
    ko: str | None = None


class Meeting(BaseModel):
    title: Title
    documents: list[str] = []
    extensions: dict[str, str] = {}


def app() -> FastAPI:
    application = FastAPI()
    application.add_middleware(Correlation)
    install_problem_handlers(application)

    @application.get("/v1/members/{code}/status")
    async def status(code: str, at: str | None = None) -> dict[str, str | None]:
        return {"code": code, "at": at}

    @application.post("/v1/meetings")
    async def schedule(meeting: Meeting) -> Meeting:
        return meeting

    @application.post("/v1/notes")
    async def note(body: dict[str, Any]) -> dict[str, Any]:
        return body

    return application


async def send(method: str, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, path, **kwargs)


def post_json(path: str, raw: bytes, content_type: str = "application/json") -> Any:
    return send("POST", path, content=raw, headers={"content-type": content_type})


def refused_fields(answer: httpx.Response) -> list[tuple[str, str]]:
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["type"].endswith("/invalid-request")
    assert problem["field"] == problem["errors"][0]["field"]
    return [(e["in"], e["field"]) for e in problem["errors"]]


async def test_a_nul_in_a_nested_body_field_is_a_422_naming_the_field() -> None:
    answer = await post_json("/v1/meetings", b'{"title": {"en": "TRM+ held\\u0000"}}')
    assert refused_fields(answer) == [("body", "title.en")]
    assert "NUL" in answer.json()["errors"][0]["message"]


async def test_a_lone_surrogate_in_a_body_field_is_a_422_naming_the_field() -> None:
    answer = await post_json("/v1/meetings", b'{"title": {"en": "ok", "ko": "\\ud800"}}')
    assert refused_fields(answer) == [("body", "title.ko")]
    assert "U+D800" in answer.json()["errors"][0]["message"]


async def test_a_surrogate_sent_as_raw_bytes_is_refused_like_its_escape() -> None:
    # Python's json module decodes bytes with surrogatepass, so these three bytes become U+D800.
    answer = await post_json("/v1/meetings", b'{"title": {"en": "\xed\xa0\x80"}}')
    assert refused_fields(answer) == [("body", "title.en")]


async def test_every_field_at_fault_is_listed_in_document_order_with_list_indexes() -> None:
    raw = b'{"title": {"en": "\\u0000"}, "documents": ["fine", "\\udfff"], "extensions": {"a\\u0000": "x"}}'
    answer = await post_json("/v1/meetings", raw)
    assert refused_fields(answer) == [
        ("body", "title.en"),
        ("body", "documents.1"),
        ("body", "extensions.a\\u0000"),
    ]


async def test_a_body_of_any_json_media_type_or_of_none_is_checked() -> None:
    for content_type in ("application/merge-patch+json", "application/json; charset=utf-8"):
        answer = await post_json("/v1/notes", b'{"note": "\\u0000"}', content_type)
        assert refused_fields(answer) == [("body", "note")]
    bare = await send("POST", "/v1/notes", content=b'{"note": "\\u0000"}')
    assert refused_fields(bare) == [("body", "note")]


async def test_a_nul_in_a_path_parameter_is_a_422_naming_the_parameter() -> None:
    answer = await send("GET", "/v1/members/K%00R/status")
    assert refused_fields(answer) == [("path", "code")]


async def test_percent_encoded_bytes_that_are_not_utf8_in_a_path_are_refused_not_replaced() -> None:
    answer = await send("GET", "/v1/members/%ED%A0%80/status")
    assert refused_fields(answer) == [("path", "code")]


async def test_a_nul_or_a_surrogate_in_a_query_parameter_is_a_422_naming_it() -> None:
    assert refused_fields(await send("GET", "/v1/members/KOR/status?at=2014%00")) == [("query", "at")]
    assert refused_fields(await send("GET", "/v1/members/KOR/status?at=%ED%B0%80")) == [("query", "at")]


async def test_a_path_no_route_knows_is_refused_as_the_path() -> None:
    assert refused_fields(await send("GET", "/v1/nowhere/%00")) == [("path", "path")]


async def test_text_in_any_script_passes_untouched() -> None:
    body = '{"title": {"en": "TRM+ 😀", "ko": "동북아평화협력 포럼"}, "documents": ["Ülan-Bator"]}'
    answer = await post_json("/v1/meetings", body.encode())
    assert answer.status_code == 200
    assert answer.json()["title"]["ko"] == "동북아평화협력 포럼"
    query = await send("GET", "/v1/members/%EB%B6%81/status?at=%E2%80%94")
    assert query.json() == {"code": "북", "at": "—"}


async def test_a_body_that_is_not_json_is_a_422_saying_where_it_breaks() -> None:
    answer = await post_json("/v1/meetings", b'{"title": ')
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["type"] == "json_invalid"
    assert "line 1, column 11" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("raw", "field", "kind"),
    [
        (b"[" * 10_000 + b"]" * 10_000, None, "too_deep"),
        (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, None, "too_deep"),
        (
            b'{"title": {"en": ' + b"[" * 40 + b"]" * 40 + b"}}",
            "title.en." + ".".join(["0"] * 30),
            "too_deep",
        ),
        (b'{"title": {"en": "a", "en": "b"}}', "title.en", "duplicate_name"),
        (b'{"documents": [NaN]}', "documents.0", "not_ijson_number"),
        (b'{"documents": [-Infinity]}', "documents.0", "not_ijson_number"),
        (b'{"documents": [1e400]}', "documents.0", "not_ijson_number"),
        (b'{"documents": [' + b"9" * 5_000 + b"]}", "documents.0", "not_ijson_number"),
        (b'{"documents": [9007199254740992]}', "documents.0", "not_ijson_number"),
        (b'{"title": "\xff\xfe"}', None, "not_text"),
    ],
)
async def test_a_body_that_is_not_i_json_is_a_422_naming_where(
    raw: bytes, field: str | None, kind: str
) -> None:
    answer = await post_json("/v1/meetings", raw)
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert (error["field"], error["in"], error["type"]) == (field, "body", kind)
    assert len(answer.content) < 2_000


async def test_the_largest_exact_integer_and_a_finite_number_pass() -> None:
    answer = await post_json("/v1/notes", b'{"n": 9007199254740991, "x": -1.5e300, "bom": 1}')
    assert answer.status_code == 200
    assert answer.json() == {"n": 9007199254740991, "x": -1.5e300, "bom": 1}
    with_mark = await post_json("/v1/notes", b'\xef\xbb\xbf{"n": 1}')
    assert with_mark.status_code == 200


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"],
)
async def test_a_body_of_another_media_type_than_json_is_a_415_naming_the_content_type(
    content_type: str,
) -> None:
    answer = await post_json("/v1/meetings", b'{"title": {"en": "TRM+"}}', content_type)
    assert answer.status_code == 415
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["field"] == "Content-Type"
    assert answer.headers["accept-post"] == "application/json"


async def test_a_huge_content_type_is_not_echoed_whole() -> None:
    answer = await post_json("/v1/meetings", b"x", "text/" + "x" * 10_000)
    assert answer.status_code == 415
    assert len(answer.content) < 1_000


@pytest.mark.parametrize(
    ("value", "is_text"),
    [("", True), ("TRM+", True), ("😀", True), ("\x00", False), ("a\ud800", False), ("\udfff", False)],
)
def test_text_is_every_string_without_nul_or_lone_surrogates(value: str, is_text: bool) -> None:
    assert (fault(value) is None) is is_text


def test_a_deeply_nested_document_is_walked_without_recursion() -> None:
    document: Any = "\x00"
    for _ in range(100_000):
        document = [document]
    [(field, _reason)] = list(json_faults(document))
    assert field == ".".join(["0"] * 100_000)
