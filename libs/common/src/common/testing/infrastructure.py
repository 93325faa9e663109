"""The real Kafka broker and PostgreSQL server the tests run against.

`NEACOOP_TEST_INFRA` chooses how they are provided: `native` (the default) runs them from deploy/devstack
(Kafka from Maven Central, Debian's PostgreSQL) in `.run/test`, on ports that do not clash with `make up`;
`testcontainers` runs the official images where a Docker engine answers. Both hand the tests the same
things: bootstrap servers, a URL per service database, and a way to take Kafka away for a while.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Protocol

TEST_KAFKA_PORT = int(os.environ.get("NEACOOP_TEST_KAFKA_PORT", "19092"))
TEST_KAFKA_CONTROLLER_PORT = int(os.environ.get("NEACOOP_TEST_KAFKA_CONTROLLER_PORT", "19093"))
TEST_PG_PORT = int(os.environ.get("NEACOOP_TEST_PG_PORT", "15433"))


class InfrastructureUnavailable(RuntimeError):
    pass


class Infrastructure(Protocol):
    bootstrap_servers: str

    def fresh_database(self, name: str) -> str:
        """A new, empty database owned by a role of the same name; returns its SQLAlchemy URL."""

    def stop_kafka(self) -> None: ...

    def start_kafka(self) -> None: ...

    def stop_postgres(self) -> None:
        """PostgreSQL stops answering until `start_postgres` (the data is kept)."""

    def start_postgres(self, *, held_starting_up: bool = False) -> None:
        """PostgreSQL answers again (returns once it does). `held_starting_up` instead keeps it refusing
        every connection with SQLSTATE 57P03, as while it starts up, until called again without it."""

    def close(self) -> None: ...


def project_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "deploy" / "kafka" / "pom.xml").exists():
            return parent
    raise InfrastructureUnavailable(f"cannot find the project root above {here}")


class NativeInfrastructure:
    def __init__(self, root: Path) -> None:
        from devstack.kafka import KafkaBroker
        from devstack.postgres import PostgresCluster

        run_dir = Path(os.environ.get("NEACOOP_TEST_RUN_DIR") or root / ".run" / "test")
        self.kafka = KafkaBroker(
            run_dir=run_dir / "kafka",
            port=TEST_KAFKA_PORT,
            controller_port=TEST_KAFKA_CONTROLLER_PORT,
            project_root=root,
        )
        self.postgres = PostgresCluster(
            data_dir=run_dir / "pg" / "data", port=TEST_PG_PORT, run_dir=run_dir / "pg"
        )
        self.bootstrap_servers = self.kafka.bootstrap_servers
        # A run killed half-way leaves processes on the test ports; and every session starts from empty
        # data, so no topic, offset or row of an earlier run can leak in.
        self.close()
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir.mkdir(parents=True)
        try:
            self.postgres.ensure_binaries()
            self.postgres.start()
            self.kafka.ensure_artifacts()
            self.kafka.start()
        except Exception as exc:
            self.close()
            raise InfrastructureUnavailable(f"the native Kafka and PostgreSQL did not start: {exc}") from exc

    def fresh_database(self, name: str) -> str:
        self.postgres.drop_and_recreate_database(name, name)
        return self.postgres.database_url(name, name)

    def stop_kafka(self) -> None:
        self.kafka.stop()

    def start_kafka(self) -> None:
        self.kafka.start()

    def stop_postgres(self) -> None:
        self.postgres.stop()

    def start_postgres(self, *, held_starting_up: bool = False) -> None:
        if held_starting_up:
            self.postgres.start_refusing_connections()
        elif self.postgres.is_running():
            self.postgres.finish_starting()
        else:
            self.postgres.start()

    def close(self) -> None:
        self.kafka.stop()
        self.postgres.stop()


class ContainerInfrastructure:
    """The official images, for machines with a Docker engine (`NEACOOP_TEST_INFRA=testcontainers`)."""

    def __init__(self) -> None:
        from testcontainers.kafka import KafkaContainer
        from testcontainers.postgres import PostgresContainer

        self._kafka = KafkaContainer("apache/kafka:4.1.1").with_kraft()
        self._postgres = PostgresContainer("postgres:15", username="postgres", password="postgres")
        try:
            self._kafka.start()
            self._postgres.start()
        except Exception as exc:
            raise InfrastructureUnavailable(
                f"testcontainers could not start Kafka and PostgreSQL: {exc}"
            ) from exc
        self.bootstrap_servers = self._kafka.get_bootstrap_server()

    def fresh_database(self, name: str) -> str:
        import asyncio

        import asyncpg

        host = self._postgres.get_container_host_ip()
        port = int(self._postgres.get_exposed_port(5432))

        async def recreate() -> None:
            connection = await asyncpg.connect(
                host=host, port=port, user="postgres", password="postgres", database="postgres"
            )
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                exists = await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", name)
                if not exists:
                    await connection.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{name}'")
                await connection.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
            finally:
                await connection.close()

        asyncio.run(recreate())
        return f"postgresql+asyncpg://{name}:{name}@{host}:{port}/{name}"

    def stop_kafka(self) -> None:
        self._kafka.get_wrapped_container().pause()

    def start_kafka(self) -> None:
        self._kafka.get_wrapped_container().unpause()

    # Paused rather than stopped: a stopped container may come back on another host port.
    def stop_postgres(self) -> None:
        self._postgres.get_wrapped_container().pause()

    def start_postgres(self, *, held_starting_up: bool = False) -> None:
        # The image's postgres is the container's main process: it cannot be held starting up.
        if held_starting_up:
            raise InfrastructureUnavailable("holding PostgreSQL starting up needs NEACOOP_TEST_INFRA=native")
        self._postgres.get_wrapped_container().unpause()

    def close(self) -> None:
        self._kafka.stop()
        self._postgres.stop()


def start_infrastructure() -> Infrastructure:
    mode = os.environ.get("NEACOOP_TEST_INFRA", "native")
    if mode == "native":
        return NativeInfrastructure(project_root())
    if mode == "testcontainers":
        return ContainerInfrastructure()
    raise InfrastructureUnavailable(f"NEACOOP_TEST_INFRA={mode!r}: use 'native' or 'testcontainers'")
