"""The four services, each its own uvicorn process with its own database, talking to the others via Kafka."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from devstack.mail import DEFAULT_SMTP_PORT
from devstack.paths import find_project_root
from devstack.process import (
    POLL_INTERVAL_SECONDS,
    DevstackError,
    ensure_port_free,
    owned_pid,
    run_checked,
    spawn_detached,
    still_running,
    stop_process_group,
    tail,
)

SERVICES = ("registry", "meetings", "roadmap", "notifications")
DEFAULT_HTTP_PORTS: dict[str, int] = {
    "registry": 8001,
    "meetings": 8002,
    "roadmap": 8003,
    "notifications": 8004,
}

_MIGRATION_TIMEOUT_SECONDS = 180
# Spelt out, so that a search for a variable docs/configuration.md names finds where it is read.
WORKERS_VARIABLES = {
    "registry": "NEACOOP_REGISTRY_WORKERS",
    "meetings": "NEACOOP_MEETINGS_WORKERS",
    "roadmap": "NEACOOP_ROADMAP_WORKERS",
    "notifications": "NEACOOP_NOTIFICATIONS_WORKERS",
}


def workers_from_env(name: str) -> int:
    """uvicorn worker processes for the service: NEACOOP_<SERVICE>_WORKERS, else uvicorn's own
    WEB_CONCURRENCY, else 1. Each worker is a full replica of the service (its own relay, consumers and
    pool); the relay's lock and the consumer groups keep several of them correct (docs/configuration.md)."""
    for variable in (WORKERS_VARIABLES[name], "WEB_CONCURRENCY"):
        raw = os.environ.get(variable, "").strip()
        if raw:
            if not raw.isdigit() or int(raw) < 1:
                raise DevstackError(f"{variable}={raw!r} is not a number of worker processes (1 or more)")
            return int(raw)
    return 1


def service_environment(
    name: str,
    *,
    database_url: str,
    kafka_bootstrap_servers: str,
    http_port: int,
    admin_key: str,
    smtp_host: str = "127.0.0.1",
    smtp_port: int = DEFAULT_SMTP_PORT,
    kafka_brokers: int = 1,
) -> dict[str, str]:
    """The environment a service reads its settings from: the contract with common.config.ServiceSettings
    and each service's subclass of it. smtp_host and smtp_port (the SMTP sink) concern notifications only.
    kafka_brokers is the size of the launcher's Kafka cluster: 1, or 3 for a replicated one."""
    # On three brokers, every topic has three replicas and acks=all waits for two of them: one broker may
    # fail without losing an acknowledged event (DESIGN.md, "Beyond one machine").
    replicated = kafka_brokers >= 3
    environment = {
        "NEACOOP_SERVICE_NAME": name,
        "NEACOOP_DATABASE_URL": database_url,
        "NEACOOP_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap_servers,
        # The native broker listens in plain text on 127.0.0.1 only; empty means unset.
        "NEACOOP_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT",
        **{f"NEACOOP_KAFKA_SASL_{name}": "" for name in ("MECHANISM", "USERNAME", "PASSWORD")},
        **{f"NEACOOP_KAFKA_SSL_{name}": "" for name in ("CAFILE", "CERTFILE", "KEYFILE", "KEY_PASSWORD")},
        "NEACOOP_HTTP_HOST": "127.0.0.1",
        "NEACOOP_HTTP_PORT": str(http_port),
        "NEACOOP_LOG_LEVEL": "INFO",
        "NEACOOP_ADMIN_KEY": admin_key,
        # A single broker: six partitions still let consumers scale out, but one replica is all there is.
        "NEACOOP_TOPIC_PARTITIONS": "6",
        "NEACOOP_TOPIC_REPLICATION_FACTOR": "3" if replicated else "1",
        "NEACOOP_TOPIC_MIN_INSYNC_REPLICAS": "2" if replicated else "1",
        "NEACOOP_OUTBOX_POLL_INTERVAL_SECONDS": "1.0",
        "NEACOOP_OUTBOX_BATCH_SIZE": "200",
        "NEACOOP_OUTBOX_MAX_EVENT_BYTES": "1000000",
        "NEACOOP_HTTP_MAX_BODY_BYTES": "262144",
        "NEACOOP_CONSUMER_BATCH_SIZE": "100",
        "NEACOOP_CONSUMER_MAX_ATTEMPTS": "5",
        "NEACOOP_CONSUMER_RETRY_BACKOFF_SECONDS": "0.5",
        "NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT": "",
    }
    if name == "meetings":
        # How often engagement is judged again with the passing of time (attendance judges it at once).
        environment["NEACOOP_ENGAGEMENT_SWEEP_INTERVAL_SECONDS"] = "3600.0"
    if name == "notifications":
        environment |= _notifications_environment(smtp_host, smtp_port)
    return environment


# Settings an operator may give `make up` in its own environment; the launcher's values win otherwise,
# so that a stray variable in a shell cannot point a service at another database.
OPERATOR_SETTINGS = (
    "NEACOOP_LOG_LEVEL",
    # Where the spans go (an OpenTelemetry Collector, Jaeger, a test's receiver); unset, none leave.
    "NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT",
    "NEACOOP_DELIVERY_RETRY_SCHEDULE",
    "NEACOOP_DELIVERY_RETRY_JITTER",
    "NEACOOP_WEBHOOK_HTTP_ALLOWED_HOSTS",
    "NEACOOP_WEBHOOK_ALLOWED_NETWORKS",
    "NEACOOP_WEBHOOK_CIRCUIT_FAILURES",
    "NEACOOP_WEBHOOK_CIRCUIT_OPEN_SECONDS",
    "NEACOOP_DELIVERY_ENDPOINT_CONCURRENCY",
    "NEACOOP_EMAIL_RATE_LIMIT_PER_HOUR",
)


def with_operator_settings(environment: dict[str, str], shell: Mapping[str, str]) -> dict[str, str]:
    """`environment` with the OPERATOR_SETTINGS the shell sets, for the variables the service reads."""
    chosen = {name: shell[name] for name in OPERATOR_SETTINGS if name in environment and shell.get(name)}
    return environment | chosen


def _notifications_environment(smtp_host: str, smtp_port: int) -> dict[str, str]:
    """notifications.config.NotificationsSettings: the service's defaults, spelt out, and the SMTP sink."""
    return {
        # Tuples are read as JSON. Standard Webhooks' schedule: at once, then 5 s, 5 min, ... 24 h.
        "NEACOOP_DELIVERY_RETRY_SCHEDULE": "[0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]",
        "NEACOOP_DELIVERY_RETRY_JITTER": "0.1",
        "NEACOOP_DELIVERY_POLL_INTERVAL_SECONDS": "1.0",
        "NEACOOP_DELIVERY_BATCH_SIZE": "50",
        "NEACOOP_DELIVERY_ENDPOINT_CONCURRENCY": "5",
        "NEACOOP_WEBHOOK_TIMEOUT_SECONDS": "15.0",
        # Digests: how often subscriptions are looked at for one due, and how many are sent per look.
        "NEACOOP_DIGEST_POLL_INTERVAL_SECONDS": "30.0",
        "NEACOOP_DIGEST_BATCH_SIZE": "100",
        # A development stack on one machine: webhooks may reach receivers on this machine over plain http
        # (the demo's, a developer's). Everywhere else, as in docker compose and Kubernetes, webhooks need
        # https and a public address; `NEACOOP_WEBHOOK_HTTP_ALLOWED_HOSTS='[]'
        # NEACOOP_WEBHOOK_ALLOWED_NETWORKS='[]' make up` makes this stack as strict (OPERATOR_SETTINGS).
        "NEACOOP_WEBHOOK_HTTP_ALLOWED_HOSTS": '["127.0.0.1", "localhost"]',
        "NEACOOP_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
        "NEACOOP_WEBHOOK_CIRCUIT_FAILURES": "5",
        "NEACOOP_WEBHOOK_CIRCUIT_OPEN_SECONDS": "60.0",
        # The SMTP sink (devstack.mail), plain SMTP without authentication. pydantic-settings reads an
        # empty value as "" (not None): the mailer must take an empty username or password as "no login".
        "NEACOOP_SMTP_HOST": smtp_host,
        "NEACOOP_SMTP_PORT": str(smtp_port),
        "NEACOOP_SMTP_SECURITY": "none",
        "NEACOOP_SMTP_USERNAME": "",
        "NEACOOP_SMTP_PASSWORD": "",
        "NEACOOP_SMTP_TIMEOUT_SECONDS": "15.0",
        "NEACOOP_EMAIL_FROM": "nea-coop <notifications@nea-coop.invalid>",
        "NEACOOP_EMAIL_RATE_LIMIT_PER_HOUR": "30",
    }


class ServiceProcess:
    """One service: its migrations, then `uvicorn <name>.main:create_app`, detached, logging to run_dir."""

    # The processes of this kind the launcher knows (devstack.console.ConsoleProcess knows the console).
    known: tuple[str, ...] = SERVICES

    def __init__(
        self,
        name: str,
        port: int,
        env: dict[str, str],
        run_dir: Path,
        *,
        project_root: Path | None = None,
        workers: int = 1,
    ) -> None:
        if name not in self.known:
            raise DevstackError(f"unknown service {name!r}; expected one of {', '.join(self.known)}")
        self.name = name
        self.port = port
        self.workers = workers
        self.env = env
        self.run_dir = run_dir.absolute()
        self.project_root = (project_root or find_project_root()).absolute()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.run_dir / f"{self.name}.log"

    @property
    def pid_path(self) -> Path:
        return self.run_dir / f"{self.name}.pid"

    @property
    def _app(self) -> str:
        return f"{self.name}.main:create_app"

    def _child_environment(self) -> dict[str, str]:
        # Python buffers a redirected stdout; unbuffered, the log shows what happened right up to a crash.
        return {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}

    def is_running(self) -> bool:
        return self._pid() is not None

    def _pid(self) -> int | None:
        return owned_pid(self.pid_path, self._app)

    def migrate(self) -> None:
        """alembic upgrade head against the service's own database."""
        config = self.project_root / "services" / self.name / "alembic.ini"
        if not config.is_file():
            raise DevstackError(f"{self.name}: no Alembic configuration at {config}")
        output = run_checked(
            [sys.executable, "-m", "alembic", "-c", str(config), "upgrade", "head"],
            what=f"{self.name}: database migrations",
            timeout=_MIGRATION_TIMEOUT_SECONDS,
            cwd=self.project_root,
            env=self._child_environment(),
        )
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a") as log:
            log.write(output)

    def start(self, *, wait: bool = True) -> None:
        """Migrate and launch unless already running; wait=False lets a caller start several, then wait."""
        if not self.is_running():
            self.migrate()
            ensure_port_free(self.port, f"{self.name} HTTP")
            self._process = spawn_detached(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    self._app,
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    # Several workers share the port; uvicorn's supervisor restarts one that dies.
                    "--workers",
                    str(self.workers),
                ],
                cwd=self.project_root,
                env=self._child_environment(),
                output=self.log_path,
                pid_file=self.pid_path,
            )
        if wait:
            self.wait_ready()

    # Ready: the database and Kafka are reachable (common.health).
    readiness_path = "/readyz"

    def probe_ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}{self.readiness_path}", timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until GET /readyz answers 200, which the service gives once its database and Kafka are up."""
        deadline = time.monotonic() + timeout
        while True:
            if not still_running(self._process, self.is_running):
                raise DevstackError(
                    f"{self.name} exited before it became ready.\n"
                    f"--- {self.log_path} ---\n{tail(self.log_path)}"
                )
            if self.probe_ready():
                return
            if time.monotonic() >= deadline:
                raise DevstackError(
                    f"{self.name} did not answer 200 on {self.url}{self.readiness_path} "
                    f"within {timeout:.0f} s.\n"
                    f"--- {self.log_path} ---\n{tail(self.log_path)}"
                )
            time.sleep(POLL_INTERVAL_SECONDS)

    def stop(self, timeout: float = 15) -> None:
        stop_process_group(self._pid(), timeout=timeout, pid_file=self.pid_path)
        if self._process is not None:
            self._process.poll()
            self._process = None
