"""Bookkeeping for the detached processes devstack owns: pid files, liveness, group shutdown, log tails."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

POLL_INTERVAL_SECONDS = 0.25
_TAIL_BYTES = 64 * 1024


class DevstackError(RuntimeError):
    """A component could not be prepared, started or stopped; the message is written for a human."""


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log, for error messages; never fails, because it runs while reporting a failure."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - _TAIL_BYTES))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def pid_is_alive(pid: int) -> bool:
    # A child of this very process (tests start and stop in one interpreter) lingers as a zombie until
    # reaped, and kill(pid, 0) succeeds on zombies.
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # The command name in field 2 may contain spaces and parentheses, so the state follows the last ')'.
    return stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] in ("Z", "X")


def process_cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode("utf-8", errors="replace")


def owned_pid(pid_file: Path, marker: str) -> int | None:
    """The pid in pid_file if that process is alive and is still ours.

    The marker (a path or module only our command line contains) guards against a stale pid file whose
    number the kernel has since handed to an unrelated process, which we must never signal.
    """
    pid = read_pid(pid_file)
    if pid is None or not pid_is_alive(pid):
        return None
    return pid if marker in process_cmdline(pid) else None


def still_running(child: subprocess.Popen[bytes] | None, owned: Callable[[], bool]) -> bool:
    """Whether a process being waited for still runs: a child this process started, by its handle; one an
    earlier command started, by its pid file (`owned`). Right after a spawn, /proc/<pid>/cmdline can still
    be empty: Popen returns once the child's exec has closed its descriptors, which the kernel does
    before it sets up the new argument pages, so the marker `owned` looks for is not there yet (seen in
    CI, under load)."""
    if child is not None:
        return child.poll() is None
    return owned()


def spawn_detached(
    argv: Sequence[str], *, cwd: Path, env: dict[str, str], output: Path, pid_file: Path
) -> subprocess.Popen[bytes]:
    """Start argv in its own session so it outlives this command and can be stopped as a group."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("ab") as out:
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    return process


def stop_process_group(pid: int | None, *, timeout: float, pid_file: Path) -> None:
    """SIGTERM the process group led by pid, SIGKILL it if it outstays timeout; safe to call twice."""
    if pid is not None and pid_is_alive(pid):
        _signal_group(pid, signal.SIGTERM)
        if not _wait_for_exit(pid, timeout):
            _signal_group(pid, signal.SIGKILL)
            if not _wait_for_exit(pid, 10):
                raise DevstackError(f"process {pid} survived SIGKILL")
        # Children that ignored SIGTERM (or were started by a wrapper script) would otherwise outlive
        # their leader; the kernel never reuses a pid that still names a live group, so this hits only them.
        _signal_group(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)


def _signal_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_is_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_INTERVAL_SECONDS)
    return True


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def ensure_port_free(port: int, what: str, host: str = "127.0.0.1") -> None:
    """Fail before launching, because a bind error buried in a JVM log is a poor way to learn of a clash."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # The servers we launch bind with SO_REUSEADDR too, so sockets in TIME_WAIT from a previous run
        # must not count as "in use".
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            raise DevstackError(
                f"{what}: port {host}:{port} is already in use by another process ({error.strerror}); "
                "stop it or choose another port"
            ) from None


def run_async(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from synchronous code, even when called inside a running event loop.

    The launcher API is synchronous (a CLI), yet pytest-asyncio fixtures call it from within a loop, where
    asyncio.run refuses to start; a worker thread gets a loop of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="devstack-probe") as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


def run_checked(argv: Sequence[str], *, what: str, timeout: float, **kwargs: Any) -> str:
    """Run a short-lived command; on failure raise with its output, which is what a human needs to see."""
    try:
        result = subprocess.run(
            list(argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )
    except FileNotFoundError as error:
        raise DevstackError(f"{what}: {error.filename} not found") from None
    except subprocess.TimeoutExpired:
        raise DevstackError(f"{what}: `{' '.join(argv)}` did not finish within {timeout:.0f} s") from None
    if result.returncode != 0:
        raise DevstackError(
            f"{what} failed (exit {result.returncode}): `{' '.join(argv)}`\n{result.stdout.strip()}"
        )
    output: str = result.stdout
    return output
