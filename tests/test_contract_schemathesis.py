"""Schemathesis against each of the four services on the real stack (issue #13): every operation of each
service's own `/openapi.json`, with examples, boundary cases and random data that the schema allows and
that it does not, judged by all of schemathesis's default checks. Whatever it sends, the answer is a
documented status with a body, headers and media type as documented; never a 500 or a dropped connection.

The four services run as they do in production: real uvicorn servers, each on a fresh PostgreSQL
database and the session's Kafka broker, with their consumers and outbox relays. The registry is given a
few members, an issue area and a mechanism first, and the other services learn them over Kafka as they
would from a real registry, so that positive data can be accepted where the domain allows it.

Hypothesis is derandomized and its example database is off, yet two runs are not always alike:
schemathesis feeds what the servers answer (ids, links) back into what it generates. To search wider
than CI does, raise the budget: `NEACOOP_CONTRACT_EXAMPLES=100 NEACOOP_CONTRACT_SCENARIOS=50 pytest
tests/test_contract_schemathesis.py`.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import CheckFunction
from schemathesis.specs.openapi.checks import positive_data_acceptance

import meetings.main
import notifications.main
import registry.main
import roadmap.main
from common.config import ServiceSettings
from common.contracts import CATALOG
from common.errors import RuleViolated
from common.testing.fixtures import (
    admin_headers,
    eventually,
    migrated_database,
    service_settings,
    start_group_at_end,
)
from common.testing.infrastructure import Infrastructure
from common.testing.server import served
from meetings.config import MeetingsSettings
from notifications.config import NotificationsSettings
from registry.config import RegistrySettings
from roadmap.config import RoadmapSettings
from support.meetings import meeting_body

pytestmark = pytest.mark.integration

ADMIN = admin_headers()
STARTUP_SECONDS = 60.0
# Per operation and generation mode; the whole module stays within about three minutes on two cores.
MAX_EXAMPLES = int(os.environ.get("NEACOOP_CONTRACT_EXAMPLES", "10"))
# Scenarios of linked calls per service, and calls per scenario at most.
STATEFUL_SCENARIOS = int(os.environ.get("NEACOOP_CONTRACT_SCENARIOS", "10"))
STATEFUL_STEPS = 8

# Reference data in the shape of nea-reference.json, with the codes the documents' examples use.
REFERENCE = {
    "members": [
        {"code": code, "name": name, "kind": "state", "status": "participant", "status_since": "2013-05-01"}
        for code, name in (
            ("KOR", "Republic of Korea"),
            ("JPN", "Japan"),
            ("CHN", "China"),
            ("RUS", "Russia"),
            ("MNG", "Mongolia"),
            ("USA", "United States"),
        )
    ],
    "issue_areas": [{"code": "nuclear_safety", "name": "Nuclear safety", "kind": "non_traditional"}],
    "mechanisms": [{"code": "TRM", "name": "Trilateral meeting", "members": ["KOR", "JPN", "CHN"]}],
}


SERVICES: dict[str, tuple[Callable[[Any], FastAPI], type[ServiceSettings]]] = {
    "registry": (registry.main.create_app, RegistrySettings),
    "meetings": (meetings.main.create_app, MeetingsSettings),
    "roadmap": (roadmap.main.create_app, RoadmapSettings),
    "notifications": (notifications.main.create_app, NotificationsSettings),
}


@dataclass(frozen=True)
class Stack:
    urls: dict[str, str]


class ServedInTheBackground:
    """The four services served by uvicorn on an event loop of their own, in a thread: schemathesis calls
    them synchronously from the test's thread, as a partner's client would over the network."""

    def __init__(self, infrastructure: Infrastructure) -> None:
        self.infrastructure = infrastructure
        self.urls: dict[str, str] = {}
        self.ready = threading.Event()
        self.failure: BaseException | None = None
        self.loop = asyncio.new_event_loop()
        self.stop: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._run, name="contract-test-services", daemon=True)

    def __enter__(self) -> dict[str, str]:
        self.thread.start()
        if not self.ready.wait(STARTUP_SECONDS):
            raise AssertionError(f"the four services did not start within {STARTUP_SECONDS:.0f}s")
        if self.failure is not None:
            raise AssertionError("the four services did not start") from self.failure
        return self.urls

    def __exit__(self, *exc_info: object) -> None:
        if self.stop is not None:
            self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(STARTUP_SECONDS)

    def _run(self) -> None:
        try:
            self.loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to the test's thread, which fails with it
            self.failure = exc
            self.ready.set()
        finally:
            self.loop.close()

    async def _serve(self) -> None:
        self.stop = asyncio.Event()
        async with AsyncExitStack() as stack:
            for name in SERVICES:
                self.urls[name] = await stack.enter_async_context(self._service(name))
            self.ready.set()
            await self.stop.wait()

    @asynccontextmanager
    async def _service(self, name: str) -> AsyncIterator[str]:
        factory, settings_type = SERVICES[name]
        url = await migrated_database(self.infrastructure, name)
        settings = service_settings(settings_type, self.infrastructure, url)
        # The topics are the session's: each consumer group starts at their end, so that earlier tests'
        # members (a KOR suspended, of a higher version) cannot win over this test's reference data.
        topics = set().union(*(CATALOG.topics_of(service) for service in SERVICES))
        for group in (name, f"{name}.clients"):
            await start_group_at_end(settings, group, topics)
        async with served(factory(settings)) as base_url:
            yield base_url


@pytest.fixture(scope="module")
def stack(infrastructure: Infrastructure) -> Iterator[Stack]:
    with ServedInTheBackground(infrastructure) as urls:
        stack = Stack(urls=urls)
        seed(stack)
        yield stack


def seed(stack: Stack) -> None:
    """The reference data imported into the registry, then a meeting hosted by KOR on nuclear_safety
    scheduled as soon as the meetings service has learnt both from the registry's events: the services
    hold what positive data can name, and the meetings service a meeting to read, change and cancel."""
    imported = httpx.post(f"{stack.urls['registry']}/v1/import", json=REFERENCE, headers=ADMIN, timeout=30)
    assert imported.status_code == 200, imported.text

    async def scheduled() -> bool:
        async with httpx.AsyncClient(base_url=stack.urls["meetings"], headers=ADMIN, timeout=30) as client:
            answer = await client.post("/v1/meetings", json=meeting_body("KOR", ["nuclear_safety"]))
        return answer.status_code == 201

    asyncio.run(eventually(scheduled, what="the meetings service learning KOR and nuclear_safety"))


# Built, never started, at collection: the cases of every operation are generated from the document each
# service serves, which the first test checks against the running server's `/openapi.json`.
NOWHERE = "postgresql+asyncpg://nobody:nobody@127.0.0.1:9/nobody"
DOCUMENTS = {
    name: factory(settings_type(database_url=NOWHERE)).openapi()
    for name, (factory, settings_type) in SERVICES.items()
}
SCHEMAS = {name: schemathesis.openapi.from_dict(document) for name, document in DOCUMENTS.items()}
for schema in SCHEMAS.values():
    # A write that must be conditional and is not answers 428 Precondition Required (RFC 6585 §3), the
    # status made for a missing `If-Match`, which the documents mark required where the server does.
    missing_header = schema.config.checks.missing_required_header
    missing_header.expected_statuses = [*missing_header.expected_statuses, "428"]

REPRODUCIBLE = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("service", SERVICES)
def test_the_cases_come_from_the_document_each_running_service_serves(stack: Stack, service: str) -> None:
    served_document = httpx.get(f"{stack.urls[service]}/openapi.json", timeout=30).json()
    assert served_document == DOCUMENTS[service]


# Values checked against a maintained registry that the document cannot list: IANA time zone names (the
# tz database installed, which differs between machines and changes with each release) and email
# addresses at special-use domains (RFC 6761: `.test`, `.invalid`), which email-validator refuses.
REGISTRY_CHECKED_FIELDS = frozenset({"time_zone", "email"})


def refused_by_the_domain(response: Response) -> bool:
    """Schema-valid data that the state of the initiative refuses, the allowances of the positive-data check.

    A schema says which requests are well formed, not which of them the data held allows: a meeting
    hosted by a member the registry never announced, a cursor this API never gave out or a mechanism that
    would expand itself is well formed and still refused by a rule of the domain (422 `rule-violated`),
    and an `If-Match` of the right shape names a version the resource is not at (412). A 422 of the
    request's shape (`invalid-request`) stays a failure, the document having promised more than the server
    takes, except where every field at fault is one of `REGISTRY_CHECKED_FIELDS`.
    """
    if response.status_code == 412:
        return True
    if response.status_code != 422:
        return False
    problem = response.json()
    if not isinstance(problem, dict):
        return False
    if problem.get("type") == RuleViolated.type_uri():
        return True
    errors = problem.get("errors") or [{}]
    return all(
        error.get("type") == "value_error"
        and str(error.get("field")).rsplit(".", 1)[-1] in REGISTRY_CHECKED_FIELDS
        for error in errors
    )


def ignored_fields_out_of_i_json(response: Response, case: Case[Any]) -> bool:
    """Fields a body's schema leaves open (the criteria document, validated by its own published JSON
    Schema `criteria.schema.json`; the other sections of the reference file an import ignores) can hold
    anything JSON allows, while every service refuses, in any body, integers beyond ±(2**53 - 1) and
    strings with a NUL (I-JSON, RFC 7493; common.ijson and common.text) before reading it."""
    if response.status_code != 422:
        return False
    document = case.operation.schema.raw_schema
    operation = document["paths"][case.operation.path][case.method.lower()]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in body:
        body = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    if body.get("additionalProperties", True) is not True:
        return False
    declared = set(body.get("properties", {}))
    errors = response.json().get("errors") or [{}]
    return all(
        error.get("type") in {"not_ijson_number", "not_text"}
        and str(error.get("field")).split(".", 1)[0] not in declared
        for error in errors
    )


def positive_data_accepted_unless_the_domain_refuses(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    if refused_by_the_domain(response) or ignored_fields_out_of_i_json(response, case):
        return None
    return positive_data_acceptance(ctx, response, case)


# Every default check, with the allowances above in place of the plain positive-data check.
EXCLUDED_CHECKS: list[CheckFunction] = [positive_data_acceptance]
ADDITIONAL_CHECKS: list[CheckFunction] = [positive_data_accepted_unless_the_domain_refuses]


def keeps_its_contract(case: Case[Any], base_url: str) -> None:
    case.call_and_validate(
        base_url=base_url, headers=ADMIN, excluded_checks=EXCLUDED_CHECKS, additional_checks=ADDITIONAL_CHECKS
    )


@SCHEMAS["registry"].parametrize()
@REPRODUCIBLE
def test_the_registry_keeps_its_contract_whatever_it_is_sent(case: Case[Any], stack: Stack) -> None:
    keeps_its_contract(case, stack.urls["registry"])


@SCHEMAS["meetings"].parametrize()
@REPRODUCIBLE
def test_the_meetings_service_keeps_its_contract_whatever_it_is_sent(case: Case[Any], stack: Stack) -> None:
    keeps_its_contract(case, stack.urls["meetings"])


@SCHEMAS["roadmap"].parametrize()
@REPRODUCIBLE
def test_the_roadmap_keeps_its_contract_whatever_it_is_sent(case: Case[Any], stack: Stack) -> None:
    keeps_its_contract(case, stack.urls["roadmap"])


@SCHEMAS["notifications"].parametrize()
@REPRODUCIBLE
def test_the_notifications_service_keeps_its_contract_whatever_it_is_sent(
    case: Case[Any], stack: Stack
) -> None:
    keeps_its_contract(case, stack.urls["notifications"])


# Sequences of calls that follow the links schemathesis infers between operations (a subscription created,
# then read, changed, deleted and read again), so that the checks that need a history run too: use after
# free (a deleted resource answers 404) and ensure-resource-availability (a created one can be read).
STATEFUL = settings(
    max_examples=STATEFUL_SCENARIOS,
    stateful_step_count=STATEFUL_STEPS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_keeps_its_contract_across_linked_calls(stack: Stack, service: str) -> None:
    base_url = stack.urls[service]

    class Workflow(SCHEMAS[service].as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"base_url": base_url, "headers": ADMIN}

        def validate_response(
            self,
            response: Response,
            case: Case[Any],
            additional_checks: list[CheckFunction] | None = None,
            **kwargs: Any,
        ) -> None:
            case.validate_response(
                response,
                headers=ADMIN,
                excluded_checks=EXCLUDED_CHECKS,
                additional_checks=[*ADDITIONAL_CHECKS, *(additional_checks or [])],
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Workflow.run(settings=STATEFUL)
