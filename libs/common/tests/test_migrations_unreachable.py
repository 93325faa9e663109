"""A service whose migrations cannot reach the database stops with one line naming NEACOOP_DATABASE_URL:
what an operator reads in `docker compose logs` (tests/test_compose_stack.py sees it in a container)."""

from __future__ import annotations

import socket
import subprocess
import sys

from common.migrations import unreachable_database

URL = "postgresql+asyncpg://meetings:s3cret-password@postgres:5432/meetings"


def test_the_line_names_the_setting_the_role_host_and_database_and_the_reason_but_not_the_password() -> None:
    line = unreachable_database(URL, ConnectionRefusedError(111, "Connect call failed ('10.0.0.5', 5432)"))
    assert line.startswith(
        "cannot reach the database of NEACOOP_DATABASE_URL (meetings@postgres:5432/meetings)"
    )
    assert "ConnectionRefusedError" in line
    assert "s3cret-password" not in line
    assert "\n" not in line


def test_a_reason_spread_over_lines_is_one_line() -> None:
    line = unreachable_database(URL, socket.gaierror(-2, "Name or service not known\n  (postgres)"))
    assert "\n" not in line
    assert line.endswith("Name or service not known (postgres)")


def test_migrating_a_database_whose_host_does_not_resolve_exits_with_that_line_and_no_traceback() -> None:
    url = "postgresql+asyncpg://meetings:meetings@database.invalid:5432/meetings"
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "services/meetings/alembic.ini", "upgrade", "head"],
        env={"NEACOOP_DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("cannot reach the database of NEACOOP_DATABASE_URL"), done.stderr
    assert "Traceback" not in done.stderr
