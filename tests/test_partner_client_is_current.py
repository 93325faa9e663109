"""The partner client in clients/python is what openapi-python-client generates from docs/openapi/*.json
today (issue #13), as docs/openapi/*.json are what the routes give (test_openapi_contract.py): a document
changed without `make client` fails here. No Kafka or PostgreSQL is needed."""

from __future__ import annotations

from pathlib import Path

from devstack import client

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_client_is_what_the_documents_generate() -> None:
    assert client.stale(ROOT) == [], "clients/python is stale: run `make client`"


def test_every_service_has_its_package_with_a_typed_problem() -> None:
    from nea_coop_client import meetings, notifications, registry, roadmap
    from nea_coop_client.meetings.models import Problem as MeetingsProblem
    from nea_coop_client.notifications.models import Problem as NotificationsProblem
    from nea_coop_client.registry.models import Problem as RegistryProblem
    from nea_coop_client.roadmap.models import Problem as RoadmapProblem

    for package in (registry, meetings, roadmap, notifications):
        assert package.AuthenticatedClient
    for problem in (RegistryProblem, MeetingsProblem, RoadmapProblem, NotificationsProblem):
        parsed = problem.from_dict({"type": "t", "title": "T", "status": 409, "detail": "d", "extra": 1})
        assert (parsed.status, parsed.additional_properties) == (409, {"extra": 1})
