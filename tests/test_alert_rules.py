"""The alert rules in deploy/observability/prometheus are valid and fire when they should: `promtool check
rules` and `promtool test rules` (alerts.test.yml), and the scrape configuration beside them is valid.
Nothing but promtool is needed (Debian's `prometheus` package, which `make test` installs)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support.promtool import promtool

PROMETHEUS = Path(__file__).resolve().parents[1] / "deploy" / "observability" / "prometheus"


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
