"""The alert rules in deploy/observability/prometheus are valid and fire when they should: `promtool check
rules` and `promtool test rules` (alerts.test.yml), and the scrape configuration beside them is valid.
Nothing but promtool is needed (Debian's `prometheus` package, which `make test` installs)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY

import common.metrics  # noqa: F401  (registers the metrics whose names are checked)
from support.promtool import promtool

OBSERVABILITY = Path(__file__).resolve().parents[1] / "deploy" / "observability"
PROMETHEUS = OBSERVABILITY / "prometheus"
DASHBOARDS = sorted((OBSERVABILITY / "grafana" / "dashboards").glob("*.json"))
# A metric name in PromQL: the names our metrics and Prometheus's `up` can have, with their series suffixes.
SERIES_SUFFIXES = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"]}
METRIC = re.compile(r"\b(neacoop_[a-z_]+|up)\b")


def run_promtool(*args: str) -> str:
    ran = subprocess.run(
        [promtool(), *args], cwd=PROMETHEUS, capture_output=True, text=True, check=False, timeout=120
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return ran.stdout + ran.stderr


def test_the_alert_rules_are_valid() -> None:
    assert "SUCCESS" in run_promtool("check", "rules", "alerts.yml")


def test_each_alert_fires_when_it_should_and_not_before() -> None:
    assert "SUCCESS" in run_promtool("test", "rules", "alerts.test.yml")


def test_every_alert_is_unit_tested_and_explained_in_the_runbook() -> None:
    rules = (PROMETHEUS / "alerts.yml").read_text()
    tests = (PROMETHEUS / "alerts.test.yml").read_text()
    runbook = (PROMETHEUS.parents[2] / "docs" / "runbook.md").read_text()
    alerts = [
        line.split(":", 1)[1].strip() for line in rules.splitlines() if line.strip().startswith("- alert:")
    ]
    assert alerts
    for alert in alerts:
        assert f"alertname: {alert}" in tests, f"{alert} has no test in alerts.test.yml"
        assert f"### {alert}" in runbook, f"{alert} is not explained in docs/runbook.md"


def test_the_scrape_configuration_is_valid() -> None:
    assert "SUCCESS" in run_promtool("check", "config", "prometheus.yml")


def alert_expressions() -> list[str]:
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def dashboard_expressions(path: Path) -> list[str]:
    board = json.loads(path.read_text())
    return [target["expr"] for panel in board["panels"] for target in panel["targets"]]


def exposed_names() -> set[str]:
    names = {"up"}
    for family in REGISTRY.collect():
        if family.name.startswith("neacoop_"):
            suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"]}.get(
                family.type, [""]
            )
            names |= {family.name + suffix for suffix in suffixes}
    return names


@pytest.mark.parametrize("source", ["alerts.yml", *(path.name for path in DASHBOARDS)])
def test_every_metric_the_rules_and_dashboards_name_is_one_the_services_expose(source: str) -> None:
    expressions = (
        alert_expressions()
        if source == "alerts.yml"
        else dashboard_expressions(OBSERVABILITY / "grafana" / "dashboards" / source)
    )
    named = {name for expression in expressions for name in METRIC.findall(expression)}
    assert named
    assert named <= exposed_names(), f"not declared in common.metrics: {sorted(named - exposed_names())}"


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    # promtool parses expressions only in rule files: each query becomes a recording rule.
    rules = [
        {"record": f"dashboard:query_{number}", "expr": expression}
        for number, expression in enumerate(e for path in DASHBOARDS for e in dashboard_expressions(path))
    ]
    # $service is Grafana's variable, replaced before a query reaches Prometheus.
    text = yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}).replace("$service", ".*")
    (tmp_path / "dashboards.yml").write_text(text)
    ran = subprocess.run(
        [promtool(), "check", "rules", str(tmp_path / "dashboards.yml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
