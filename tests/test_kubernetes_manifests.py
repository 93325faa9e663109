"""deploy/k8s (issue #16): what kustomize renders passes kubeconform in strict mode for each Kubernetes
version the manifests support, and the objects that keep the services up and fenced in have the shape the
architecture asks for: a PodDisruptionBudget, a startup probe and spread constraints per service, and
NetworkPolicies that deny by default and allow only what each service talks to (docs/architecture.md).

kubeconform and kustomize are built from their Go modules into .run/tools/bin by `make test` (or
`make lint-k8s`); the schemas come from the dev dependency kubernetes-validate (devstack.kubernetes).
"""

from __future__ import annotations

import copy
import ipaddress
import re
import subprocess
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from devstack.kubernetes import KUBERNETES_VERSIONS, ValidatorMissingError, check, validate
from devstack.services import DEFAULT_HTTP_PORTS, SERVICES
from notifications.outbound import SPECIAL_PURPOSE, OutboundPolicy

ROOT = Path(__file__).resolve().parents[1]
K8S_DIR = ROOT / "deploy" / "k8s"
TOOLS = ROOT / ".run" / "tools"

DNS = {("UDP", 53), ("TCP", 53)}
KAFKA = {("TCP", 9092)}
POSTGRESQL = {("TCP", 5432)}
SMTP = {("TCP", 587), ("TCP", 465), ("TCP", 25)}
HTTPS = {("TCP", 443)}
# What each service talks to beyond the namespace: its own database and Kafka (every arrow between
# services is a topic), and for notifications the mail relay and partners' webhooks.
EGRESS: dict[str, set[tuple[str, int]]] = {
    "registry": DNS | KAFKA | POSTGRESQL,
    "meetings": DNS | KAFKA | POSTGRESQL,
    "roadmap": DNS | KAFKA | POSTGRESQL,
    "notifications": DNS | KAFKA | POSTGRESQL | SMTP | HTTPS,
}


def _load(path: Path) -> tuple[dict[str, Any], ...]:
    return tuple(document for document in yaml.safe_load_all(path.read_text()) if document is not None)


# Read once: the tests only read them (a test that changes one changes a copy).
@cache
def documents() -> tuple[dict[str, Any], ...]:
    """The objects `kubectl apply -k deploy/k8s` applies, read from the files the kustomization lists."""
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    return tuple(
        document for resource in kustomization["resources"] for document in _load(K8S_DIR / resource)
    )


@cache
def secrets_template() -> tuple[dict[str, Any], ...]:
    return _load(K8S_DIR / "secrets.example.yaml")


def objects(kind: str) -> dict[str, dict[str, Any]]:
    return {str(d["metadata"]["name"]): d for d in documents() if d["kind"] == kind}


def pod_labels(name: str) -> dict[str, str]:
    labels: dict[str, str] = objects("Deployment")[name]["spec"]["template"]["metadata"]["labels"]
    return labels


def main_container(name: str) -> dict[str, Any]:
    containers: list[dict[str, Any]] = objects("Deployment")[name]["spec"]["template"]["spec"]["containers"]
    return next(c for c in containers if c["name"] == name)


def selects(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """Whether a label selector (matchLabels only, as these manifests use) selects pods so labelled."""
    assert set(selector) <= {"matchLabels"}, f"a selector these tests cannot read: {selector}"
    return all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items())


def policies_of(name: str) -> list[dict[str, Any]]:
    labels = pod_labels(name)
    return [p for p in objects("NetworkPolicy").values() if selects(p["spec"]["podSelector"], labels)]


def rule_ports(rules: list[dict[str, Any]]) -> set[tuple[str, int]]:
    ports: set[tuple[str, int]] = set()
    for rule in rules:
        assert rule.get("ports"), f"a rule without ports allows every port: {rule}"
        ports |= {(port.get("protocol", "TCP"), port["port"]) for port in rule["ports"]}
    return ports


def allowed_ports(name: str, direction: str) -> set[tuple[str, int]]:
    """Every (protocol, port) the service's pods may use in a direction, by all policies selecting them."""
    ports: set[tuple[str, int]] = set()
    for policy in policies_of(name):
        if direction.capitalize() in policy["spec"]["policyTypes"]:
            ports |= rule_ports(policy["spec"].get(direction, []))
    return ports


def configmap_value(config_map: str, key: str) -> str:
    value: str = objects("ConfigMap")[config_map]["data"][key]
    return value


def run_validator_or_fail(manifests: list[Path], version: str) -> subprocess.CompletedProcess[str]:
    try:
        return validate(TOOLS, manifests, version=version)
    except ValidatorMissingError as missing:
        pytest.fail(str(missing))


# -- the validator -------------------------------------------------------------------------------------


def test_the_rendered_manifests_and_the_secrets_template_pass_kubeconform_strict() -> None:
    try:
        results = check(ROOT, TOOLS)
    except ValidatorMissingError as missing:
        pytest.fail(str(missing))
    for version, ran in zip(KUBERNETES_VERSIONS, results, strict=True):
        assert ran.returncode == 0, f"Kubernetes {version}:\n{ran.stdout}{ran.stderr}"
        # Every object was checked against a schema: none skipped, none left without one.
        summary = re.search(r"Valid: (\d+), Invalid: 0, Errors: 0, Skipped: 0", ran.stdout)
        assert summary, ran.stdout
        assert int(summary.group(1)) == len(documents()) + len(secrets_template())


def test_the_validator_refuses_a_deployment_with_an_unknown_field(tmp_path: Path) -> None:
    deployment = copy.deepcopy(objects("Deployment")["registry"])
    deployment["spec"]["template"]["spec"]["containers"][0]["startupProbes"] = []
    broken = tmp_path / "registry.yaml"
    broken.write_text(yaml.safe_dump(deployment))
    ran = run_validator_or_fail([broken], KUBERNETES_VERSIONS[-1])
    assert ran.returncode == 1, ran.stdout
    assert "additional properties 'startupProbes' not allowed" in ran.stdout


def test_the_validator_checks_each_kubernetes_version_against_its_own_schemas(tmp_path: Path) -> None:
    # PodDisruptionBudget's unhealthyPodEvictionPolicy, known to the oldest version supported, is unknown
    # to 1.25: the manifests would be refused there.
    (budget := tmp_path / "budget.yaml").write_text(
        yaml.safe_dump(objects("PodDisruptionBudget")["registry"])
    )
    assert run_validator_or_fail([budget], KUBERNETES_VERSIONS[0]).returncode == 0
    ran = run_validator_or_fail([budget], "1.25.0")
    assert ran.returncode == 1, ran.stdout
    assert "'unhealthyPodEvictionPolicy' not allowed" in ran.stdout


# -- availability --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_a_disruption_budget_keeping_one_of_its_two_replicas(name: str) -> None:
    budget = objects("PodDisruptionBudget")[name]["spec"]
    deployment = objects("Deployment")[name]["spec"]
    assert budget["selector"] == deployment["selector"]
    assert selects(budget["selector"], pod_labels(name))
    # One of two: a drain may take one replica, never both, and is never blocked for good.
    assert (budget["minAvailable"], deployment["replicas"]) == (1, 2)
    assert budget["unhealthyPodEvictionPolicy"] == "AlwaysAllow"


@pytest.mark.parametrize("name", SERVICES)
def test_each_main_container_has_a_startup_probe_on_healthz_that_precedes_liveness(name: str) -> None:
    container = main_container(name)
    startup = container["startupProbe"]
    assert startup["httpGet"] == {"path": "/healthz", "port": "http"}
    # Two minutes to start before a restart; migrations are not counted, they ran in the init container.
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120
    init_containers = objects("Deployment")[name]["spec"]["template"]["spec"]["initContainers"]
    assert [c["args"] for c in init_containers] == [["migrate"]]
    # The startup probe replaces the liveness probe's fixed delay.
    assert "initialDelaySeconds" not in container["livenessProbe"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_spreads_its_replicas_over_nodes_and_zones(name: str) -> None:
    constraints = objects("Deployment")[name]["spec"]["template"]["spec"]["topologySpreadConstraints"]
    by_key = {c["topologyKey"]: c for c in constraints}
    assert set(by_key) == {"kubernetes.io/hostname", "topology.kubernetes.io/zone"}
    assert by_key["kubernetes.io/hostname"]["whenUnsatisfiable"] == "DoNotSchedule"
    assert by_key["kubernetes.io/hostname"]["nodeTaintsPolicy"] == "Honor"
    assert by_key["topology.kubernetes.io/zone"]["whenUnsatisfiable"] == "ScheduleAnyway"
    for constraint in constraints:
        assert constraint["maxSkew"] == 1
        assert constraint["labelSelector"] == {"matchLabels": pod_labels(name)}
        assert constraint["matchLabelKeys"] == ["pod-template-hash"]


# -- network policies ----------------------------------------------------------------------------------


def test_the_namespace_denies_all_traffic_unless_a_policy_allows_it() -> None:
    deny = objects("NetworkPolicy")["default-deny"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_accepts_traffic_only_on_its_http_port_from_the_cluster(name: str) -> None:
    assert allowed_ports(name, "ingress") == {("TCP", DEFAULT_HTTP_PORTS[name])}
    (container_port,) = main_container(name)["ports"]
    assert container_port["containerPort"] == DEFAULT_HTTP_PORTS[name]
    sources = [
        peer for p in policies_of(name) for rule in p["spec"].get("ingress", []) for peer in rule["from"]
    ]
    # Any pod of any namespace (the ingress controller's included), said so rather than left open.
    assert sources == [{"namespaceSelector": {}}]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_reaches_only_what_the_architecture_needs(name: str) -> None:
    assert allowed_ports(name, "egress") == EGRESS[name]


def test_the_kafka_rule_allows_the_port_of_every_bootstrap_server() -> None:
    servers = configmap_value("neacoop-shared", "NEACOOP_KAFKA_BOOTSTRAP_SERVERS").split(",")
    kafka = objects("NetworkPolicy")["kafka"]["spec"]
    assert {("TCP", int(server.rsplit(":", 1)[1])) for server in servers} == rule_ports(kafka["egress"])


def test_each_database_url_in_the_secrets_template_uses_the_allowed_postgresql_port() -> None:
    secrets = [d for d in yaml.safe_load_all((K8S_DIR / "secrets.example.yaml").read_text()) if d]
    urls = [
        s["stringData"]["NEACOOP_DATABASE_URL"] for s in secrets if "NEACOOP_DATABASE_URL" in s["stringData"]
    ]
    assert len(urls) == len(SERVICES)
    for url in urls:
        match = re.search(r"@[^/:]+:(\d+)/", url)
        assert match, url
        assert ("TCP", int(match.group(1))) in POSTGRESQL


def test_the_mail_relay_port_is_one_notifications_may_reach() -> None:
    assert ("TCP", int(configmap_value("neacoop-notifications", "NEACOOP_SMTP_PORT"))) in SMTP


def test_webhooks_reach_public_addresses_only_as_the_service_itself_decides() -> None:
    https_rules = [
        rule
        for rule in objects("NetworkPolicy")["notifications"]["spec"]["egress"]
        if rule_ports([rule]) == HTTPS
    ]
    (rule,) = https_rules
    blocks = [peer["ipBlock"] for peer in rule["to"]]
    assert {block["cidr"] for block in blocks} == {"0.0.0.0/0", "::/0"}
    excepted = [ipaddress.ip_network(cidr) for block in blocks for cidr in block["except"]]
    policy = OutboundPolicy()
    # Every range the network refuses, the service refuses too (the network adds nothing it allows) ...
    for network in excepted:
        assert policy.refusal(network[0]) is not None, network
        assert policy.refusal(network[-1]) is not None, network
    # ... and the network refuses every private, loopback, link-local and shared range the service knows.
    internal = [
        ipaddress.ip_network(cidr)
        for cidr, what, _ in SPECIAL_PURPOSE
        if any(word in what for word in ("private", "loopback", "link-local", "shared", "'this network'"))
    ]
    for network in internal:
        assert any(
            network.version == outer.version and network.subnet_of(outer)  # type: ignore[arg-type]
            for outer in excepted
        ), f"{network} is internal but the webhook rule lets it through"
