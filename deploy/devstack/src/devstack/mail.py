"""The SMTP sink the notifications service sends to under `make up`: devstack.smtp_sink, detached."""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
import time
from pathlib import Path

from devstack.process import (
    POLL_INTERVAL_SECONDS,
    DevstackError,
    ensure_port_free,
    owned_pid,
    port_is_open,
    spawn_detached,
    still_running,
    stop_process_group,
    tail,
)

DEFAULT_SMTP_PORT = 2525
_PROBE_TIMEOUT_SECONDS = 2.0


class MailSink:
    """One SMTP server on 127.0.0.1:port that keeps each message in mail_dir; its pid and log in run_dir."""

    def __init__(self, *, mail_dir: Path, run_dir: Path, port: int) -> None:
        self.mail_dir = mail_dir.absolute()
        self.run_dir = run_dir.absolute()
        self.port = port
        self.host = "127.0.0.1"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.run_dir / "smtp-sink.log"

    @property
    def pid_path(self) -> Path:
        return self.run_dir / "smtp-sink.pid"

    def messages(self) -> list[Path]:
        """The messages received so far, oldest first (their names start with the time of arrival)."""
        return sorted(self.mail_dir.glob("*.eml"))

    def is_running(self) -> bool:
        return self._pid() is not None

    def _pid(self) -> int | None:
        # The mail directory is on our command line and names this stack's sink, not another checkout's.
        return owned_pid(self.pid_path, str(self.mail_dir))

    def start(self, timeout: float = 30) -> None:
        """Start the sink unless it already runs, then wait until it answers SMTP."""
        if not self.is_running():
            ensure_port_free(self.port, "SMTP sink")
            self.mail_dir.mkdir(parents=True, exist_ok=True)
            self._process = spawn_detached(
                [
                    sys.executable,
                    "-m",
                    "devstack.smtp_sink",
                    "--host",
                    self.host,
                    "--port",
                    str(self.port),
                    "--mail-dir",
                    str(self.mail_dir),
                ],
                cwd=self.run_dir,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                output=self.log_path,
                pid_file=self.pid_path,
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if not still_running(self._process, self.is_running):
                # The exit status tells a crash (1) from a signal (-15, -9), which leaves no log behind.
                status = self._process.poll() if self._process is not None else None
                raise DevstackError(
                    f"the SMTP sink exited before it became ready (exit status {status}).\n"
                    f"--- {self.log_path} ---\n{tail(self.log_path)}"
                )
            if self.is_ready():
                return
            if time.monotonic() >= deadline:
                raise DevstackError(
                    f"the SMTP sink did not answer on {self.host}:{self.port} within {timeout:.0f} s.\n"
                    f"--- {self.log_path} ---\n{tail(self.log_path)}"
                )
            time.sleep(POLL_INTERVAL_SECONDS)

    def is_ready(self) -> bool:
        """Whether the sink greets and answers NOOP: a real SMTP exchange, not just an open port."""
        if not port_is_open(self.port, self.host):
            return False
        try:
            # local_hostname, because smtplib otherwise resolves this machine's FQDN, which may hang.
            with smtplib.SMTP(
                self.host, self.port, local_hostname="localhost", timeout=_PROBE_TIMEOUT_SECONDS
            ) as client:
                code, _ = client.noop()
        except (OSError, smtplib.SMTPException):
            return False
        return code == 250

    def stop(self, timeout: float = 10) -> None:
        """Stop the sink; the messages it kept stay in mail_dir."""
        stop_process_group(self._pid(), timeout=timeout, pid_file=self.pid_path)
        if self._process is not None:
            self._process.poll()
            self._process = None
