"""docs/configuration.md stays true: it names every variable a service's settings class reads, and every
`NEACOOP_*` variable it names is one that something in the project reads (no invented settings).

The settings classes are the source: each field is read from `NEACOOP_<FIELD>` (common.config). No
Kafka or PostgreSQL is needed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from common.config import ServiceSettings
from console.config import ConsoleSettings
from meetings.config import MeetingsSettings
from notifications.config import NotificationsSettings
from registry.config import RegistrySettings
from roadmap.config import RoadmapSettings

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "docs" / "configuration.md"

SETTINGS: dict[str, type[ServiceSettings]] = {
    "registry": RegistrySettings,
    "meetings": MeetingsSettings,
    "roadmap": RoadmapSettings,
    "notifications": NotificationsSettings,
}

# A whole variable name; `NEACOOP_<SERVICE>_PORT` and `NEACOOP_DB_PASSWORD_<NAME>` are placeholders, whose
# prefix ends with "_" and is left out below.
VARIABLE = re.compile(r"\bNEACOOP_[A-Z0-9_]+")

# Where the variables outside the settings classes are read: the launcher, the test infrastructure, the
# seed, docker compose, the image and the Kubernetes manifests. The docs are not a source of truth here.
SOURCE_DIRECTORIES = ("libs", "services", "console/src", "deploy/devstack", "deploy/postgres", "deploy/k8s")
SOURCE_FILES = ("docker-compose.yml", "Makefile", "deploy/Dockerfile", "deploy/docker-entrypoint.sh")
SOURCE_SUFFIXES = frozenset({".py", ".sh", ".yml", ".yaml"})


def settings_variables(name: str) -> set[str]:
    """The environment variables a service's settings class reads."""
    return {f"NEACOOP_{field.upper()}" for field in SETTINGS[name].model_fields}


@cache
def documented_variables() -> frozenset[str]:
    text = DOCUMENT.read_text(encoding="utf-8")
    return frozenset(name for name in VARIABLE.findall(text) if not name.endswith("_"))


@cache
def project_source() -> str:
    paths = [ROOT / name for name in SOURCE_FILES]
    for directory in SOURCE_DIRECTORIES:
        found = (ROOT / directory).rglob("*")
        # Tests are left out: naming a variable in an assertion is not reading it.
        paths += [path for path in found if path.suffix in SOURCE_SUFFIXES and "tests" not in path.parts]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p.is_file())


@pytest.mark.parametrize("name", SETTINGS)
def test_the_configuration_doc_names_every_variable_the_service_reads(name: str) -> None:
    missing = settings_variables(name) - documented_variables()
    assert not missing, f"docs/configuration.md does not document {sorted(missing)} ({name} reads them)"


def test_the_configuration_doc_names_every_variable_the_console_reads() -> None:
    read = {f"NEACOOP_{field.upper()}" for field in ConsoleSettings.model_fields}
    missing = read - documented_variables()
    assert not missing, f"docs/configuration.md does not document {sorted(missing)} (the console reads them)"


def test_every_variable_the_configuration_doc_names_is_read_by_something() -> None:
    read_by_settings = set().union(*(settings_variables(name) for name in SETTINGS))
    source = project_source()
    invented = sorted(
        variable
        for variable in documented_variables() - read_by_settings
        if not re.search(rf"\b{variable}\b", source)
    )
    assert not invented, f"docs/configuration.md names {invented}, which nothing in the project reads"
