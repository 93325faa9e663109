"""docker-compose.yml run as one compose project: up until every container is healthy, down with its
volumes. Compose v2 where there is one (`docker compose`, or the binary `make compose-test` builds from its
Go module into .run/tools/bin), else Debian's compose v1 (`docker-compose`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from devstack.container_engine import docker_cli
from devstack.process import DevstackError

_COMMAND_TIMEOUT_SECONDS = 600.0


def compose_command(project_root: Path) -> list[str]:
    """NEACOOP_COMPOSE (a command line) if set; the compose v2 built here; `docker compose`; v1."""
    given = os.environ.get("NEACOOP_COMPOSE")
    if given:
        return given.split()
    built = project_root / ".run" / "tools" / "bin" / "docker-compose"
    if built.is_file():
        return [str(built)]
    plugin = subprocess.run(
        [docker_cli(), "compose", "version"], capture_output=True, timeout=30, check=False
    )
    if plugin.returncode == 0:
        return [docker_cli(), "compose"]
    v1 = shutil.which("docker-compose")
    if v1 is not None:
        return [v1]
    raise DevstackError("docker compose is not installed: `make compose-test` builds it")


@dataclass(frozen=True)
class Container:
    service: str
    state: str  # running, exited, restarting, ...
    health: str  # healthy, starting, unhealthy, or "" without a healthcheck
    exit_code: int


@dataclass
class ComposeProject:
    project_root: Path
    name: str
    files: Sequence[Path]
    environment: Mapping[str, str]
    command: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.command:
            self.command = compose_command(self.project_root)

    def compose(
        self,
        *arguments: str,
        check: bool = True,
        timeout: float = _COMMAND_TIMEOUT_SECONDS,
        environment: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        files = [option for path in self.files for option in ("--file", str(path))]
        argv = [*self.command, "--project-name", self.name, *files, *arguments]
        given = self.environment if environment is None else environment
        # A setting of the project's left out of `environment` is unset, even if this process has it.
        env = {k: v for k, v in os.environ.items() if k not in self.environment or k in given} | dict(given)
        try:
            done = subprocess.run(
                argv,
                cwd=self.project_root,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DevstackError(f"`{' '.join(arguments)}` did not finish within {timeout:.0f} s") from None
        if check and done.returncode != 0:
            raise DevstackError(
                f"docker compose {' '.join(arguments)} failed (exit {done.returncode}):\n"
                f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done

    def containers(self) -> list[Container]:
        ids = self.compose("ps", "--all", "--quiet").stdout.split()
        if not ids:
            return []
        inspected = subprocess.run(
            [docker_cli(), "inspect", *ids], capture_output=True, text=True, timeout=60, check=True
        )
        found = []
        for container in json.loads(inspected.stdout):
            state = container["State"]
            found.append(
                Container(
                    service=container["Config"]["Labels"].get("com.docker.compose.service", "?"),
                    state=state["Status"],
                    health=(state.get("Health") or {}).get("Status", ""),
                    exit_code=int(state.get("ExitCode", 0)),
                )
            )
        return found

    def up(self, *, timeout: float = 600.0) -> None:
        """`up --wait` (compose v2), or v1's `up -d` and a poll of the healthchecks; a container that exits
        or turns unhealthy fails at once, named with its last log lines."""
        if self.speaks_v2():
            waited = self.compose(
                "up", "--detach", "--no-build", "--wait", "--wait-timeout", f"{timeout:.0f}", check=False
            )
            if waited.returncode == 0:
                return
        else:
            self.compose("up", "--detach", "--no-build")
        # Also where `--wait` gave up: this names the containers at fault, with their logs.
        self.wait_healthy(timeout=timeout)

    def speaks_v2(self) -> bool:
        shown = self.compose("version", "--short", check=False).stdout.strip().lstrip("v")
        return not shown.startswith("1.")

    def wait_healthy(self, *, timeout: float, recovering: bool = False) -> None:
        """`recovering`: after an outage a container may be unhealthy for a while before it is healthy
        again, so only one that exits fails at once."""
        deadline = time.monotonic() + timeout
        while True:
            containers = self.containers()
            failed = [
                c
                for c in containers
                if c.state in ("exited", "dead") or (c.health == "unhealthy" and not recovering)
            ]
            if failed:
                raise DevstackError(
                    "; ".join(f"{c.service} is {c.health or c.state} (exit {c.exit_code})" for c in failed)
                    + "\n"
                    + "\n".join(self.logs(c.service, lines=30) for c in failed)
                )
            waiting = [c for c in containers if c.health != "healthy"]
            if containers and not waiting:
                return
            if time.monotonic() > deadline:
                states = ", ".join(f"{c.service} {c.health or c.state}" for c in waiting)
                raise DevstackError(f"not healthy within {timeout:.0f} s: {states}")
            time.sleep(1.0)

    def logs(self, service: str, *, lines: int = 100) -> str:
        shown = self.compose("logs", "--no-color", "--tail", str(lines), service, check=False)
        return shown.stdout + shown.stderr

    def down(self, *, profiles: Sequence[str] = ()) -> float:
        """Stops and removes the containers, the network and the volumes; how many seconds it took.

        `down` leaves alone the containers and volumes of a profile it is not given (and then fails to
        remove the network they are still on), so name every profile that may have been started."""
        started = time.monotonic()
        selected = [option for profile in profiles for option in ("--profile", profile)]
        self.compose(*selected, "down", "--volumes", "--remove-orphans", "--timeout", "30")
        return time.monotonic() - started
