"""docs/openapi/*.json pass a standard OpenAPI linter (issue #13): Spectral with its `spectral:oas` ruleset
(.spectral.yaml), with no error, and the warnings left are the ones docs/conventions.md counts and explains,
service by service, so that a new warning is either fixed or written down with its reason.

Spectral is a Node program pinned in deploy/spectral; `make test` (or `make lint-openapi`) installs it in
.run/tools/spectral. Nothing else is needed: the documents are files.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from devstack.services import SERVICES

ROOT = Path(__file__).resolve().parent.parent
SPECTRAL = ROOT / ".run" / "tools" / "spectral" / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / ".spectral.yaml"
CONVENTIONS = ROOT / "docs" / "conventions.md"
# Spectral's severities, in its JSON output.
ERROR, WARNING = 0, 1
# A row of the table in docs/conventions.md: | `rule` | registry | meetings | roadmap | notifications | why |
ROW = re.compile(r"^\s*\| `(?P<rule>[a-z0-9-]+)` \|(?P<counts>(?: *\d+ *\|){4})")
HEADER = "| rule | registry | meetings | roadmap | notifications | why it stays |"


def lint(service: str) -> list[dict[str, Any]]:
    if not SPECTRAL.exists():
        pytest.fail(
            f"the OpenAPI linter is not installed at {SPECTRAL}: run `make lint-openapi` (or `make test`)"
        )
    document = ROOT / "docs" / "openapi" / f"{service}.json"
    ran = subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(RULESET), "--format", "json", "--quiet", str(document)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Exit 1 means "errors found", which the assertions below report; anything else is the tool failing.
    if ran.returncode not in (0, 1) or not ran.stdout.strip():
        pytest.fail(f"spectral failed on {document} (exit {ran.returncode}): {ran.stderr.strip()[-2000:]}")
    results: list[dict[str, Any]] = json.loads(ran.stdout)
    return results


def documented_warnings() -> dict[str, Counter[str]]:
    """Per service, the warnings docs/conventions.md counts, by rule."""
    counted: dict[str, Counter[str]] = {service: Counter() for service in SERVICES}
    text = CONVENTIONS.read_text(encoding="utf-8")
    assert HEADER in text, f"docs/conventions.md has lost the table of OpenAPI lint warnings ({HEADER})"
    for line in text.splitlines():
        row = ROW.match(line)
        if row:
            counts = [int(cell) for cell in row["counts"].strip(" |").split("|")]
            for service, count in zip(
                ("registry", "meetings", "roadmap", "notifications"), counts, strict=True
            ):
                if count:
                    counted[service][row["rule"]] = count
    return counted


@pytest.fixture(scope="module")
def results() -> dict[str, list[dict[str, Any]]]:
    return {service: lint(service) for service in SERVICES}


def where(result: dict[str, Any]) -> str:
    return f"{result['code']} at {'.'.join(map(str, result['path']))}: {result['message']}"


@pytest.mark.parametrize("service", SERVICES)
def test_the_document_has_no_error_under_spectral_oas(
    results: dict[str, list[dict[str, Any]]], service: str
) -> None:
    errors = [where(r) for r in results[service] if r["severity"] == ERROR]
    assert not errors, (
        f"docs/openapi/{service}.json: fix these in the routes or common.openapi:\n" + "\n".join(errors)
    )


def test_the_warnings_left_are_those_counted_and_explained_in_the_conventions(
    results: dict[str, list[dict[str, Any]]],
) -> None:
    found = {
        service: Counter(r["code"] for r in found if r["severity"] == WARNING)
        for service, found in results.items()
    }
    expected = documented_warnings()
    for service in SERVICES:
        details = "\n".join(where(r) for r in results[service] if r["severity"] == WARNING)
        assert found[service] == expected[service], (
            f"docs/openapi/{service}.json: warnings {dict(found[service])}, docs/conventions.md counts "
            f"{dict(expected[service])}; fix them or count and explain them there:\n{details}"
        )
