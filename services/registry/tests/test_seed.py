"""Importing the reference data: what a fresh registry knows afterwards; a second import is a no-op."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from common.db import create_engine
from common.messaging.tables import outbox
from common.testing.fixtures import admin_headers
from registry.config import RegistrySettings
from registry.seed import main as seed_command
from registry.seed import reference_file

pytestmark = pytest.mark.integration

ADMIN = admin_headers()


def reference() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(reference_file().read_text())
    return document


async def events_by_type(settings: RegistrySettings) -> dict[str, int]:
    engine = create_engine(settings.sqlalchemy_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(outbox.c.event_type, func.count()).group_by(outbox.c.event_type)
            )
            return {event_type: count for event_type, count in rows.all()}
    finally:
        await engine.dispose()


async def import_reference(registry: httpx.AsyncClient) -> dict[str, Any]:
    answer = await registry.post("/v1/import", json=reference(), headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_after_the_import_the_registry_knows_the_participants_the_invitee_and_the_mechanisms(
    registry: httpx.AsyncClient,
) -> None:
    counts = await import_reference(registry)
    assert counts["members"] == {"created": len(reference()["members"]), "skipped": 0}
    assert counts["mechanisms"]["created"] == len(reference()["mechanisms"])

    participants = await registry.get("/v1/members", params={"kind": "state", "status": "participant"})
    assert [m["code"] for m in participants.json()["items"]] == ["CHN", "JPN", "KOR", "MNG", "RUS", "USA"]
    prk = await registry.get("/v1/members/PRK")
    assert prk.json()["status"] == "invited"
    history = await registry.get("/v1/members/PRK/status", params={"at": "2014-03-01"})
    assert history.status_code == 200
    assert history.json()["status_at"] == "invited"

    arf = (await registry.get("/v1/mechanisms/ARF")).json()
    assert (arf["member_count"], arf["member_count_source"]) == (27, "declared")
    trm_plus = (await registry.get("/v1/mechanisms/TRM+")).json()
    assert trm_plus["expands"] == "TRM"
    members = (await registry.get("/v1/mechanisms/TRM+/members")).json()["members"]
    assert sorted(m["member_code"] for m in members) == ["CHN", "JPN", "KOR", "RUS", "USA"]

    political = (await registry.get("/v1/issue-areas/political_military")).json()
    assert political["open"] is False
    assert (await registry.get("/v1/issue-areas/nuclear_safety")).json()["open"] is True


async def test_the_import_announces_what_the_api_would_and_a_second_import_creates_and_announces_nothing(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    await import_reference(registry)
    announced = await events_by_type(registry_settings)
    document = reference()
    assert announced == {
        "org.neacoop.registry.member.registered.v1": len(document["members"]),
        "org.neacoop.registry.issue_area.registered.v1": len(document["issue_areas"]),
        "org.neacoop.registry.mechanism.registered.v1": len(document["mechanisms"]),
    }

    again = await import_reference(registry)
    assert all(section["created"] == 0 for section in again.values())
    assert again["members"]["skipped"] == len(document["members"])
    assert await events_by_type(registry_settings) == announced


async def test_a_partial_document_adds_only_what_is_missing(registry: httpx.AsyncClient) -> None:
    first = {
        "members": [{"code": "KOR", "name": "Republic of Korea", "kind": "state", "status": "participant"}]
    }
    assert (await registry.post("/v1/import", json=first, headers=ADMIN)).status_code == 200

    answer = await import_reference(registry)
    assert answer["members"] == {"created": len(reference()["members"]) - 1, "skipped": 1}


async def test_an_invalid_document_is_refused_naming_the_path_of_the_bad_field_and_nothing_is_written(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    korea = {"code": "KOR", "name": "Korea", "kind": "state"}
    bad_kind = {"members": [korea, {"code": "X", "name": "X", "kind": "planet"}]}
    answer = await registry.post("/v1/import", json=bad_kind, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.json()["field"] == "members.1.kind"

    unknown_member = {
        "members": [korea],
        "mechanisms": [{"code": "TRM", "name": "TRM", "members": ["KOR", "ATL"]}],
    }
    answer = await registry.post("/v1/import", json=unknown_member, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.json()["field"] == "mechanisms.0.members"
    assert "ATL" in answer.json()["detail"]

    repeated = {"issue_areas": [{"code": "energy", "name": "Energy", "kind": "non_traditional"}] * 2}
    answer = await registry.post("/v1/import", json=repeated, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.json()["field"] == "issue_areas.1.code"

    assert (await registry.get("/v1/members/KOR")).status_code == 404
    assert await events_by_type(registry_settings) == {}


async def test_an_import_dates_the_founding_of_trm_plus_as_an_expansion_of_trm_as_the_api_would(
    registry: httpx.AsyncClient,
) -> None:
    # The reference file dates no membership; an operator's copy may (issue 11, item 3: an expansion
    # counts whether it came from the seed or the API, and the roadmap counts only a dated one).
    document = reference()
    founded = {"TRM": "2008-12-13", "TRM+": "2013-09-01"}
    for mechanism in document["mechanisms"]:
        if mechanism["code"] in founded:
            mechanism["joined_on"] = founded[mechanism["code"]]
    answer = await registry.post("/v1/import", json=document, headers=ADMIN)
    assert answer.status_code == 200, answer.text

    trm_plus = (await registry.get("/v1/mechanisms/TRM+")).json()
    assert trm_plus["expands"] == "TRM"
    for code, on in founded.items():
        members = (await registry.get(f"/v1/mechanisms/{code}/members")).json()["members"]
        assert {m["joined_on"] for m in members} == {on}, code
    before = (await registry.get("/v1/mechanisms/TRM+/members", params={"at": "2013-08-31"})).json()
    assert before["members"] == []


def test_the_seed_command_parses_its_arguments_strictly_and_imports_nothing_when_asked_for_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Both leave before the import: a command that ignored them would return, not exit.
    with pytest.raises(SystemExit) as helped:
        seed_command(["--help"])
    assert helped.value.code == 0
    assert "reference file" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        seed_command(["--yes"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --yes" in capsys.readouterr().err


async def test_only_an_administrator_may_import(registry: httpx.AsyncClient) -> None:
    assert (await registry.post("/v1/import", json={})).status_code == 401


async def test_the_seed_command_imports_the_reference_file_into_the_configured_database(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    environment = {
        **os.environ,
        "NEACOOP_DATABASE_URL": registry_settings.sqlalchemy_url,
        "NEACOOP_KAFKA_BOOTSTRAP_SERVERS": registry_settings.kafka_bootstrap_servers,
    }
    environment.pop("NEACOOP_REFERENCE_FILE", None)

    async def run_seed() -> str:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "registry.seed",
            env=environment,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        assert process.returncode == 0, output.decode()
        return output.decode()

    members = len(reference()["members"])
    assert f"members: {members} created, 0 skipped" in await run_seed()
    assert f"members: 0 created, {members} skipped" in await run_seed()
    participants = await registry.get("/v1/members", params={"kind": "state", "status": "participant"})
    assert len(participants.json()["items"]) == 6
