"""A PostgreSQL cluster in a project folder, holding one database and one login role per service."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

import asyncpg

from devstack.process import (
    POLL_INTERVAL_SECONDS,
    DevstackError,
    ensure_port_free,
    pid_is_alive,
    read_pid,
    run_async,
    run_checked,
    tail,
)

_PREFERRED_MAJOR = 15
_SYSTEM_USER = "postgres"
_SUPERUSER = "postgres"
_CONF_NAME = "devstack.conf"
_START_TIMEOUT_SECONDS = 60
_STOP_TIMEOUT_SECONDS = 60
# Role and database names are spliced into URLs and shown in messages; plain lower-case identifiers keep
# both unambiguous (quoting in SQL is handled by format('%I') regardless).
_NAME_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# sun_path is 108 bytes on Linux; postgres refuses longer socket paths outright.
_MAX_SOCKET_PATH = 107

_ConnectionAction = Callable[[asyncpg.Connection], Awaitable[None]]


class PostgresCluster:
    """One postgres server with its data in data_dir and its socket and server log in run_dir."""

    def __init__(self, *, data_dir: Path, port: int, run_dir: Path) -> None:
        self.data_dir = data_dir.absolute()
        self.port = port
        self.run_dir = run_dir.absolute()
        self._bin_dir: Path | None = None
        socket_path = self.run_dir / f".s.PGSQL.{port}"
        if len(str(socket_path)) > _MAX_SOCKET_PATH:
            raise DevstackError(
                f"the PostgreSQL socket path {socket_path} is longer than {_MAX_SOCKET_PATH} bytes; "
                "choose a shorter run_dir"
            )

    @property
    def log_path(self) -> Path:
        return self.run_dir / "postgres.log"

    # -- binaries ---------------------------------------------------------------------------------------

    def ensure_binaries(self) -> Path:
        """The directory holding initdb and pg_ctl, installing the Debian package when we are root."""
        if self._bin_dir is None:
            self._bin_dir = _find_bin_dir()
        if self._bin_dir is None:
            self._bin_dir = _install_postgres()
        return self._bin_dir

    def _tool(self, name: str) -> str:
        return str(self.ensure_binaries() / name)

    # -- lifecycle --------------------------------------------------------------------------------------

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        # pg_ctl status: 0 running, 3 not running, 4 no usable data directory.
        result = subprocess.run(
            _as_server_user([self._tool("pg_ctl"), "status", "-D", str(self.data_dir)]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        return result.returncode == 0

    def start(self) -> None:
        """Create the cluster on first use, start it unless it runs, and wait until it answers SELECT 1."""
        self.ensure_binaries()
        if not self.is_running():
            ensure_port_free(self.port, "PostgreSQL")
            self._prepare_directories()
            self._initdb_once()
            self._write_settings()
            self._pg_ctl_start()
        self.wait_ready()

    def _prepare_directories(self) -> None:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        if os.geteuid() != 0:
            return
        account = _server_account()
        for directory in (self.data_dir, self.run_dir):
            _require_traversable(directory, account)
            os.chown(directory, account.pw_uid, account.pw_gid)

    def _initdb_once(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        run_checked(
            _as_server_user(
                [
                    self._tool("initdb"),
                    "-D",
                    str(self.data_dir),
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-U",
                    _SUPERUSER,
                    "--encoding=UTF8",
                    f"--locale={_locale()}",
                ]
            ),
            what="initdb",
            timeout=120,
        )
        # Settings live in a file of their own, rewritten at each start, so a changed port or run_dir
        # takes effect without editing postgresql.conf by hand.
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write(f"\n# Added by devstack.\ninclude_if_exists '{_CONF_NAME}'\n")

    def _write_settings(self, **extra: str) -> None:
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.run_dir),
            # Each of the four services keeps a pool, and tests open more on top.
            "max_connections": "200",
            **extra,
        }
        lines = [f"{key} = {_conf_literal(value)}" for key, value in settings.items()]
        conf_path = self.data_dir / _CONF_NAME
        conf_path.write_text(
            "# Written by devstack at every start; edits are lost.\n" + "\n".join(lines) + "\n"
        )
        if os.geteuid() == 0:
            account = _server_account()
            os.chown(conf_path, account.pw_uid, account.pw_gid)

    def _pg_ctl_start(self, *, wait: bool = True) -> None:
        waiting = ["-w", "-t", str(_START_TIMEOUT_SECONDS)] if wait else ["-W"]
        try:
            run_checked(
                _as_server_user(
                    [
                        self._tool("pg_ctl"),
                        "start",
                        "-D",
                        str(self.data_dir),
                        "-l",
                        str(self.log_path),
                        *waiting,
                    ]
                ),
                what="starting PostgreSQL",
                timeout=_START_TIMEOUT_SECONDS + 10,
            )
        except DevstackError as error:
            raise DevstackError(f"{error}\n--- {self.log_path} ---\n{tail(self.log_path)}") from None

    def start_refusing_connections(self, timeout: float = 30) -> None:
        """Starts the stopped server held in recovery with hot standby off, where it refuses every
        connection with SQLSTATE 57P03 (cannot_connect_now) as PostgreSQL does while it starts up, for as
        long as a test needs; `finish_starting` lets it finish. A standby with nothing to replay from waits
        in recovery for good (https://www.postgresql.org/docs/current/warm-standby.html), and with
        hot_standby off it accepts no connection meanwhile (runtime-config-replication.html)."""
        if self.is_running():
            raise DevstackError("PostgreSQL is running; stop it before starting it held in recovery")
        self._write_settings(hot_standby="off")
        signal = self.data_dir / "standby.signal"
        signal.touch()
        if os.geteuid() == 0:
            account = _server_account()
            os.chown(signal, account.pw_uid, account.pw_gid)
        # pg_ctl -w would wait for a server that accepts connections, which this one never does.
        self._pg_ctl_start(wait=False)
        deadline = time.monotonic() + timeout
        while True:
            try:
                run_async(self._select_one)
            except asyncpg.CannotConnectNowError:
                return
            except (OSError, asyncpg.PostgresError) as error:
                if time.monotonic() >= deadline:
                    raise DevstackError(
                        f"PostgreSQL did not come up refusing connections within {timeout:.0f} s: {error}\n"
                        f"--- {self.log_path} ---\n{tail(self.log_path)}"
                    ) from None
            else:
                raise DevstackError("PostgreSQL started held in recovery, yet it accepted a connection")
            time.sleep(POLL_INTERVAL_SECONDS)

    def finish_starting(self) -> None:
        """Ends the recovery `start_refusing_connections` held the server in (it is promoted, and takes
        connections again); a server started normally is only waited for."""
        if (self.data_dir / "standby.signal").exists():
            run_checked(
                _as_server_user(
                    [self._tool("pg_ctl"), "promote", "-D", str(self.data_dir), "-w", "-t", "60"]
                ),
                what="ending PostgreSQL's recovery",
                timeout=70,
            )
        self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        """Wait until a real connection runs SELECT 1 (pg_ctl -w only watches the pid file)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                run_async(self._select_one)
                return
            except (OSError, asyncpg.PostgresError) as error:
                if time.monotonic() >= deadline:
                    raise DevstackError(
                        f"PostgreSQL did not answer SELECT 1 within {timeout:.0f} s: {error}\n"
                        f"--- {self.log_path} ---\n{tail(self.log_path)}"
                    ) from None
            time.sleep(POLL_INTERVAL_SECONDS)

    async def _select_one(self) -> None:
        connection = await self._connect_superuser()
        try:
            await connection.fetchval("SELECT 1")
        finally:
            await connection.close()

    async def _connect_superuser(self) -> asyncpg.Connection:
        # The unix socket, where initdb --auth-local=trust lets the superuser in without a password.
        return await asyncpg.connect(
            host=str(self.run_dir),
            port=self.port,
            user=_SUPERUSER,
            database="postgres",
            timeout=5,
            # No statement may hang a caller (a test's setup) for good: fail with a reason instead.
            command_timeout=60,
        )

    def stop(self, *, immediate: bool = False) -> None:
        """Fast shutdown (clients are disconnected, nothing is lost); safe to call when already stopped.
        `immediate` stops as a crash would (the chaos suite's fault): no checkpoint, crash recovery at the
        next start."""
        if not self.is_running():
            return
        postmaster = read_pid(self.data_dir / "postmaster.pid")
        pg_ctl = self._tool("pg_ctl")
        if immediate:
            self._stop_immediately(pg_ctl)
        else:
            try:
                run_checked(
                    _as_server_user(
                        [
                            pg_ctl,
                            "stop",
                            "-D",
                            str(self.data_dir),
                            "-m",
                            "fast",
                            "-w",
                            "-t",
                            str(_STOP_TIMEOUT_SECONDS),
                        ]
                    ),
                    what="stopping PostgreSQL",
                    timeout=_STOP_TIMEOUT_SECONDS + 10,
                )
            except DevstackError:
                self._stop_immediately(pg_ctl)
        if postmaster is not None and pid_is_alive(postmaster):
            raise DevstackError(f"PostgreSQL postmaster {postmaster} is still alive after pg_ctl stop")

    def _stop_immediately(self, pg_ctl: str) -> None:
        # Immediate mode skips the shutdown checkpoint; crash recovery at the next start makes up for it.
        run_checked(
            _as_server_user([pg_ctl, "stop", "-D", str(self.data_dir), "-m", "immediate", "-w"]),
            what="stopping PostgreSQL (immediate)",
            timeout=_STOP_TIMEOUT_SECONDS,
        )

    # -- service databases ------------------------------------------------------------------------------

    def database_url(self, name: str, password: str) -> str:
        _check_name(name)
        return f"postgresql+asyncpg://{name}:{quote(password, safe='')}@127.0.0.1:{self.port}/{name}"

    def ensure_service_database(self, name: str, password: str) -> None:
        """Create (or bring up to date) login role `name` and database `name` owned by it."""
        _check_name(name)
        run_async(lambda: self._with_superuser(lambda conn: _ensure_role_and_database(conn, name, password)))

    def drop_and_recreate_database(self, name: str, password: str) -> None:
        """A clean slate for tests: the database is dropped (its sessions forcibly ended) and made anew."""
        _check_name(name)

        async def recreate(connection: asyncpg.Connection) -> None:
            await _execute_formatted(connection, "DROP DATABASE IF EXISTS %I WITH (FORCE)", name)
            await _ensure_role_and_database(connection, name, password)

        run_async(lambda: self._with_superuser(recreate))

    async def _with_superuser(self, action: _ConnectionAction) -> None:
        connection = await self._connect_superuser()
        try:
            await action(connection)
        finally:
            await connection.close()


async def _ensure_role_and_database(connection: asyncpg.Connection, name: str, password: str) -> None:
    role_exists = await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", name)
    # Re-setting the password of an existing role keeps it in line with what the service is told.
    verb = "ALTER" if role_exists else "CREATE"
    await _execute_formatted(connection, f"{verb} ROLE %I WITH LOGIN PASSWORD %L", name, password)
    database_exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
    if database_exists:
        await _execute_formatted(connection, "ALTER DATABASE %I OWNER TO %I", name, name)
    else:
        # CREATE DATABASE cannot run in a transaction block; asyncpg's execute() opens none.
        await _execute_formatted(connection, "CREATE DATABASE %I OWNER %I", name, name)


async def _execute_formatted(connection: asyncpg.Connection, template: str, *values: str) -> None:
    """Run DDL that the server's format() assembled: identifiers and passwords cannot be bind parameters."""
    placeholders = ", ".join(f"${index}::text" for index in range(1, len(values) + 1))
    statement = await connection.fetchval(f"SELECT format('{template}', {placeholders})", *values)
    await connection.execute(statement)


def _check_name(name: str) -> None:
    if not _NAME_PATTERN.fullmatch(name):
        raise DevstackError(f"invalid database/role name {name!r}: use lower-case letters, digits and _")


def _conf_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# -- binaries and the server account -------------------------------------------------------------------


def _find_bin_dir() -> Path | None:
    versions = sorted(
        (int(path.name) for path in Path("/usr/lib/postgresql").glob("*") if path.name.isdigit()),
        key=lambda major: (major != _PREFERRED_MAJOR, -major),
    )
    for major in versions:
        candidate = Path("/usr/lib/postgresql") / str(major) / "bin"
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def _install_postgres() -> Path:
    if os.geteuid() != 0:
        raise DevstackError(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on "
            "PATH; install them (sudo apt-get install postgresql) and retry"
        )
    print("    installing PostgreSQL with apt-get (first run only)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_checked(["apt-get", "update"], what="apt-get update", timeout=600, env=env)
    run_checked(
        ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
        what="apt-get install postgresql",
        timeout=1200,
        env=env,
    )
    bin_dir = _find_bin_dir()
    if bin_dir is None:
        raise DevstackError("apt-get installed postgresql, yet initdb and pg_ctl are still missing")
    return bin_dir


def _server_account() -> pwd.struct_passwd:
    """The unprivileged account the server runs as, created when missing: postgres refuses to run as root."""
    try:
        return pwd.getpwnam(_SYSTEM_USER)
    except KeyError:
        run_checked(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                _SYSTEM_USER,
            ],
            what="creating the postgres system user",
            timeout=60,
        )
        return pwd.getpwnam(_SYSTEM_USER)


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    _server_account()
    runuser = shutil.which("runuser")
    if runuser is None:
        raise DevstackError("runuser (util-linux) is needed to run PostgreSQL as the postgres user from root")
    return [runuser, "-u", _SYSTEM_USER, "--", *argv]


def _require_traversable(directory: Path, account: pwd.struct_passwd) -> None:
    """Fail clearly when the postgres account cannot reach directory (pytest's tmp dirs are mode 0700)."""
    for ancestor in directory.parents:
        info = ancestor.stat()
        if info.st_uid == account.pw_uid:
            allowed = bool(info.st_mode & stat.S_IXUSR)
        elif info.st_gid == account.pw_gid:
            allowed = bool(info.st_mode & stat.S_IXGRP)
        else:
            allowed = bool(info.st_mode & stat.S_IXOTH)
        if not allowed:
            raise DevstackError(
                f"the {account.pw_name} user, which runs PostgreSQL because we are root, cannot enter "
                f"{ancestor} (mode {stat.filemode(info.st_mode)}); put the cluster somewhere it can reach, "
                "e.g. under the project's .run/ directory"
            )


def _locale() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        available = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
        normalised = {line.strip().lower().replace("-", "") for line in available.splitlines()}
        if "c.utf8" in normalised:
            return "C.UTF-8"
    return "C"
