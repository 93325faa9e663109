"""docker-compose.yml gives every service what the native launcher gives it.

docker-compose.yml and docker-compose.kafka-cluster.yml are read as files and checked against
`devstack.services.service_environment` (what `make up` gives each service) and against the settings
classes (what each service reads). No Docker, Kafka or PostgreSQL is needed; tests/test_compose_stack.py
starts the stack for real.

The profile `observability` (Prometheus and Grafana) is read the same way. Grafana has no stand-in on
machines without a registry (devstack.compose_images), so what it would load is checked here as files: the
compose file mounts exactly the provisioning and dashboards folders, and every dashboard queries the data
source that is provisioned; tests/test_compose_stack.py runs Prometheus itself.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from console.config import ConsoleSettings
from devstack.console import DEFAULT_CONSOLE_PORT, console_bundle, console_environment
from devstack.services import DEFAULT_HTTP_PORTS, SERVICES
from devstack.stack import DEFAULT_KAFKA_PORT
from notifications.config import STANDARD_WEBHOOKS_SCHEDULE, NotificationsSettings
from support.container_files import (
    COMPOSE_DEPENDS_ON_CONDITIONS,
    COMPOSE_DURATION,
    COMPOSE_FILE,
    COMPOSE_HEALTHCHECK_KEYS,
    COMPOSE_PORT,
    COMPOSE_RESTART_POLICIES,
    COMPOSE_SERVICE_KEYS,
    COMPOSE_TOP_LEVEL_KEYS,
    CONTAINER_SPECIFIC,
    DOCKERFILE,
    ENTRYPOINT,
    ENVIRONMENT_NAME,
    INTERPOLATION,
    OPERATOR_ENVIRONMENT,
    POSTGRES_INIT_SCRIPT,
    ROOT,
    SETTINGS,
    InterpolationError,
    as_list,
    as_mapping,
    compose,
    compose_environment,
    compose_service,
    healthcheck_command,
    interpolate_tree,
    isolated_settings,
    launcher_environment,
    postgres_password_in,
    published_ports,
    raw_compose,
    settings_variables,
)

# -- docker-compose.yml: what runs --------------------------------------------------------------------


def test_the_settings_classes_cover_exactly_the_launchers_services() -> None:
    assert set(SETTINGS) == set(SERVICES)


def test_compose_file_names_kafka_postgres_mailpit_the_four_services_the_console_prometheus_and_grafana() -> (
    None
):
    assert set(as_mapping(compose()["services"], "services")) == {
        "kafka", "postgres", "mailpit", *SERVICES, "console", *OBSERVABILITY_SERVICES,
    }  # fmt: skip


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
    assert healthcheck_command(compose_service("prometheus")).endswith("http://127.0.0.1:9090/-/ready")
    assert healthcheck_command(compose_service("grafana")).endswith("http://127.0.0.1:3000/api/health")


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


# -- docker-compose.yml: the cooperation console -----------------------------------------------------------

# The console's settings whose value in a container differs from the native launcher's by design: it
# listens on every interface, finds its page where the compose file mounts it and the services by name.
CONSOLE_CONTAINER_SPECIFIC = frozenset(
    {"NEACOOP_HTTP_HOST", "NEACOOP_CONSOLE_STATIC_DIR", *(f"NEACOOP_{name.upper()}_URL" for name in SERVICES)}
)


def console_launcher_environment() -> dict[str, str]:
    return console_environment(
        http_port=DEFAULT_CONSOLE_PORT, service_ports=DEFAULT_HTTP_PORTS, static_dir=console_bundle(ROOT)
    )


def console_settings_variables() -> set[str]:
    return {f"NEACOOP_{field.upper()}" for field in ConsoleSettings.model_fields}


def test_the_console_runs_the_services_image_with_its_own_command() -> None:
    console = compose_service("console")
    assert console["image"] == compose_service("registry")["image"]
    assert console["build"] == compose_service("registry")["build"]
    assert console["command"] == ["console"]
    assert "console)" in ENTRYPOINT.read_text()


def test_the_console_gets_exactly_the_settings_it_reads_as_the_native_launcher_gives_them() -> None:
    in_compose = compose_environment("console")
    assert set(in_compose) == console_settings_variables() == set(console_launcher_environment())
    differing = {
        variable: (value, in_compose[variable])
        for variable, value in console_launcher_environment().items()
        if variable not in CONSOLE_CONTAINER_SPECIFIC and in_compose[variable] != value
    }
    assert not differing, f"console: (launcher, compose) values differ: {differing}"


def test_the_console_reaches_each_service_by_its_compose_name_and_port() -> None:
    environment = compose_environment("console")
    for name in SERVICES:
        port = compose_environment(name)["NEACOOP_HTTP_PORT"]
        assert environment[f"NEACOOP_{name.upper()}_URL"] == f"http://{name}:{port}"
        assert compose_service("console")["depends_on"][name] == {"condition": "service_healthy"}


def test_the_console_serves_the_page_make_console_builds_mounted_read_only_on_its_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    static_dir = compose_environment("console")["NEACOOP_CONSOLE_STATIC_DIR"]
    assert bind_mounts("console") == {static_dir: (console_bundle(ROOT), True)}
    assert published_ports(compose_service("console")) == {DEFAULT_CONSOLE_PORT: DEFAULT_CONSOLE_PORT}
    for variable in [v for v in os.environ if v.startswith("NEACOOP_")]:
        monkeypatch.delenv(variable)
    for variable, value in compose_environment("console").items():
        monkeypatch.setenv(variable, value)
    settings = ConsoleSettings()
    assert (settings.http_host, settings.http_port) == ("0.0.0.0", DEFAULT_CONSOLE_PORT)
    assert str(settings.console_static_dir) == static_dir
    assert "/healthz" in healthcheck_command(compose_service("console"))


# -- docker-compose.yml: the profile `observability` (Prometheus and Grafana) --------------------------------

OBSERVABILITY_SERVICES = ("prometheus", "grafana")
OBSERVABILITY = ROOT / "deploy" / "observability"
GRAFANA = OBSERVABILITY / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))


def bind_mounts(name: str) -> dict[str, tuple[Path, bool]]:
    """A service's bind mounts from the short syntax: container path -> (host path, read-only)."""
    mounts = {}
    for volume in as_list(compose_service(name).get("volumes", []), f"{name}.volumes"):
        source, target, *options = str(volume).split(":")
        if source.startswith("."):
            mounts[target] = ((ROOT / source).resolve(), "ro" in options)
    return mounts


def provisioned(kind: str) -> dict[str, Any]:
    (path,) = sorted((GRAFANA / "provisioning" / kind).glob("*.yml"))
    return as_mapping(yaml.safe_load(path.read_text()), str(path))


def datasource_uids(node: Any) -> Iterator[str]:
    """The uid of every data source a dashboard names: its panels', their queries' and its variables'."""
    if isinstance(node, dict):
        datasource = node.get("datasource")
        if isinstance(datasource, dict):
            yield str(datasource.get("uid"))
        elif datasource is not None:
            # A data source named rather than referenced by uid (the older form) is not the provisioned one.
            yield f"named {datasource!r}"
        for key, value in node.items():
            if key != "datasource":
                yield from datasource_uids(value)
    elif isinstance(node, list):
        for item in node:
            yield from datasource_uids(item)


def test_a_plain_up_starts_neither_prometheus_nor_grafana() -> None:
    for name, service in as_mapping(compose()["services"], "services").items():
        expected = ["observability"] if name in OBSERVABILITY_SERVICES else None
        assert as_mapping(service, name).get("profiles") == expected, name


def test_prometheus_and_grafana_run_pinned_official_images() -> None:
    assert re.fullmatch(r"prom/prometheus:v\d+\.\d+\.\d+", compose_service("prometheus")["image"])
    assert re.fullmatch(r"grafana/grafana:\d+\.\d+\.\d+", compose_service("grafana")["image"])


def test_prometheus_and_grafana_are_published_on_the_host_only_on_ports_an_operator_can_move() -> None:
    for name, variable, port in (
        ("prometheus", "NEACOOP_PROMETHEUS_UI_PORT", 9090),
        ("grafana", "NEACOOP_GRAFANA_PORT", 3000),
    ):
        (raw_port,) = raw_compose()["services"][name]["ports"]
        assert raw_port == f"127.0.0.1:${{{variable}:-{port}}}:{port}", name
        assert published_ports(compose_service(name)) == {port: port}


def test_the_profiles_variables_are_explained_in_the_files_header() -> None:
    header = "\n".join(line for line in COMPOSE_FILE.read_text().splitlines() if line.startswith("#"))
    used = {
        match.group("braced")
        for name in OBSERVABILITY_SERVICES
        for text in strings_in(raw_compose()["services"][name])
        for match in INTERPOLATION.finditer(text)
        if match.group("braced")
    }
    assert used == {
        "NEACOOP_PROMETHEUS_UI_PORT",
        "NEACOOP_GRAFANA_PORT",
        "NEACOOP_GRAFANA_ADMIN_PASSWORD",
        "NEACOOP_GRAFANA_ANONYMOUS_ACCESS",
    }
    for variable in used:
        assert re.search(rf"^#\s+{variable}\s+\[", header, re.M), f"{variable} is not in the header"


def test_prometheus_reads_the_scrape_configuration_and_rules_of_deploy_observability_read_only() -> None:
    prometheus = compose_service("prometheus")
    assert bind_mounts("prometheus") == {"/etc/prometheus": (OBSERVABILITY / "prometheus", True)}
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]
    configuration = yaml.safe_load((OBSERVABILITY / "prometheus" / "prometheus.yml").read_text())
    for rules in configuration["rule_files"]:
        assert (OBSERVABILITY / "prometheus" / rules).is_file(), rules
    # It scrapes each service by its compose name on the port the service listens on.
    targets = {
        config["labels"]["service"]: tuple(config["targets"])
        for job in configuration["scrape_configs"]
        for config in job["static_configs"]
    }
    assert targets == {
        name: (f"{name}:{compose_environment(name)['NEACOOP_HTTP_PORT']}",) for name in SERVICES
    }
    (data,) = [str(v) for v in prometheus["volumes"] if str(v).endswith(":/prometheus")]
    assert data.split(":")[0] in as_mapping(compose()["volumes"], "volumes")


def test_grafana_mounts_exactly_the_provisioning_and_dashboards_folders_read_only() -> None:
    dashboards_path = provisioned("dashboards")["providers"][0]["options"]["path"]
    assert bind_mounts("grafana") == {
        "/etc/grafana/provisioning": (GRAFANA / "provisioning", True),
        dashboards_path: (GRAFANA / "dashboards", True),
    }


def test_grafanas_data_source_is_the_compose_prometheus() -> None:
    (datasource,) = provisioned("datasources")["datasources"]
    assert datasource["type"] == "prometheus"
    assert datasource["url"] == "http://prometheus:9090"
    assert published_ports(compose_service("prometheus")) == {9090: 9090}
    assert datasource["uid"] == "neacoop-prometheus"


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda path: path.name)
def test_every_dashboard_queries_the_provisioned_data_source_only(path: Path) -> None:
    (datasource,) = provisioned("datasources")["datasources"]
    uids = set(datasource_uids(json.loads(path.read_text())))
    assert uids == {datasource["uid"]}, f"{path.name} names data sources {sorted(uids)}"


def test_there_is_a_dashboard_per_concern_each_with_its_own_uid() -> None:
    boards = [json.loads(path.read_text()) for path in DASHBOARDS]
    assert {board["uid"] for board in boards} == {
        "neacoop-http", "neacoop-outbox", "neacoop-consumers", "neacoop-deliveries",
    }  # fmt: skip
    home = compose_environment("grafana")["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    dashboards_path = provisioned("dashboards")["providers"][0]["options"]["path"]
    assert (GRAFANA / "dashboards" / Path(home).relative_to(dashboards_path)).is_file()


def test_grafanas_admin_password_and_anonymous_viewers_come_from_the_operator() -> None:
    raw = as_mapping(raw_compose()["services"]["grafana"]["environment"], "grafana.environment")
    assert raw["GF_SECURITY_ADMIN_PASSWORD"] == "${NEACOOP_GRAFANA_ADMIN_PASSWORD:-admin}"
    assert raw["GF_AUTH_ANONYMOUS_ENABLED"] == "${NEACOOP_GRAFANA_ANONYMOUS_ACCESS:-false}"
    environment = compose_environment("grafana")
    # Anonymous visitors, when allowed, only look; nobody signs up.
    assert environment["GF_AUTH_ANONYMOUS_ORG_ROLE"] == "Viewer"
    assert environment["GF_AUTH_ANONYMOUS_ENABLED"] == "false"
    assert environment["GF_USERS_ALLOW_SIGN_UP"] == "false"


def test_grafana_waits_for_a_healthy_prometheus() -> None:
    assert compose_service("grafana")["depends_on"] == {"prometheus": {"condition": "service_healthy"}}


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
            match = INTERPOLATION.match(text, position)
            assert match, f"malformed interpolation at {text[position : position + 40]!r}"
            position = text.find("$", match.end())


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
