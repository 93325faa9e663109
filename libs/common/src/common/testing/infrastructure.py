"""The real Kafka broker and PostgreSQL server the tests run against.

`NEACOOP_TEST_INFRA` chooses how they are provided: `native` (the default) runs them from deploy/devstack
(Kafka from Maven Central, Debian's PostgreSQL) in `.run/test`, on ports that do not clash with `make up`;
`testcontainers` runs them as containers on a Docker engine, from the official images or the stand-ins of
deploy/compose (`make test-containers`). Both hand the tests the same
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
    """Kafka and PostgreSQL as containers on a Docker engine (`NEACOOP_TEST_INFRA=testcontainers`), from the
    images NEACOOP_TEST_KAFKA_IMAGE and NEACOOP_TEST_POSTGRES_IMAGE name: the official ones by default,
    the stand-ins of deploy/compose where no registry gives those (`make test-containers` chooses).

    Kafka is configured here rather than by testcontainers' KafkaContainer, which drives Confluent's images
    (their /etc/confluent/docker scripts) and refuses KRaft for a tag below Confluent's 7.0.0. As
    testcontainers-java does for apache/kafka: the container waits for a start script, which is written
    once Docker has chosen the host port, so that the broker advertises the address clients reach it by,
    and which then runs the image's own launcher, /etc/kafka/docker/run, with its KAFKA_* settings.
    """

    _KAFKA_PORT = 9092
    _START_SCRIPT = "/tmp/neacoop-start-kafka.sh"
    _START_TIMEOUT_SECONDS = 180

    def __init__(self, root: Path) -> None:
        from testcontainers.community.postgres import PostgresContainer
        from testcontainers.core.container import DockerContainer
        from testcontainers.core.docker_client import DockerClient

        from devstack.container_engine import TEST_SESSION_LABEL, remove_test_containers

        try:
            DockerClient().client.ping()
        except Exception as exc:
            raise InfrastructureUnavailable(
                "no Docker engine answers (DOCKER_HOST, else /var/run/docker.sock): start one, or run "
                f"`make test-containers`, which starts dockerd where none answers ({exc})"
            ) from exc
        run_dir = Path(os.environ.get("NEACOOP_TEST_RUN_DIR") or root / ".run" / "test").resolve()
        # What a session killed half-way left behind: testcontainers' reaper is not used (its image cannot
        # be pulled everywhere), so the label finds this checkout's containers and no one else's.
        remove_test_containers(run_dir)
        labels = {"labels": {TEST_SESSION_LABEL: str(run_dir)}}

        self._kafka = (
            DockerContainer(os.environ.get("NEACOOP_TEST_KAFKA_IMAGE", "apache/kafka:4.1.1"))
            .with_exposed_ports(self._KAFKA_PORT)
            .with_envs(**_single_kraft_node_settings())
            # Both the official image (whose entrypoint only installs extra CA certificates) and the
            # stand-in (whose entrypoint is the launcher itself) wait for the start script this way.
            .with_kwargs(
                entrypoint=[
                    "sh",
                    "-c",
                    f"while [ ! -f {self._START_SCRIPT} ]; do sleep 0.1; done; exec sh {self._START_SCRIPT}",
                ],
                **labels,
            )
        )
        self._postgres = PostgresContainer(
            os.environ.get("NEACOOP_TEST_POSTGRES_IMAGE", "postgres:15"),
            username="postgres",
            password="postgres",
        ).with_kwargs(**labels)
        try:
            self._start_kafka_container()
            self._postgres.start()
        except Exception as exc:
            self.close()
            raise InfrastructureUnavailable(
                f"testcontainers could not start Kafka ({self._kafka.image}) and PostgreSQL "
                f"({self._postgres.image}): {exc}"
            ) from exc
        self.bootstrap_servers = self._bootstrap_servers()

    def _bootstrap_servers(self) -> str:
        host = self._kafka.get_container_host_ip()
        return f"{host}:{self._kafka.get_exposed_port(self._KAFKA_PORT)}"

    def _start_kafka_container(self) -> None:
        import io
        import tarfile

        from testcontainers.core.wait_strategies import LogMessageWaitStrategy

        self._kafka.start()
        container = self._kafka.get_wrapped_container()
        container.reload()
        hostname = container.attrs["Config"]["Hostname"]
        script = (
            f"export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://{self._bootstrap_servers()},BROKER://{hostname}:9093\n"
            "exec /etc/kafka/docker/run\n"
        ).encode()
        archive = io.BytesIO()
        with tarfile.open(fileobj=archive, mode="w") as tar:
            entry = tarfile.TarInfo(self._START_SCRIPT.lstrip("/"))
            entry.size = len(script)
            entry.mode = 0o644
            tar.addfile(entry, io.BytesIO(script))
        container.put_archive("/", archive.getvalue())
        ready = LogMessageWaitStrategy("Kafka Server started")
        ready.with_startup_timeout(self._START_TIMEOUT_SECONDS)
        ready.wait_until_ready(self._kafka)

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

    # Paused rather than stopped: a stopped container may come back on another host port, and the broker
    # advertises the one it started with.
    def stop_kafka(self) -> None:
        self._kafka.get_wrapped_container().pause()

    def start_kafka(self) -> None:
        self._kafka.get_wrapped_container().unpause()

    def stop_postgres(self) -> None:
        self._postgres.get_wrapped_container().pause()

    def start_postgres(self, *, held_starting_up: bool = False) -> None:
        # The image's postgres is the container's main process: it cannot be held starting up.
        if held_starting_up:
            raise InfrastructureUnavailable("holding PostgreSQL starting up needs NEACOOP_TEST_INFRA=native")
        self._postgres.get_wrapped_container().unpause()

    def close(self) -> None:
        # Removed with their volumes, started or not: nothing is left on the engine.
        self._kafka.stop()
        self._postgres.stop()


def _single_kraft_node_settings() -> dict[str, str]:
    """One broker that is its own controller, as the official image's KAFKA_* variables configure it:
    clients on PLAINTEXT (advertised at start), the broker's own listener and the controller's inside."""
    return {
        # Any fixed id: the container is new every session, its log directory formatted afresh.
        "CLUSTER_ID": "NaurQ64_Rp-Gv6_vz6Rz-Q",
        "KAFKA_NODE_ID": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_LISTENERS": "PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "KAFKA_INTER_BROKER_LISTENER_NAME": "BROKER",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9094",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
    }


def start_infrastructure() -> Infrastructure:
    mode = os.environ.get("NEACOOP_TEST_INFRA", "native")
    if mode == "native":
        return NativeInfrastructure(project_root())
    if mode == "testcontainers":
        return ContainerInfrastructure(project_root())
    raise InfrastructureUnavailable(f"NEACOOP_TEST_INFRA={mode!r}: use 'native' or 'testcontainers'")
