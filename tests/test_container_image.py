"""deploy/Dockerfile, its entrypoint and the PostgreSQL init script, read as files
(tests/test_compose_stack.py builds the image and runs it)."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess

import pytest
import yaml

from devstack.compose_images import STAND_INS
from devstack.services import SERVICES
from support.container_files import (
    DOCKERIGNORE,
    ENTRYPOINT,
    POSTGRES_INIT_SCRIPT,
    ROOT,
    compose_service,
    dockerfile_instructions,
    interpolate,
    workspace_members,
)

# -- deploy/Dockerfile and its entrypoint ---------------------------------------------------------------


def test_the_image_is_python_3_11_slim_with_the_uv_the_makefile_pins() -> None:
    instructions = dockerfile_instructions()
    arguments = dict(
        argument.split("=", 1) for keyword, argument in instructions if keyword == "ARG" and "=" in argument
    )
    bases = [argument.split()[0] for keyword, argument in instructions if keyword == "FROM"]
    assert bases, "no FROM"
    for base in bases:
        assert interpolate(base, arguments) == "python:3.11-slim"
    makefile_uv = re.search(r"^UV_VERSION\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert makefile_uv
    install = next(a for k, a in instructions if k == "RUN" and "pip install" in a)
    assert interpolate(install, arguments).count(f"uv=={makefile_uv.group(1)}") == 1


def test_the_image_copies_every_workspace_members_pyproject_before_syncing() -> None:
    instructions = dockerfile_instructions()
    first_sync = next(i for i, (k, a) in enumerate(instructions) if k == "RUN" and "uv sync" in a)
    copied_before = " ".join(a for k, a in instructions[:first_sync] if k == "COPY").split()
    for required in ("pyproject.toml", "uv.lock"):
        assert required in copied_before
    for member in workspace_members():
        assert f"{member}/pyproject.toml" in copied_before, f"{member}/pyproject.toml is not copied first"
    syncs = [a for k, a in instructions if k == "RUN" and "uv sync" in a]
    for option in ("--frozen", "--no-dev", "${RUNTIME_PACKAGES}"):
        assert all(option in sync for sync in syncs), f"every uv sync should use {option}"


def test_the_image_installs_the_four_services_the_console_and_no_other_workspace_member() -> None:
    instructions = dockerfile_instructions()
    declared = next(a for k, a in instructions if k == "ARG" and a.startswith("RUNTIME_PACKAGES="))
    packages = re.findall(r"--package (\S+?)\"?(?=\s|$)", declared)
    assert packages == [f"neacoop-{name}" for name in (*SERVICES, "console")]
    copied = " ".join(a for k, a in instructions if k == "COPY")
    assert "deploy/devstack/src" not in copied
    assert "clients/python/src" not in copied


def test_the_image_runs_as_a_non_root_user() -> None:
    users = [argument.split(":")[0] for keyword, argument in dockerfile_instructions() if keyword == "USER"]
    assert users, "no USER: the services would run as root"
    assert users[-1] not in {"root", "0"}


def test_the_images_entrypoint_script_exists_and_is_executable() -> None:
    instructions = dockerfile_instructions()
    entrypoint = next(a for k, a in instructions if k == "ENTRYPOINT")
    assert ENTRYPOINT.name in entrypoint
    assert any(k == "COPY" and "deploy/docker-entrypoint.sh" in a for k, a in instructions)
    assert ENTRYPOINT.is_file()
    assert ENTRYPOINT.stat().st_mode & stat.S_IXUSR, "deploy/docker-entrypoint.sh is not executable"
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    shell = shutil.which("sh")
    assert shell
    subprocess.run([shell, "-n", str(ENTRYPOINT)], check=True)


def test_the_entrypoint_migrates_then_serves_the_service_named_by_the_environment() -> None:
    script = ENTRYPOINT.read_text()
    assert 'python -m alembic -c "services/$name/alembic.ini" upgrade head' in script
    assert re.search(
        r'exec python -m uvicorn "\$name\.main:create_app" --factory --host "\$host" --port', script
    )
    assert "NEACOOP_SERVICE_NAME" in script
    assert '"${NEACOOP_HTTP_PORT:-}"' in script
    assert '"${NEACOOP_HTTP_HOST:-0.0.0.0}"' in script
    for name in SERVICES:
        assert (ROOT / "services" / name / "alembic.ini").is_file()
        assert (ROOT / "services" / name / "migrations").is_dir()


def test_the_postgres_init_script_is_valid_bash() -> None:
    bash = shutil.which("bash")
    assert bash
    subprocess.run([bash, "-n", str(POSTGRES_INIT_SCRIPT)], check=True)


def test_the_build_context_leaves_out_local_state_and_secrets() -> None:
    ignored = {line.strip() for line in DOCKERIGNORE.read_text().splitlines()}
    assert {".git", ".run", ".venv", "deploy/kafka/lib", ".env"} <= ignored


# -- deploy/compose: the stand-ins of the official images ------------------------------------------------

STANDINS_FILE = ROOT / "deploy" / "compose" / "standins.yml"


def test_the_stand_ins_override_swaps_the_official_images_names_and_nothing_else() -> None:
    override = yaml.safe_load(STANDINS_FILE.read_text())
    assert set(override) == {"services"}
    swapped = {name: service for name, service in override["services"].items()}
    assert {name: set(service) for name, service in swapped.items()} == {
        name: {"image"} for name in ("kafka", "postgres", "mailpit", "prometheus")
    }
    official = {stand_in.official: stand_in.local for stand_in in STAND_INS}
    for name, service in swapped.items():
        assert official[compose_service(name)["image"]] == service["image"]


@pytest.mark.parametrize(
    "script", ["kafka/bin/run", "kafka/bin/kafka-run-class", "postgres/docker-entrypoint.sh"]
)
def test_the_stand_ins_scripts_are_valid_bash_and_executable(script: str) -> None:
    path = ROOT / "deploy" / "compose" / script
    assert path.stat().st_mode & stat.S_IXUSR, f"{script} is not executable"
    bash = shutil.which("bash")
    assert bash
    subprocess.run([bash, "-n", str(path)], check=True)


def test_every_stand_in_is_built_on_the_local_base_it_is_given() -> None:
    for recipe in ("kafka", "postgres", "mailpit", "prometheus", "python"):
        lines = (ROOT / "deploy" / "compose" / recipe / "Dockerfile").read_text().splitlines()
        assert "ARG BASE_IMAGE" in lines
        assert [line for line in lines if line.startswith("FROM ")] == ["FROM ${BASE_IMAGE}"]


def test_the_prometheus_stand_in_runs_the_compose_files_command_and_has_its_healthchecks_wget() -> None:
    lines = (ROOT / "deploy" / "compose" / "prometheus" / "Dockerfile").read_text().splitlines()
    prometheus = compose_service("prometheus")
    (cmd,) = [line for line in lines if line.startswith("CMD ")]
    assert json.loads(cmd.removeprefix("CMD ")) == prometheus["command"]
    (install,) = [line for line in lines if "apt-get install" in line]
    healthcheck = prometheus["healthcheck"]["test"]
    assert healthcheck[:2] == ["CMD", "wget"]
    assert {"prometheus", "wget"} <= set(install.split())
    # The official image's user: a named volume mounted at /prometheus must be writable by it.
    assert "USER nobody" in lines
    assert any("chown nobody" in line and "/prometheus" in line for line in lines)
