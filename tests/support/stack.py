"""A stack as `make up` runs it (`python -m devstack up`, on ports and in a run directory of its own),
for the tests that drive it only from outside: the end-to-end suite and the console's browser test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from devstack.cli import configured_service
from devstack.paths import find_project_root
from devstack.services import SERVICES, ServiceProcess
from devstack.stack import Stack
from devstack.story import Endpoints

ADMIN_KEY = "end-to-end-admin-key"
# Operator settings `make up` passes on (devstack.services.OPERATOR_SETTINGS): retries within seconds.
OPERATOR = {
    "NEACOOP_DELIVERY_RETRY_SCHEDULE": "[0, 0.5, 1, 2, 2, 5, 5]",
    "NEACOOP_DELIVERY_RETRY_JITTER": "0",
}


@dataclass
class RunningStack:
    stack: Stack
    api: Endpoints

    def process(self, name: str) -> ServiceProcess:
        return configured_service(self.stack, name, ADMIN_KEY)

    def logs(self) -> str:
        tails = []
        for log in sorted((self.stack.run_dir / "services").glob("*.log")):
            tails.append(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]))
        return "\n".join(tails)


def devstack(run_dir: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "--run-dir", str(run_dir), command],
        env=dict(os.environ),
        cwd=find_project_root(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextmanager
def running_stack(
    name: str, ports: dict[str, str], settings: dict[str, str] | None = None
) -> Iterator[RunningStack]:
    """`python -m devstack up` in .run/<name>, from empty, and `down` afterwards; `settings` are operator
    settings of this stack alone."""
    with pytest.MonkeyPatch.context() as environment:
        chosen = {**ports, **OPERATOR, **(settings or {}), "NEACOOP_ADMIN_KEY": ADMIN_KEY}
        for variable, value in chosen.items():
            environment.setenv(variable, value)
        run_dir = find_project_root() / ".run" / name
        devstack(run_dir, "down")
        shutil.rmtree(run_dir, ignore_errors=True)
        up = devstack(run_dir, "up")
        try:
            assert up.returncode == 0, f"devstack up failed:\n{up.stdout[-4000:]}\n{up.stderr[-4000:]}"
            stack = Stack.from_environment(run_dir)
            urls = {service: f"http://127.0.0.1:{stack.service_ports[service]}" for service in SERVICES}
            yield RunningStack(stack=stack, api=Endpoints(**urls, admin_key=ADMIN_KEY))
        finally:
            devstack(run_dir, "down")
