"""The Docker engine docker compose runs on: the one that answers, or one started here and stopped after.

On the development and CI machines Debian's docker.io package installs the engine but nothing starts it
(no systemd), so `make compose-test` starts `dockerd` by hand with its log and pid file under `.run/compose`,
and stops it at the end only if it started it: an engine someone else runs is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from devstack.process import DevstackError, pid_is_alive, read_pid, run_checked, tail

# Every container the test suite starts on the engine (NEACOOP_TEST_INFRA=testcontainers) carries this label,
# valued with the session's run folder: testcontainers' reaper (Ryuk) is an image no registry gives here, so
# the suite removes what a killed session left by this label instead, and never another checkout's.
TEST_SESSION_LABEL = "org.neacoop.test-session"

_START_TIMEOUT_SECONDS = 60.0
_STOP_TIMEOUT_SECONDS = 60.0
_PROBE_TIMEOUT_SECONDS = 20.0


def docker_cli() -> str:
    found = shutil.which("docker")
    if found is None:
        raise DevstackError("the docker command is not installed: `make compose-test` installs docker.io")
    return found


def engine_answers() -> bool:
    """Whether `docker info` reaches a running engine."""
    try:
        probe = subprocess.run(
            [docker_cli(), "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=_PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0 and bool(probe.stdout.strip())


class DockerEngine:
    """`with DockerEngine(run_dir).running():` an engine answers inside; one started here stops after."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.started_here = False

    @property
    def log_path(self) -> Path:
        return self.run_dir / "dockerd.log"

    @property
    def pid_path(self) -> Path:
        return self.run_dir / "dockerd.pid"

    @contextlib.contextmanager
    def running(self) -> Iterator[DockerEngine]:
        self.ensure_running()
        try:
            yield self
        finally:
            self.stop_if_started_here()

    def ensure_running(self) -> None:
        if engine_answers():
            return
        dockerd = shutil.which("dockerd")
        if dockerd is None:
            raise DevstackError(
                "no Docker engine answers and dockerd is not installed: "
                "`make compose-test` installs docker.io"
            )
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            # Its own session: the engine must not receive the signals of the terminal that ran the tests.
            engine = subprocess.Popen(
                [dockerd, "--pidfile", str(self.pid_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started_here = True
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not engine_answers():
            if engine.poll() is not None:
                raise DevstackError(
                    f"dockerd exited with {engine.returncode} at start:\n{tail(self.log_path, 20)}"
                )
            if time.monotonic() > deadline:
                waited = f"{_START_TIMEOUT_SECONDS:.0f} s"
                raise DevstackError(f"dockerd did not answer within {waited}:\n{tail(self.log_path, 20)}")
            time.sleep(0.5)

    def stop_if_started_here(self) -> None:
        if not self.started_here:
            return
        pid = read_pid(self.pid_path)
        if pid is None or not pid_is_alive(pid):
            return
        # SIGTERM: dockerd stops its containers (each within its stop timeout) and then itself.
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_TIMEOUT_SECONDS
        while pid_is_alive(pid):
            if time.monotonic() > deadline:
                raise DevstackError(f"dockerd (pid {pid}) did not stop within {_STOP_TIMEOUT_SECONDS:.0f} s")
            time.sleep(0.25)
        self.started_here = False


def remove_test_containers(run_dir: Path) -> list[str]:
    """Removes, with their volumes, the containers a test session in `run_dir` started; returns their ids."""
    listed = run_checked(
        [docker_cli(), "ps", "--all", "--quiet", "--filter", f"label={TEST_SESSION_LABEL}={run_dir}"],
        what="listing the test session's containers",
        timeout=_PROBE_TIMEOUT_SECONDS,
    )
    ids = listed.split()
    if ids:
        run_checked(
            [docker_cli(), "rm", "--force", "--volumes", *ids],
            what="removing the test session's containers",
            timeout=_STOP_TIMEOUT_SECONDS,
        )
    return ids
