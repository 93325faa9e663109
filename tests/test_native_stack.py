"""`make up` and `make down` as an operator runs them: the native launcher on ports of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from common.testing.infrastructure import project_root
from devstack.process import pid_is_alive, read_pid

pytestmark = pytest.mark.integration

PORTS = {
    "NEACOOP_KAFKA_PORT": "29092",
    "NEACOOP_KAFKA_CONTROLLER_PORT": "29093",
    "NEACOOP_PG_PORT": "25433",
    "NEACOOP_REGISTRY_PORT": "28001",
    "NEACOOP_MEETINGS_PORT": "28002",
    "NEACOOP_ROADMAP_PORT": "28003",
    "NEACOOP_NOTIFICATIONS_PORT": "28004",
    "NEACOOP_CONSOLE_PORT": "28005",
    "NEACOOP_MAIL_PORT": "22525",
}


def devstack(run_dir: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PORTS, "NEACOOP_ADMIN_KEY": "native-stack-test-key"}
    return subprocess.run(
        [sys.executable, "-m", "devstack", "--run-dir", str(run_dir), command],
        env=env,
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_up_brings_up_four_ready_services_and_the_console_and_down_leaves_no_process_behind() -> None:
    run_dir = project_root() / ".run" / "test-stack"
    devstack(run_dir, "down")
    shutil.rmtree(run_dir, ignore_errors=True)

    up = devstack(run_dir, "up")
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        for service in ("registry", "meetings", "roadmap", "notifications"):
            port = PORTS[f"NEACOOP_{service.upper()}_PORT"]
            assert f"http://127.0.0.1:{port}" in up.stdout
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
            assert ready.status_code == 200, f"{service}: {ready.text}"
            assert ready.json()["checks"] == {"database": "ok", "kafka": "ok"}
        pids = [pid for f in run_dir.rglob("*.pid") if (pid := read_pid(f)) is not None]
        console = httpx.get(f"http://127.0.0.1:{PORTS['NEACOOP_CONSOLE_PORT']}/healthz", timeout=10)
        assert console.status_code == 200, console.text
        assert len(pids) == 7, "Kafka, the SMTP sink, the four services and the console"
        [postmaster] = run_dir.rglob("postmaster.pid")
        pids.append(int(postmaster.read_text().split()[0]))
    finally:
        down = devstack(run_dir, "down")
    assert down.returncode == 0, down.stdout + down.stderr
    assert [pid for pid in pids if pid_is_alive(pid)] == []
