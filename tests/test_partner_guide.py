"""docs/partners.md stays true to the code: every curl example calls an operation the services' OpenAPI
documents declare, with the method and the headers that operation takes, and every Python example
type-checks (mypy) against the generated client in clients/python. The story the guide tells is played
on the real services by tests/test_partner_client.py. No Kafka or PostgreSQL is needed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from devstack import openapi as contract
from devstack.services import SERVICES

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "partners.md"
PORTS = {f"800{n}": service for n, service in enumerate(SERVICES, start=1)}
CALL = re.compile(r"localhost:(800[1-4])(/[^\s'\"?]*)")
HEADER = re.compile(r"-H ['\"]([A-Za-z-]+):")
# Headers every operation may take: they are not declared per operation.
GENERAL_HEADERS = {"authorization", "content-type"}

# What the Python examples take as given: the values a partner has by then.
PREAMBLE = """
import uuid

from nea_coop_client.meetings import AuthenticatedClient as _Meetings
from nea_coop_client.meetings.models import HeldRecord, MeetingCreate
from nea_coop_client.notifications import AuthenticatedClient as _Notifications

ADMIN_KEY = token = "<client id>.<secret>"
meeting_id = uuid.uuid4()
contact_id = "<contact id>"
secret = "whsec_..."
held: HeldRecord
meeting: MeetingCreate
meetings = _Meetings(base_url="http://127.0.0.1:8002", token=token)
notifications = _Notifications(base_url="http://127.0.0.1:8004", token=token)
"""


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def commands() -> list[str]:
    """Each curl command of the guide on one line."""
    found = []
    for block in blocks("sh"):
        for command in block.replace("\\\n", " ").splitlines():
            if "curl " in command:
                found.append(command)
    return found


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    """The operation of `document` at `path`, whose segments may fill path parameters (`KOR`, `$MEETING`,
    `<item id>`); a template with more literal segments wins, as in the services' routers."""
    segments = path.rstrip("/").split("/")
    candidates = []
    for template, item in document["paths"].items():
        parts = template.split("/")
        if len(parts) == len(segments) and all(
            p == s or p.startswith("{") for p, s in zip(parts, segments, strict=True)
        ):
            candidates.append((sum(p == s for p, s in zip(parts, segments, strict=True)), template, item))
    if not candidates:
        return None
    found: dict[str, Any] | None = max(candidates, key=lambda c: c[0])[2].get(method)
    return found


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    return {service: contract.document(service) for service in SERVICES}


def test_every_curl_example_calls_a_documented_operation_with_headers_it_takes(
    documents: dict[str, dict[str, Any]],
) -> None:
    checked = 0
    for command in commands():
        for port, path in CALL.findall(command):
            explicit = re.search(r"-X (\w+)", command)
            method = (explicit.group(1) if explicit else ("POST" if " -d " in command else "GET")).lower()
            found = operation(documents[PORTS[port]], method, path)
            assert found is not None, f"{method.upper()} {path} is no operation of {PORTS[port]}: {command}"
            declared = {p["name"].lower() for p in found.get("parameters", []) if p["in"] == "header"}
            for header in HEADER.findall(command):
                assert header.lower() in declared | GENERAL_HEADERS, f"{header} is not taken by {command}"
            checked += 1
    assert checked >= 12


def test_every_python_example_type_checks_against_the_generated_client(tmp_path: Path) -> None:
    examples = [
        f"def example_{n}() -> None:\n" + re.sub("^", "    ", b, flags=re.M)
        for n, b in enumerate(blocks("python"))
    ]
    assert len(examples) >= 8
    module = tmp_path / "partner_guide_examples.py"
    module.write_text(PREAMBLE + "\n\n" + "\n\n".join(examples), encoding="utf-8")
    # In a process of its own: mypy raises the interpreter's recursion limit, which changes how the rest
    # of the suite's deeply nested bodies are refused.
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--check-untyped-defs",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "mypy"),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(module),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
