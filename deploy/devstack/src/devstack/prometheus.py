"""Prometheus under `make up OBSERVE=1`: Debian's `prometheus` binary, detached like the other processes,
scraping the four services' /metrics with the alert rules of deploy/observability/prometheus; its
configuration, data, pid and log under <run dir>/prometheus."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import yaml

from devstack.process import (
    POLL_INTERVAL_SECONDS,
    DevstackError,
    ensure_port_free,
    owned_pid,
    spawn_detached,
    still_running,
    stop_process_group,
    tail,
)

# Not 9090: installing Debian's package starts its own Prometheus there on a machine with systemd.
DEFAULT_PROMETHEUS_PORT = 9091
# Often enough to see a demo's effects within seconds; the stack is small.
SCRAPE_INTERVAL = "5s"


class PrometheusServer:
    """One Prometheus on 127.0.0.1:port scraping `targets` (service name -> HTTP port)."""

    def __init__(self, *, run_dir: Path, port: int, project_root: Path, targets: Mapping[str, int]) -> None:
        self.run_dir = run_dir.absolute()
        self.port = port
        self.rules = project_root / "deploy" / "observability" / "prometheus" / "alerts.yml"
        self.targets = dict(targets)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.run_dir / "prometheus.yml"

    @property
    def log_path(self) -> Path:
        return self.run_dir / "prometheus.log"

    @property
    def pid_path(self) -> Path:
        return self.run_dir / "prometheus.pid"

    def configuration(self) -> dict[str, object]:
        """deploy/observability/prometheus/prometheus.yml with the native ports instead of compose's hosts."""
        return {
            "global": {"scrape_interval": SCRAPE_INTERVAL, "evaluation_interval": SCRAPE_INTERVAL},
            "rule_files": [str(self.rules)],
            "scrape_configs": [
                {
                    "job_name": "neacoop",
                    "metrics_path": "/metrics",
                    "static_configs": [
                        {"targets": [f"127.0.0.1:{port}"], "labels": {"service": name}}
                        for name, port in self.targets.items()
                    ],
                }
            ],
        }

    def is_running(self) -> bool:
        # The configuration file is on our command line and names this stack's Prometheus.
        return owned_pid(self.pid_path, str(self.config_path)) is not None

    def start(self, timeout: float = 60) -> None:
        binary = shutil.which("prometheus")
        if binary is None:
            raise DevstackError(
                "prometheus is not installed: `make up OBSERVE=1` installs Debian's package "
                "(apt-get install prometheus)"
            )
        if not self.is_running():
            ensure_port_free(self.port, "Prometheus (NEACOOP_PROMETHEUS_PORT)")
            self.run_dir.mkdir(parents=True, exist_ok=True)
            self.config_path.write_text(yaml.safe_dump(self.configuration(), sort_keys=False))
            self._process = spawn_detached(
                [
                    binary,
                    f"--config.file={self.config_path}",
                    f"--storage.tsdb.path={self.run_dir / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    # Debian's binary looks for its web assets under /usr/share; the defaults suit it.
                ],
                cwd=self.run_dir,
                env=dict(os.environ),
                output=self.log_path,
                pid_file=self.pid_path,
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if not still_running(self._process, self.is_running):
                status = self._process.poll() if self._process is not None else None
                raise DevstackError(
                    f"Prometheus exited before it became ready (exit status {status}).\n"
                    f"--- {self.log_path} ---\n{tail(self.log_path)}"
                )
            if time.monotonic() >= deadline:
                raise DevstackError(
                    f"Prometheus did not become ready on {self.url} within {timeout:.0f} s.\n"
                    f"--- {self.log_path} ---\n{tail(self.log_path)}"
                )
            time.sleep(POLL_INTERVAL_SECONDS)

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as answer:
                return bool(answer.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = 20) -> None:
        """Stop it; the data it scraped stays under <run dir>/prometheus/data."""
        stop_process_group(
            owned_pid(self.pid_path, str(self.config_path)), timeout=timeout, pid_file=self.pid_path
        )
        if self._process is not None:
            self._process.poll()
            self._process = None
