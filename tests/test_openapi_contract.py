"""The HTTP contract partners generate their clients from (issue #13): docs/openapi/<service>.json are
current with the code, every operation has a readable operationId unique across the four services, every
problem a route can answer is documented with the one `Problem` schema under `application/problem+json`,
and FastAPI's `HTTPValidationError`, which the server never sends, appears nowhere. No Kafka or PostgreSQL
is needed: the documents are built from the apps' routes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from common.errors import TITLES, NotFound
from common.openapi_problems import FIELD_ERROR_SCHEMA, PROBLEM_SCHEMA
from devstack import openapi as contract
from devstack.services import SERVICES

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("get", "post", "put", "patch", "delete")
WRITES = frozenset({"post", "put", "patch", "delete"})
# Formats checked too (dates, date-times, e-mail addresses, URIs, UUIDs), so a date cannot drift either.
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
CAMEL_CASE = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$|^[a-z]+$")

# A status a route documents with a body of its own, not a problem, and why.
NOT_PROBLEMS = {("get", "/readyz", "503"): "the readiness report names each check, like the 200's"}


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    return {service: contract.document(service) for service in SERVICES}


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def resolved(document: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        found: dict[str, Any] = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
        return found
    return response


@pytest.mark.parametrize("service", SERVICES)
def test_the_document_in_docs_is_what_the_service_serves(service: str) -> None:
    current = (ROOT / "docs" / "openapi" / f"{service}.json").read_text(encoding="utf-8")
    assert current == contract.render(service), f"docs/openapi/{service}.json is stale: run `make openapi`"


def test_every_operation_has_a_camel_case_operation_id_unique_across_the_services(
    documents: dict[str, dict[str, Any]],
) -> None:
    seen: dict[str, str] = {}
    for service, document in documents.items():
        for method, path, operation in operations(document):
            where = f"{service}: {method.upper()} {path}"
            operation_id = operation.get("operationId")
            assert operation_id, f"{where} has no operationId"
            assert CAMEL_CASE.match(operation_id), f"{where}: {operation_id} is not camelCase"
            assert operation_id not in seen, f"{where} and {seen[operation_id]} are both {operation_id}"
            seen[operation_id] = where
    for expected in ("registerMember", "scheduleMeeting", "recordMeetingHeld", "recordDecision"):
        assert expected in seen


def test_every_problem_status_is_the_problem_schema_with_an_example_of_its_status(
    documents: dict[str, dict[str, Any]],
) -> None:
    for service, document in documents.items():
        for method, path, operation in operations(document):
            for status, declared in operation["responses"].items():
                if int(status) < 400 or (method, path, status) in NOT_PROBLEMS:
                    continue
                where = f"{service}: {method.upper()} {path} {status}"
                content = resolved(document, declared)["content"]
                assert list(content) == ["application/problem+json"], where
                media = content["application/problem+json"]
                assert media["schema"] == {"$ref": "#/components/schemas/Problem"}, where
                assert media["examples"], where
                for example in media["examples"].values():
                    assert example["value"]["status"] == int(status), where


def request_examples(document: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    """The examples a generator or linter finds for a request body: on the media type, on its schema,
    or on the model a `$ref` (or a branch of `anyOf`, for an optional body) names."""
    found = [media["example"]] if "example" in media else []
    found += [example["value"] for example in media.get("examples", {}).values()]
    schema = media["schema"]
    for candidate in [schema, *schema.get("anyOf", [])]:
        if "$ref" in candidate:
            candidate = document["components"]["schemas"][candidate["$ref"].rsplit("/", 1)[-1]]
        found += candidate.get("examples", [])
    return found


def test_every_write_with_a_body_has_an_example_valid_against_its_own_schema(
    documents: dict[str, dict[str, Any]],
) -> None:
    checked = 0
    for service, document in documents.items():
        for method, path, operation in operations(document):
            if method not in WRITES or "requestBody" not in operation:
                continue
            where = f"{service}: {method.upper()} {path}"
            media = operation["requestBody"]["content"]["application/json"]
            examples = request_examples(document, media)
            assert examples, f"{where} has no request example: declare one next to its model"
            # On the media type too, where Swagger UI offers it and Spectral checks it.
            assert media.get("examples"), f"{where}: the request body shows no example"
            # The body's schema as the root, with the document's components beside it, so that its
            # `#/components/schemas/...` references resolve as they do in the document.
            schema = {**media["schema"], "components": document["components"]}
            validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
            for example in examples:
                errors = [
                    f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                    for e in validator.iter_errors(example)
                ]
                assert not errors, f"{where}: the example does not fit its schema: {errors}"
                checked += 1
    assert checked, "no write with a body was found"


def test_no_document_mentions_fastapis_validation_error(documents: dict[str, dict[str, Any]]) -> None:
    for service, document in documents.items():
        assert "HTTPValidationError" not in json.dumps(document), service
        assert "ValidationError" not in document["components"]["schemas"], service


def test_each_route_documents_what_its_dependencies_can_answer(documents: dict[str, dict[str, Any]]) -> None:
    for service, document in documents.items():
        for method, path, operation in operations(document):
            where = f"{service}: {method.upper()} {path}"
            statuses = set(operation["responses"])
            headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
            assert "503" in statuses, where
            if operation.get("security"):
                assert {"401", "403"} <= statuses, where
            else:
                assert not {"401", "403"} & statuses, f"{where} is open yet documents 401/403"
            if "if-match" in headers:
                assert "412" in statuses, where
            if "requestBody" in operation:
                assert {"413", "415", "422"} <= statuses, where
            if "idempotency-key" in headers:
                success = next(r for s, r in operation["responses"].items() if s.startswith("2"))
                assert "Idempotent-Replayed" in success["headers"], where
            if "201" in statuses:
                assert "Location" in operation["responses"]["201"]["headers"], where


def problem_examples(document: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, status, body) of every problem example on every operation."""
    for method, path, operation in operations(document):
        for status, declared in operation["responses"].items():
            content = resolved(document, declared).get("content", {})
            for example in content.get("application/problem+json", {}).get("examples", {}).values():
                yield method, path, status, example["value"]


def test_the_outage_answer_tells_when_to_retry(documents: dict[str, dict[str, Any]]) -> None:
    for service, document in documents.items():
        for method, path, operation in operations(document):
            if (method, path, "503") in NOT_PROBLEMS:
                continue
            outage = resolved(document, operation["responses"]["503"])
            assert "Retry-After" in outage["headers"], f"{service}: {method.upper()} {path}"


def test_the_examples_are_problems_and_one_type_always_has_one_title(
    documents: dict[str, dict[str, Any]],
) -> None:
    schema = {**PROBLEM_SCHEMA, "$defs": {"ProblemFieldError": FIELD_ERROR_SCHEMA}}
    schema = json.loads(json.dumps(schema).replace("#/components/schemas/", "#/$defs/"))
    titles: dict[str, str] = {}
    for document in documents.values():
        for _, _, _, body in problem_examples(document):
            jsonschema.validate(body, schema)
            assert titles.setdefault(body["type"], body["title"]) == body["title"], body["type"]
            assert TITLES[body["type"].rsplit("/", 1)[-1]] == body["title"], body["type"]


def test_each_problem_example_is_rendered_for_its_own_route(documents: dict[str, dict[str, Any]]) -> None:
    """Its `instance` is the route's own path with example parameters, so a partner reading the 404 of
    `GET /v1/meetings/{meeting_id}` sees a meeting's path, not a member's; each path parameter has a 404
    example of its own, naming the field at fault."""
    for service, document in documents.items():
        not_found: Counter[tuple[str, str]] = Counter()
        for method, path, status, body in problem_examples(document):
            where = f"{service}: {method.upper()} {path} {status}"
            route = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
            assert route.match(body["instance"]), f"{where}: instance {body['instance']}"
            if status == "404":
                assert body["field"], where
                not_found[(method, path)] += 1
        for method, path, operation in operations(document):
            parameters = [p for p in operation.get("parameters", []) if p["in"] == "path"]
            where = f"{service}: {method.upper()} {path}"
            assert not_found[(method, path)] >= len(parameters), f"{where}: a path parameter lacks its 404"


def operation_of(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path][method]
    return found


def test_a_forbidden_example_is_what_the_routes_own_authorisation_refuses(
    documents: dict[str, dict[str, Any]],
) -> None:
    held = operation_of(documents["meetings"], "post", "/v1/meetings/{meeting_id}/held")
    forbidden = held["responses"]["403"]
    details = [
        e["value"]["detail"] for e in forbidden["content"]["application/problem+json"]["examples"].values()
    ]
    assert "this client lacks the `meetings:write` scope" in details
    assert any(detail.endswith("may act only on meetings its own member hosts") for detail in details)
    assert "meetings:write" in forbidden["description"]
    register = operation_of(documents["registry"], "post", "/v1/mechanisms")
    examples = register["responses"]["403"]["content"]["application/problem+json"]["examples"]
    assert [e["value"]["detail"] for e in examples.values()] == ["this client lacks the `admin` scope"]


def test_an_unknown_path_is_the_same_not_found_as_a_missing_resource() -> None:
    with contract.default_settings():
        from registry.main import create_app

        app = create_app()
    answer = TestClient(app).get("/v1/nowhere")
    assert answer.status_code == 404
    assert answer.json()["type"] == NotFound.type_uri()
    assert answer.json()["title"] == NotFound.title


def test_tags_are_declared_with_descriptions_and_info_names_contact_licence_and_servers(
    documents: dict[str, dict[str, Any]],
) -> None:
    for service, document in documents.items():
        declared = {tag["name"]: tag.get("description") for tag in document["tags"]}
        assert all(declared.values()), f"{service}: a tag without a description"
        for method, path, operation in operations(document):
            for tag in operation.get("tags", []):
                assert tag in declared, f"{service}: {method.upper()} {path} uses the undeclared tag {tag!r}"
        assert document["info"]["contact"]["name"], service
        assert document["info"]["license"]["name"], service
        assert document["servers"], service
