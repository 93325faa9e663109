"""docker-compose.yml, deploy/Dockerfile, deploy/k8s and the settings classes, read as files: what the
static checks of the container stack share (tests/test_compose.py, tests/test_container_image.py,
tests/test_k8s_manifests.py). No Docker, Kafka or PostgreSQL is needed to read them.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.config import ServiceSettings
from devstack.services import DEFAULT_HTTP_PORTS, service_environment
from meetings.config import MeetingsSettings
from notifications.config import NotificationsSettings
from registry.config import RegistrySettings
from roadmap.config import RoadmapSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"
DOCKERIGNORE = ROOT / ".dockerignore"
POSTGRES_INIT_SCRIPT = ROOT / "deploy" / "postgres" / "init-service-databases.sh"
K8S_DIR = ROOT / "deploy" / "k8s"

SETTINGS: dict[str, type[ServiceSettings]] = {
    "registry": RegistrySettings,
    "meetings": MeetingsSettings,
    "roadmap": RoadmapSettings,
    "notifications": NotificationsSettings,
}

# What an operator sets: the admin key, which compose insists on. Every other ${VAR:-default} takes its
# default, so the values checked below are the ones a plain `docker compose up` runs with.
OPERATOR_ENVIRONMENT = {"NEACOOP_ADMIN_KEY": "an-operators-admin-key"}

# Settings whose value in a container differs from the native launcher's by design.
CONTAINER_SPECIFIC = frozenset(
    {
        "NEACOOP_DATABASE_URL",  # postgres:5432 instead of 127.0.0.1:5433
        "NEACOOP_KAFKA_BOOTSTRAP_SERVERS",  # kafka:9092 instead of 127.0.0.1:9092
        "NEACOOP_HTTP_HOST",  # 0.0.0.0: a container's loopback is unreachable from outside it
        "NEACOOP_ADMIN_KEY",  # the operator's
        "NEACOOP_SMTP_HOST",  # Mailpit instead of devstack's SMTP sink
        "NEACOOP_SMTP_PORT",
        # The native development stack lets webhooks reach receivers on its own machine (the demo's);
        # containers keep the rule of production: https to public addresses only.
        "NEACOOP_WEBHOOK_HTTP_ALLOWED_HOSTS",
        "NEACOOP_WEBHOOK_ALLOWED_NETWORKS",
    }
)

# The Compose specification (https://github.com/compose-spec/compose-spec): top-level elements and the
# attributes of a service. A key outside these is a typo Compose would reject.
COMPOSE_TOP_LEVEL_KEYS = frozenset(
    {"version", "name", "services", "networks", "volumes", "configs", "secrets"}
)
COMPOSE_SERVICE_KEYS = frozenset(
    {
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent",
        "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota",
        "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on",
        "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname",
        "entrypoint", "env_file", "environment", "expose", "extends", "external_links", "extra_hosts",
        "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels",
        "links", "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit",
        "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform",
        "ports", "post_start", "pre_stop", "privileged", "profiles", "pull_policy", "read_only", "restart",
        "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period",
        "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "user", "userns_mode", "uts",
        "volumes", "volumes_from", "working_dir",
    }
)  # fmt: skip
COMPOSE_HEALTHCHECK_KEYS = frozenset(
    {"test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"}
)
COMPOSE_DEPENDS_ON_CONDITIONS = frozenset(
    {"service_started", "service_healthy", "service_completed_successfully"}
)
COMPOSE_RESTART_POLICIES = frozenset({"no", "always", "on-failure", "unless-stopped"})
COMPOSE_DURATION = re.compile(r"(?:\d+(?:\.\d+)?(?:us|ms|s|m|h))+")
# [host_ip:][host_port[-range]:]container_port[-range][/protocol]
COMPOSE_PORT = re.compile(
    r"(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:]+\]):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:/(?:tcp|udp|sctp))?"
)
ENVIRONMENT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# $$ (a literal $), ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $NAME.
INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-?])(?P<argument>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class InterpolationError(ValueError):
    """A ${NAME:?message} whose variable is unset: Compose refuses the file."""


# -- reading the files ---------------------------------------------------------------------------------


def interpolate(text: str, environment: Mapping[str, str]) -> str:
    """Compose's variable substitution in one value."""

    def substitute(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("bare")
        operator = match.group("operator") or ""
        argument = match.group("argument") or ""
        value = environment.get(name)
        missing = value is None or (operator.startswith(":") and value == "")
        if operator.endswith("-"):
            return argument if missing else str(value)
        if operator.endswith("?"):
            if missing:
                raise InterpolationError(f"{name}: {argument}")
            return str(value)
        return value or ""

    return INTERPOLATION.sub(substitute, text)


def interpolate_tree(node: Any, environment: Mapping[str, str]) -> Any:
    """Substitution in every string of a parsed file, as Compose does after parsing (keys included)."""
    if isinstance(node, str):
        return interpolate(node, environment)
    if isinstance(node, dict):
        return {
            interpolate_tree(key, environment): interpolate_tree(value, environment)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [interpolate_tree(item, environment) for item in node]
    return node


def as_mapping(value: object, what: str) -> dict[str, Any]:
    assert isinstance(value, dict), f"{what} should be a mapping, not {type(value).__name__}"
    return value


def as_list(value: object, what: str) -> list[Any]:
    assert isinstance(value, list), f"{what} should be a list, not {type(value).__name__}"
    return value


@cache
def raw_compose() -> dict[str, Any]:
    """docker-compose.yml as YAML, anchors and `<<` merge keys resolved, variables not substituted."""
    return as_mapping(yaml.safe_load(COMPOSE_FILE.read_text()), str(COMPOSE_FILE))


@cache
def compose() -> dict[str, Any]:
    """docker-compose.yml as `docker compose up` sees it with OPERATOR_ENVIRONMENT."""
    return as_mapping(interpolate_tree(raw_compose(), OPERATOR_ENVIRONMENT), str(COMPOSE_FILE))


def compose_service(name: str) -> dict[str, Any]:
    return as_mapping(as_mapping(compose()["services"], "services").get(name), f"services.{name}")


def compose_environment(name: str) -> dict[str, str]:
    """A service's environment (mapping or KEY=VALUE list form), values as the container sees them."""
    environment = compose_service(name).get("environment", {})
    if isinstance(environment, list):
        pairs = (str(entry).partition("=") for entry in environment)
        return {key: value for key, _, value in pairs}
    return {key: "" if value is None else str(value) for key, value in as_mapping(environment, name).items()}


def launcher_environment(name: str) -> dict[str, str]:
    """What the native launcher (`make up`) gives a service, with placeholders where it is per machine."""
    return service_environment(
        name,
        database_url=f"postgresql+asyncpg://{name}:{name}@127.0.0.1:5433/{name}",
        kafka_bootstrap_servers="127.0.0.1:9092",
        http_port=DEFAULT_HTTP_PORTS[name],
        admin_key="the-launchers-admin-key",
    )


def settings_variables(name: str) -> set[str]:
    """The environment variables a service's settings class reads."""
    return {f"NEACOOP_{field.upper()}" for field in SETTINGS[name].model_fields}


def published_ports(service: Mapping[str, Any]) -> dict[int, int]:
    """Container port -> host port, from the short syntax `[host_ip:]host_port:container_port`."""
    published: dict[int, int] = {}
    for entry in as_list(service.get("ports", []), "ports"):
        *_, host, container = str(entry).split(":")
        published[int(container)] = int(host)
    return published


def healthcheck_command(service: Mapping[str, Any]) -> str:
    test = as_mapping(service.get("healthcheck"), "healthcheck")["test"]
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def postgres_password_in(database_url: str) -> str:
    match = re.fullmatch(r"postgresql\+asyncpg://[^:/@]+:(?P<password>[^@]*)@[^/]+/[^/]+", database_url)
    assert match, f"{database_url!r} is not postgresql+asyncpg://role:password@host:port/database"
    return match.group("password")


def k8s_documents() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(K8S_DIR.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document is not None:
                yield path, as_mapping(document, str(path))


def k8s_objects(kind: str) -> dict[str, dict[str, Any]]:
    return {
        str(document["metadata"]["name"]): document
        for _, document in k8s_documents()
        if document.get("kind") == kind
    }


def k8s_container_environment(container: Mapping[str, Any]) -> dict[str, str]:
    """A container's environment: its envFrom ConfigMaps and Secrets (from the manifests, the Secrets
    from their template) and then its env entries."""
    config_maps, secrets = k8s_objects("ConfigMap"), k8s_objects("Secret")
    environment: dict[str, str] = {}
    for source in as_list(container.get("envFrom", []), "envFrom"):
        if "configMapRef" in source:
            name = source["configMapRef"]["name"]
            assert name in config_maps, f"envFrom names ConfigMap {name!r}, which no manifest defines"
            environment.update({key: str(value) for key, value in config_maps[name]["data"].items()})
        else:
            name = source["secretRef"]["name"]
            assert name in secrets, f"envFrom names Secret {name!r}, which secrets.example.yaml lacks"
            environment.update({key: str(value) for key, value in secrets[name]["stringData"].items()})
    for entry in as_list(container.get("env", []), "env"):
        environment[str(entry["name"])] = str(entry.get("value", ""))
    return environment


def k8s_deployment_containers(name: str) -> list[dict[str, Any]]:
    deployment = k8s_objects("Deployment").get(name)
    assert deployment is not None, f"deploy/k8s has no Deployment named {name!r}"
    pod = deployment["spec"]["template"]["spec"]
    return [*pod.get("initContainers", []), *pod["containers"]]


def k8s_main_container(name: str) -> dict[str, Any]:
    return next(c for c in k8s_deployment_containers(name) if c["name"] == name)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, line continuations joined, comments dropped."""
    logical = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in logical.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, arguments = stripped.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def workspace_members() -> list[str]:
    """The uv workspace's member directories, relative to the root, globs expanded."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    members: list[str] = []
    for pattern in pyproject["tool"]["uv"]["workspace"]["members"]:
        matches = sorted(path for path in ROOT.glob(pattern) if (path / "pyproject.toml").is_file())
        members.extend(path.relative_to(ROOT).as_posix() for path in matches)
    return members


def isolated_settings(
    monkeypatch: pytest.MonkeyPatch, name: str, environment: Mapping[str, str]
) -> ServiceSettings:
    """The service's settings, read from `environment` alone (none of the test run's NEACOOP_ variables)."""
    for variable in [v for v in os.environ if v.startswith("NEACOOP_")]:
        monkeypatch.delenv(variable)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    return SETTINGS[name]()
