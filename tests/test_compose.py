"""The container stack gives every service what the native launcher gives it.

docker-compose.yml, deploy/Dockerfile with deploy/docker-entrypoint.sh, deploy/postgres and deploy/k8s are
read as files and checked against `devstack.services.service_environment` (what `make up` gives each
service) and against the settings classes (what each service reads). No Docker, Kafka or PostgreSQL is
needed.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.config import ServiceSettings
from devstack.services import DEFAULT_HTTP_PORTS, SERVICES, service_environment, with_operator_settings
from devstack.stack import DEFAULT_KAFKA_PORT
from meetings.config import MeetingsSettings
from notifications.config import STANDARD_WEBHOOKS_SCHEDULE, NotificationsSettings
from registry.config import RegistrySettings
from roadmap.config import RoadmapSettings

ROOT = Path(__file__).resolve().parents[1]
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
_INTERPOLATION = re.compile(
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

    return _INTERPOLATION.sub(substitute, text)


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


# -- docker-compose.yml: what runs --------------------------------------------------------------------


def test_the_settings_classes_cover_exactly_the_launchers_services() -> None:
    assert set(SETTINGS) == set(SERVICES)


def test_compose_file_names_kafka_postgres_mailpit_and_the_four_services() -> None:
    assert set(as_mapping(compose()["services"], "services")) == {"kafka", "postgres", "mailpit", *SERVICES}


def test_the_four_services_run_one_image_built_from_deploy_dockerfile() -> None:
    images = {compose_service(name)["image"] for name in SERVICES}
    assert len(images) == 1, f"the four services should share one image, not {images}"
    for name in SERVICES:
        build = as_mapping(compose_service(name).get("build"), f"services.{name}.build")
        assert (ROOT / build["context"]).resolve() == ROOT
        assert (ROOT / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE


def test_kafka_and_postgres_run_the_pinned_official_images() -> None:
    assert compose_service("kafka")["image"] == "apache/kafka:4.1.1"
    assert compose_service("postgres")["image"] == "postgres:15"


# -- docker-compose.yml: each service's settings ------------------------------------------------------


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_gets_every_setting_the_native_launcher_gives_it(name: str) -> None:
    missing = set(launcher_environment(name)) - set(compose_environment(name))
    assert not missing, f"{name}: docker-compose.yml lacks {sorted(missing)}"


@pytest.mark.parametrize("name", SERVICES)
def test_every_setting_a_service_reads_has_a_value_in_compose(name: str) -> None:
    missing = settings_variables(name) - set(compose_environment(name))
    assert not missing, f"{name}: docker-compose.yml gives no value to {sorted(missing)}"


@pytest.mark.parametrize("name", SERVICES)
def test_the_native_launcher_gives_every_setting_a_service_reads(name: str) -> None:
    missing = settings_variables(name) - set(launcher_environment(name))
    assert not missing, f"{name}: deploy/devstack gives no value to {sorted(missing)}"


@pytest.mark.parametrize("name", SERVICES)
def test_the_native_launcher_gives_a_service_no_variable_it_does_not_read(name: str) -> None:
    unknown = set(launcher_environment(name)) - settings_variables(name)
    assert not unknown, f"{name}: deploy/devstack gives {sorted(unknown)}, which it does not read"


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_accepts_the_native_launchers_environment(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    settings = isolated_settings(monkeypatch, name, launcher_environment(name))
    assert settings.service_name == name
    assert settings.http_port == DEFAULT_HTTP_PORTS[name]
    assert settings.http_host == "127.0.0.1"


def test_notifications_sends_to_the_native_launchers_smtp_sink_without_a_login(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = isolated_settings(monkeypatch, "notifications", launcher_environment("notifications"))
    assert isinstance(settings, NotificationsSettings)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == ("127.0.0.1", 2525, "none")
    # An empty value is read as "" (pydantic-settings maps no string to None unless env_parse_none_str is
    # set): the mailer must take an empty username or password as "no login".
    assert settings.smtp_username == ""
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == ""
    assert settings.delivery_retry_schedule == STANDARD_WEBHOOKS_SCHEDULE
    assert settings.webhook_http_allowed_hosts == ("127.0.0.1", "localhost")
    assert settings.webhook_allowed_networks == ("127.0.0.0/8",)
    defaults = NotificationsSettings.model_fields
    local_only = {"smtp_port", "smtp_username", "smtp_password", "webhook_http_allowed_hosts"}
    for field in set(defaults) - local_only - {"webhook_allowed_networks"}:
        if field.startswith(("delivery_", "webhook_", "smtp_", "email_")):
            assert getattr(settings, field) == defaults[field].default, f"{field}: not the service's default"


@pytest.mark.parametrize("name", SERVICES)
def test_compose_gives_a_service_no_variable_it_does_not_read(name: str) -> None:
    known = settings_variables(name) | set(launcher_environment(name))
    unknown = set(compose_environment(name)) - known
    assert not unknown, f"{name}: {sorted(unknown)} are read by nothing (a typo?)"


@pytest.mark.parametrize("name", SERVICES)
def test_compose_tunes_each_service_as_the_native_launcher_does(name: str) -> None:
    in_compose = compose_environment(name)
    differing = {
        variable: (value, in_compose.get(variable))
        for variable, value in launcher_environment(name).items()
        if variable not in CONTAINER_SPECIFIC and in_compose.get(variable) != value
    }
    assert not differing, f"{name}: (launcher, compose) values differ: {differing}"


@pytest.mark.parametrize("name", SERVICES)
def test_services_find_kafka_and_their_own_database_by_compose_names_and_listen_on_all_interfaces(
    name: str,
) -> None:
    environment = compose_environment(name)
    assert environment["NEACOOP_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    # The password defaults to the service's name, as in the native launcher (devstack.stack).
    assert environment["NEACOOP_DATABASE_URL"] == f"postgresql+asyncpg://{name}:{name}@postgres:5432/{name}"
    assert environment["NEACOOP_HTTP_HOST"] == "0.0.0.0"


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_accepts_its_compose_environment(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    settings = isolated_settings(monkeypatch, name, compose_environment(name))
    assert settings.service_name == name
    assert settings.http_port == DEFAULT_HTTP_PORTS[name]
    assert settings.admin_key == OPERATOR_ENVIRONMENT["NEACOOP_ADMIN_KEY"]


def test_notifications_sends_to_mailpit_without_a_login(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = isolated_settings(monkeypatch, "notifications", compose_environment("notifications"))
    assert isinstance(settings, NotificationsSettings)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == ("mailpit", 1025, "none")
    assert not settings.smtp_username
    assert settings.smtp_password is not None
    assert not settings.smtp_password.get_secret_value()
    assert settings.delivery_retry_schedule == STANDARD_WEBHOOKS_SCHEDULE


def test_mailpit_catches_the_mail_and_shows_it_on_the_host_only() -> None:
    mailpit = compose_service("mailpit")
    assert str(mailpit["image"]).startswith("axllent/mailpit:")
    assert published_ports(mailpit) == {8025: 8025, 1025: 1025}
    assert all(str(port).startswith("127.0.0.1:") for port in mailpit["ports"])
    assert healthcheck_command(mailpit) == "CMD /mailpit readyz"


def test_operators_must_set_the_admin_key() -> None:
    for name in SERVICES:
        raw_environment = as_mapping(raw_compose()["services"][name]["environment"], name)
        assert str(raw_environment["NEACOOP_ADMIN_KEY"]).startswith("${NEACOOP_ADMIN_KEY:?")
    with pytest.raises(InterpolationError, match="NEACOOP_ADMIN_KEY"):
        interpolate_tree(raw_compose(), {})


# -- docker-compose.yml: ports, start order, health, data ---------------------------------------------


@pytest.mark.parametrize("name", SERVICES)
def test_services_publish_the_ports_of_the_native_launcher(name: str) -> None:
    port = DEFAULT_HTTP_PORTS[name]
    assert compose_environment(name)["NEACOOP_HTTP_PORT"] == str(port)
    assert published_ports(compose_service(name)) == {port: port}


def test_kafka_is_published_on_the_launchers_port_and_advertised_there() -> None:
    kafka = compose_service("kafka")
    host_ports = set(published_ports(kafka).values())
    assert host_ports == {DEFAULT_KAFKA_PORT}
    (container_port,) = published_ports(kafka)
    listeners = dict(entry.split("://") for entry in str(kafka["environment"]["KAFKA_LISTENERS"]).split(","))
    advertised = dict(
        entry.split("://") for entry in str(kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"]).split(",")
    )
    (host_listener,) = [name for name, address in listeners.items() if address == f":{container_port}"]
    assert advertised[host_listener] == f"localhost:{DEFAULT_KAFKA_PORT}"
    assert "kafka:9092" in advertised.values(), "the other containers reach Kafka as kafka:9092"


def test_kafka_is_one_kraft_node_that_invents_no_topics() -> None:
    environment = {key: str(value) for key, value in compose_service("kafka")["environment"].items()}
    assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert environment["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{environment['KAFKA_NODE_ID']}@")
    assert environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert environment["KAFKA_NUM_PARTITIONS"] == "6"
    assert environment["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"
    assert environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert environment["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"
    protocols = dict(
        entry.split(":") for entry in environment["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    for entry in environment["KAFKA_LISTENERS"].split(","):
        assert entry.split("://")[0] in protocols, f"listener {entry} has no security protocol"
    assert environment["KAFKA_CONTROLLER_LISTENER_NAMES"] in protocols
    assert environment["KAFKA_INTER_BROKER_LISTENER_NAME"] in protocols


def test_postgres_makes_a_database_and_role_per_service_with_the_passwords_the_services_use() -> None:
    postgres = compose_service("postgres")
    mounts = [str(volume).split(":") for volume in postgres["volumes"]]
    init_mounts = [m for m in mounts if m[1].startswith("/docker-entrypoint-initdb.d")]
    assert init_mounts, "the init script should be mounted into /docker-entrypoint-initdb.d"
    for source, *_ in init_mounts:
        assert (ROOT / source).resolve().is_relative_to(POSTGRES_INIT_SCRIPT.parent)
    assert POSTGRES_INIT_SCRIPT.is_file()
    script = POSTGRES_INIT_SCRIPT.read_text()
    for name in SERVICES:
        assert re.search(rf"\b{name}\b", script), f"the init script does not make {name}"
        password = postgres["environment"][f"NEACOOP_DB_PASSWORD_{name.upper()}"]
        assert password == name, "the default password is the service's name, as in the native launcher"
        assert postgres_password_in(compose_environment(name)["NEACOOP_DATABASE_URL"]) == password
    assert "NEACOOP_DB_PASSWORD_" in script


@pytest.mark.parametrize("name", SERVICES)
def test_services_wait_for_healthy_kafka_and_postgres_and_notifications_for_mailpit(name: str) -> None:
    depends_on = as_mapping(compose_service(name).get("depends_on"), f"services.{name}.depends_on")
    expected = {"kafka", "postgres", "mailpit"} if name == "notifications" else {"kafka", "postgres"}
    assert depends_on == {dependency: {"condition": "service_healthy"} for dependency in expected}


def test_every_container_has_a_healthcheck() -> None:
    for name in as_mapping(compose()["services"], "services"):
        healthcheck = as_mapping(compose_service(name).get("healthcheck"), f"services.{name}.healthcheck")
        assert not healthcheck.get("disable", False), f"{name}: healthcheck disabled"
    assert re.search(
        r"kafka-(broker-api-versions|topics)\.sh .*--bootstrap-server",
        healthcheck_command(compose_service("kafka")),
    ), "Kafka's healthcheck should ask the broker for metadata, not just probe a port"
    assert "pg_isready" in healthcheck_command(compose_service("postgres"))
    for name in SERVICES:
        command = healthcheck_command(compose_service(name))
        assert "urllib.request" in command
        assert "/readyz" in command


def test_every_container_restarts_unless_stopped() -> None:
    for name in as_mapping(compose()["services"], "services"):
        assert compose_service(name).get("restart") == "unless-stopped", name


def test_kafka_and_postgres_keep_their_data_in_named_volumes() -> None:
    declared = set(as_mapping(compose().get("volumes"), "volumes"))
    for name, data_dir in (("kafka", "/var/lib/kafka/data"), ("postgres", "/var/lib/postgresql/data")):
        sources = {str(v).split(":")[0] for v in compose_service(name)["volumes"] if f":{data_dir}" in str(v)}
        assert len(sources) == 1, f"{name}: {data_dir} should be a volume"
        assert sources <= declared, f"{name}: {sources} should be a named volume"
    assert compose_service("kafka")["environment"]["KAFKA_LOG_DIRS"] == "/var/lib/kafka/data"


# -- docker-compose.yml: structurally valid Compose -----------------------------------------------------


def test_compose_file_is_structurally_valid_compose() -> None:
    document = compose()
    top_level = {key for key in document if not key.startswith("x-")}
    assert top_level <= COMPOSE_TOP_LEVEL_KEYS, f"unknown top-level keys {top_level - COMPOSE_TOP_LEVEL_KEYS}"
    services = as_mapping(document["services"], "services")
    declared_volumes = set(as_mapping(document.get("volumes", {}), "volumes"))
    for name, service in services.items():
        assert re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*", name), f"invalid service name {name!r}"
        service = as_mapping(service, f"services.{name}")
        unknown = set(service) - COMPOSE_SERVICE_KEYS
        assert not unknown, f"{name}: attributes not in the Compose spec: {sorted(unknown)}"
        assert "image" in service or "build" in service, f"{name}: neither image nor build"
        if "build" in service:
            build = service["build"]
            assert isinstance(build, str) or set(as_mapping(build, "build")) <= {
                "context", "dockerfile", "args", "target", "cache_from", "labels", "network", "shm_size",
            }  # fmt: skip
        for port in as_list(service.get("ports", []), f"{name}.ports"):
            assert isinstance(port, str), f"{name}: write port {port!r} as a quoted string (YAML base 60)"
            assert COMPOSE_PORT.fullmatch(port), f"{name}: malformed port {port!r}"
        for variable, value in compose_environment(name).items():
            assert ENVIRONMENT_NAME.fullmatch(variable), f"{name}: bad variable name {variable!r}"
            assert isinstance(value, str)
        raw_environment = service.get("environment", {})
        if isinstance(raw_environment, dict):
            for variable, value in raw_environment.items():
                assert value is None or isinstance(value, str | int | float | bool), f"{name}: {variable}"
        healthcheck = as_mapping(service.get("healthcheck", {}), f"{name}.healthcheck")
        assert set(healthcheck) <= COMPOSE_HEALTHCHECK_KEYS, f"{name}: healthcheck keys {set(healthcheck)}"
        if "test" in healthcheck:
            test = healthcheck["test"]
            assert isinstance(test, str) or test[0] in {"CMD", "CMD-SHELL", "NONE"}, f"{name}: {test!r}"
        for key in ("interval", "timeout", "start_period", "start_interval"):
            if key in healthcheck:
                assert COMPOSE_DURATION.fullmatch(str(healthcheck[key])), f"{name}: {key}"
        if "retries" in healthcheck:
            assert isinstance(healthcheck["retries"], int)
        depends_on = service.get("depends_on", {})
        dependencies = depends_on if isinstance(depends_on, dict) else {key: {} for key in depends_on}
        for dependency, spec in dependencies.items():
            assert dependency in services, f"{name} depends on unknown service {dependency!r}"
            condition = as_mapping(spec, "depends_on entry").get("condition", "service_started")
            assert condition in COMPOSE_DEPENDS_ON_CONDITIONS, f"{name}: condition {condition!r}"
        if "restart" in service:
            policy = str(service["restart"])
            assert policy in COMPOSE_RESTART_POLICIES or policy.startswith("on-failure:"), name
        for volume in as_list(service.get("volumes", []), f"{name}.volumes"):
            source = str(volume).split(":")[0]
            if not source.startswith((".", "/", "~")):
                assert source in declared_volumes, f"{name}: volume {source!r} is not declared"


def strings_in(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings_in(item)


def test_every_variable_in_compose_is_well_formed() -> None:
    """A `$` Compose cannot parse (say `${NAME:-x` or `$(...)`) fails the whole file; `$$` is a `$`."""
    for text in strings_in(raw_compose()):
        position = text.find("$")
        while position != -1:
            match = _INTERPOLATION.match(text, position)
            assert match, f"malformed interpolation at {text[position : position + 40]!r}"
            position = text.find("$", match.end())


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


def test_the_image_installs_the_four_services_and_no_other_workspace_member() -> None:
    instructions = dockerfile_instructions()
    declared = next(a for k, a in instructions if k == "ARG" and a.startswith("RUNTIME_PACKAGES="))
    packages = re.findall(r"--package (\S+?)\"?(?=\s|$)", declared)
    assert packages == [f"neacoop-{name}" for name in SERVICES]
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


# -- deploy/k8s ---------------------------------------------------------------------------------------


def test_kubernetes_manifests_parse_and_the_kustomization_lists_existing_files() -> None:
    documents = list(k8s_documents())
    assert documents
    for path, document in documents:
        assert {"apiVersion", "kind"} <= set(document), path
        if document["kind"] != "Kustomization":
            assert document["metadata"]["name"], path
    kustomization = as_mapping(yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text()), "kustomization")
    for resource in kustomization["resources"]:
        assert (K8S_DIR / resource).is_file(), resource
    assert "secrets.example.yaml" not in kustomization["resources"], "a template must not be applied"


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_runs_two_probed_replicas_behind_a_kubernetes_service(name: str) -> None:
    deployment = k8s_objects("Deployment")[name]
    assert deployment["spec"]["replicas"] == 2
    container = k8s_main_container(name)
    port = DEFAULT_HTTP_PORTS[name]
    (container_port,) = container["ports"]
    assert container_port["containerPort"] == port
    # Readiness asks for the database only: a service takes writes while Kafka is away (outbox).
    for probe, path in (("readinessProbe", "/readyz?check=database"), ("livenessProbe", "/healthz")):
        http_get = container[probe]["httpGet"]
        assert http_get["path"] == path
        assert http_get["port"] in {port, container_port["name"]}
    service = k8s_objects("Service")[name]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert [p["port"] for p in service["spec"]["ports"]] == [port]


@pytest.mark.parametrize("name", SERVICES)
def test_each_kubernetes_deployment_gives_its_service_every_setting_and_nothing_else(name: str) -> None:
    for container in k8s_deployment_containers(name):
        variables = set(k8s_container_environment(container))
        what = f"deploy/k8s {name}, container {container['name']}"
        assert not set(launcher_environment(name)) - variables, f"{what}: lacks launcher settings"
        assert not settings_variables(name) - variables, f"{what}: lacks settings the service reads"
        unknown = variables - settings_variables(name) - set(launcher_environment(name))
        assert not unknown, f"{what}: {sorted(unknown)} are read by nothing"


def test_kubernetes_notifications_reads_its_smtp_login_and_database_url_from_secrets_only() -> None:
    config_maps = k8s_objects("ConfigMap")
    secret_variables = {"NEACOOP_DATABASE_URL", "NEACOOP_SMTP_USERNAME", "NEACOOP_SMTP_PASSWORD"}
    for container in k8s_deployment_containers("notifications"):
        from_secrets: set[str] = set()
        for source in container["envFrom"]:
            if "secretRef" in source:
                from_secrets |= set(k8s_objects("Secret")[source["secretRef"]["name"]]["stringData"])
            else:
                in_config_map = set(config_maps[source["configMapRef"]["name"]]["data"])
                assert not in_config_map & secret_variables, f"{container['name']}: a secret in a ConfigMap"
        assert secret_variables <= from_secrets, container["name"]
        assert not {entry["name"] for entry in container.get("env", [])} & secret_variables


def test_kubernetes_notifications_retries_as_the_native_launcher_does_and_guards_webhooks_strictly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local_only = {"webhook_http_allowed_hosts", "webhook_allowed_networks"}

    def tuning(environment: Mapping[str, str]) -> dict[str, object]:
        settings = isolated_settings(monkeypatch, "notifications", environment)
        return {
            field: getattr(settings, field)
            for field in NotificationsSettings.model_fields
            if field.startswith(("delivery_", "webhook_")) and field not in local_only
        }

    in_kubernetes = k8s_container_environment(k8s_main_container("notifications"))
    assert tuning(in_kubernetes) == tuning(launcher_environment("notifications"))
    strict = isolated_settings(monkeypatch, "notifications", in_kubernetes)
    assert isinstance(strict, NotificationsSettings)
    assert (strict.webhook_http_allowed_hosts, strict.webhook_allowed_networks) == ((), ())


def test_an_operator_may_make_the_native_stack_as_strict_as_production_but_not_move_its_database() -> None:
    launched = launcher_environment("notifications")
    shell = {
        "NEACOOP_WEBHOOK_HTTP_ALLOWED_HOSTS": "[]",
        "NEACOOP_WEBHOOK_ALLOWED_NETWORKS": "[]",
        "NEACOOP_DATABASE_URL": "postgresql+asyncpg://elsewhere/db",
    }
    chosen = with_operator_settings(launched, shell)
    assert chosen["NEACOOP_WEBHOOK_HTTP_ALLOWED_HOSTS"] == chosen["NEACOOP_WEBHOOK_ALLOWED_NETWORKS"] == "[]"
    assert chosen["NEACOOP_DATABASE_URL"] == launched["NEACOOP_DATABASE_URL"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_kubernetes_deployment_runs_migrations_before_serving(name: str) -> None:
    containers = k8s_deployment_containers(name)
    assert [c.get("args") for c in containers] == [["migrate"], ["serve"]]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_accepts_its_kubernetes_environment(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    settings = isolated_settings(monkeypatch, name, k8s_container_environment(k8s_main_container(name)))
    assert settings.service_name == name
    assert settings.http_port == DEFAULT_HTTP_PORTS[name]
    assert settings.topic_replication_factor == 3
    assert settings.http_host == "0.0.0.0"


# -- docker-compose.kafka-cluster.yml: three Kafka nodes ---------------------------------------------------

CLUSTER_FILE = ROOT / "docker-compose.kafka-cluster.yml"
CLUSTER_NODES = ("kafka", "kafka-2", "kafka-3")


def overlaid(base: Any, override: Any) -> Any:
    """Compose's merge of an override file: mappings merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = overlaid(base[key], value) if key in base else value
        return merged
    return override


@cache
def cluster_compose() -> dict[str, Any]:
    """docker-compose.yml with docker-compose.kafka-cluster.yml laid over it (`docker compose -f -f`)."""
    override = as_mapping(yaml.safe_load(CLUSTER_FILE.read_text()), str(CLUSTER_FILE))
    return as_mapping(interpolate_tree(overlaid(raw_compose(), override), OPERATOR_ENVIRONMENT), "cluster")


def cluster_environment(name: str) -> dict[str, str]:
    service = as_mapping(as_mapping(cluster_compose()["services"], "services")[name], name)
    return {key: str(value) for key, value in as_mapping(service["environment"], name).items()}


def test_the_cluster_override_makes_three_kraft_nodes_of_one_cluster_that_know_each_other() -> None:
    nodes = {name: cluster_environment(name) for name in CLUSTER_NODES}
    assert sorted(environment["KAFKA_NODE_ID"] for environment in nodes.values()) == ["1", "2", "3"]
    assert len({environment["CLUSTER_ID"] for environment in nodes.values()}) == 1
    voters = {environment["KAFKA_CONTROLLER_QUORUM_VOTERS"] for environment in nodes.values()}
    assert voters == {"1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093"}
    services = as_mapping(cluster_compose()["services"], "services")
    for name, service in services.items():
        unknown = set(as_mapping(service, name)) - COMPOSE_SERVICE_KEYS
        assert not unknown, f"{name}: attributes not in the Compose spec: {sorted(unknown)}"
    for name, environment in nodes.items():
        assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert f"PLAINTEXT://{name}:9092" in environment["KAFKA_ADVERTISED_LISTENERS"]
        assert environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
        for setting in ("DEFAULT_REPLICATION_FACTOR", "OFFSETS_TOPIC_REPLICATION_FACTOR"):
            assert environment[f"KAFKA_{setting}"] == "3", (name, setting)
        assert environment["KAFKA_MIN_INSYNC_REPLICAS"] == "2"
        assert environment["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "2"
        assert "test" in as_mapping(services[name]["healthcheck"], name)
    volumes = [str(services[name]["volumes"][0]).split(":")[0] for name in CLUSTER_NODES]
    assert len(set(volumes)) == 3, "each node keeps its own log directory"
    assert set(volumes) <= set(as_mapping(cluster_compose()["volumes"], "volumes"))
    host_ports = [published_ports(services[name]) for name in CLUSTER_NODES]
    assert len({port for ports in host_ports for port in ports.values()}) == 3


@pytest.mark.parametrize("name", SERVICES)
def test_with_the_cluster_each_service_knows_all_three_nodes_and_writes_with_rf_3_and_min_isr_2(
    name: str,
) -> None:
    environment = cluster_environment(name)
    assert environment["NEACOOP_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092,kafka-2:9092,kafka-3:9092"
    assert environment["NEACOOP_TOPIC_REPLICATION_FACTOR"] == "3"
    assert environment["NEACOOP_TOPIC_MIN_INSYNC_REPLICAS"] == "2"
    # Everything else is the single-node file's.
    rest = {
        key: value
        for key, value in environment.items()
        if not key.startswith(("NEACOOP_KAFKA", "NEACOOP_TOPIC_R", "NEACOOP_TOPIC_M"))
    }
    single = {key: value for key, value in compose_environment(name).items() if key in rest}
    assert rest == single
    service = as_mapping(as_mapping(cluster_compose()["services"], "services")[name], name)
    depends_on = as_mapping(service["depends_on"], f"{name}.depends_on")
    for node in CLUSTER_NODES:
        assert as_mapping(depends_on[node], node)["condition"] == "service_healthy"
