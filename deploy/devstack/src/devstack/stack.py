"""The layout of one stack under a run directory, shared by the CLI and the test helper."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from devstack.console import DEFAULT_CONSOLE_PORT, ConsoleProcess, console_bundle, console_environment
from devstack.kafka import KafkaBroker
from devstack.kafka_cluster import KafkaCluster
from devstack.mail import DEFAULT_SMTP_PORT, MailSink
from devstack.paths import default_run_dir, find_project_root
from devstack.postgres import PostgresCluster
from devstack.process import DevstackError
from devstack.prometheus import DEFAULT_PROMETHEUS_PORT, PrometheusServer
from devstack.services import DEFAULT_HTTP_PORTS, SERVICES, ServiceProcess, workers_from_env

DEFAULT_KAFKA_PORT = 9092
DEFAULT_KAFKA_CONTROLLER_PORT = 9093
# Not 5432, so that a system PostgreSQL on the default port does not get in the way.
DEFAULT_PG_PORT = 5433


@dataclass(frozen=True)
class Stack:
    project_root: Path
    run_dir: Path
    kafka_port: int = DEFAULT_KAFKA_PORT
    kafka_controller_port: int = DEFAULT_KAFKA_CONTROLLER_PORT
    pg_port: int = DEFAULT_PG_PORT
    mail_port: int = DEFAULT_SMTP_PORT
    prometheus_port: int = DEFAULT_PROMETHEUS_PORT
    service_ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_HTTP_PORTS))
    console_port: int = DEFAULT_CONSOLE_PORT
    # 1: one node; 3: a replicated cluster (devstack.kafka_cluster).
    kafka_brokers: int = 1
    # uvicorn worker processes per service (devstack.services.workers_from_env).
    service_workers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SERVICES, 1))

    @classmethod
    def from_environment(cls, run_dir: Path | None = None) -> Stack:
        """Ports come from NEACOOP_KAFKA_PORT, NEACOOP_KAFKA_CONTROLLER_PORT, NEACOOP_PG_PORT,
        NEACOOP_MAIL_PORT (the SMTP sink), NEACOOP_PROMETHEUS_PORT (`up --observe`), NEACOOP_CONSOLE_PORT
        and NEACOOP_<SERVICE>_PORT, so that two checkouts on one machine can run side by side;
        NEACOOP_KAFKA_BROKERS (1 or 3) is the size of the Kafka cluster; NEACOOP_<SERVICE>_WORKERS, else
        WEB_CONCURRENCY, the number of uvicorn workers of each service."""
        project_root = find_project_root()
        return cls(
            project_root=project_root,
            run_dir=(run_dir or default_run_dir(project_root)).absolute(),
            kafka_port=_port_from_env("NEACOOP_KAFKA_PORT", DEFAULT_KAFKA_PORT),
            kafka_controller_port=_port_from_env(
                "NEACOOP_KAFKA_CONTROLLER_PORT", DEFAULT_KAFKA_CONTROLLER_PORT
            ),
            pg_port=_port_from_env("NEACOOP_PG_PORT", DEFAULT_PG_PORT),
            mail_port=_port_from_env("NEACOOP_MAIL_PORT", DEFAULT_SMTP_PORT),
            prometheus_port=_port_from_env("NEACOOP_PROMETHEUS_PORT", DEFAULT_PROMETHEUS_PORT),
            service_ports={
                name: _port_from_env(f"NEACOOP_{name.upper()}_PORT", DEFAULT_HTTP_PORTS[name])
                for name in SERVICES
            },
            console_port=_port_from_env("NEACOOP_CONSOLE_PORT", DEFAULT_CONSOLE_PORT),
            kafka_brokers=_brokers_from_env(),
            service_workers={name: workers_from_env(name) for name in SERVICES},
        )

    def kafka(self) -> KafkaBroker | KafkaCluster:
        return self.kafka_cluster() if self.kafka_brokers > 1 else self.kafka_node()

    def kafka_node(self) -> KafkaBroker:
        """The single node under <run dir>/kafka."""
        return KafkaBroker(
            run_dir=self.run_dir / "kafka",
            port=self.kafka_port,
            controller_port=self.kafka_controller_port,
            project_root=self.project_root,
        )

    def kafka_cluster(self) -> KafkaCluster:
        """The replicated cluster under <run dir>/kafka-cluster (its own place: a run directory that once
        held a single node keeps that node's data)."""
        return KafkaCluster(
            run_dir=self.run_dir / "kafka-cluster",
            port=self.kafka_port,
            controller_port=self.kafka_controller_port,
            project_root=self.project_root,
            size=self.kafka_brokers,
        )

    def postgres(self) -> PostgresCluster:
        return PostgresCluster(
            data_dir=self.run_dir / "postgres" / "data",
            port=self.pg_port,
            run_dir=self.run_dir / "postgres" / "run",
        )

    def mail_sink(self) -> MailSink:
        """The SMTP sink: messages in <run dir>/mail, one .eml each; its pid and log in <run dir>/smtp."""
        return MailSink(mail_dir=self.run_dir / "mail", run_dir=self.run_dir / "smtp", port=self.mail_port)

    def prometheus(self) -> PrometheusServer:
        """Prometheus scraping this stack's services; its files in <run dir>/prometheus."""
        return PrometheusServer(
            run_dir=self.run_dir / "prometheus",
            port=self.prometheus_port,
            project_root=self.project_root,
            targets=self.service_ports,
        )

    def service(self, name: str, env: dict[str, str] | None = None) -> ServiceProcess:
        return ServiceProcess(
            name,
            self.service_ports[name],
            env or {},
            self.run_dir / "services",
            project_root=self.project_root,
            workers=self.service_workers[name],
        )

    def console(self) -> ConsoleProcess:
        """The cooperation console, forwarding to this stack's services; its log beside theirs."""
        env = console_environment(
            http_port=self.console_port,
            service_ports=self.service_ports,
            static_dir=console_bundle(self.project_root),
            log_level=os.environ.get("NEACOOP_LOG_LEVEL", "INFO"),
        )
        return ConsoleProcess(
            "console", self.console_port, env, self.run_dir / "services", project_root=self.project_root
        )

    @property
    def admin_key_path(self) -> Path:
        return self.project_root / ".run" / "admin.key"


def database_password(name: str) -> str:
    """NEACOOP_DB_PASSWORD_<NAME>, else the service's name: this is a local development stack."""
    return os.environ.get(f"NEACOOP_DB_PASSWORD_{name.upper()}", name)


def load_admin_key(path: Path) -> tuple[str, str]:
    """The admin key and a note on where it came from: NEACOOP_ADMIN_KEY, else a file made once and kept,
    so that a restarted stack accepts the key a developer already has in their shell history."""
    from_env = os.environ.get("NEACOOP_ADMIN_KEY", "").strip()
    if from_env:
        return from_env, "from $NEACOOP_ADMIN_KEY"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created with mode 0600 in one step, so the key is never readable by others, even briefly.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
    key = path.read_text().strip()
    if not key:
        raise DevstackError(f"{path} is empty; delete it to have a new admin key generated")
    return key, f"in {path}"


def _port_from_env(variable: str, default: int) -> int:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise DevstackError(f"{variable}={raw!r} is not a TCP port number")
    return int(raw)


def _brokers_from_env() -> int:
    raw = os.environ.get("NEACOOP_KAFKA_BROKERS", "").strip() or "1"
    if raw not in ("1", "3"):
        raise DevstackError(f"NEACOOP_KAFKA_BROKERS={raw!r}: the launcher runs one Kafka node or three")
    return int(raw)
