"""deploy/k8s gives every service what the native launcher gives it, read as files: two probed replicas,
migrations before serving, secrets from Secrets only."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import yaml

from devstack.services import DEFAULT_HTTP_PORTS, SERVICES, with_operator_settings
from notifications.config import NotificationsSettings
from support.container_files import (
    K8S_DIR,
    as_mapping,
    isolated_settings,
    k8s_container_environment,
    k8s_deployment_containers,
    k8s_documents,
    k8s_main_container,
    k8s_objects,
    launcher_environment,
    settings_variables,
)

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
