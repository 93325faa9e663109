"""A real Apache Kafka (KRaft, combined broker and controller nodes) run straight from its jars: one node, or
a cluster of three with replicated topics (KafkaCluster).

There is no Docker engine and no Kafka tarball on the development machines, so the broker's classpath comes
from Maven Central (deploy/kafka/pom.xml). A Kafka distribution named by KAFKA_HOME is used instead when set.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

from aiokafka.admin import AIOKafkaAdminClient

from devstack.kafka_security import SecureListeners
from devstack.process import (
    POLL_INTERVAL_SECONDS,
    DevstackError,
    ensure_port_free,
    owned_pid,
    port_is_open,
    run_async,
    run_checked,
    spawn_detached,
    still_running,
    stop_process_group,
    tail,
)

_HEAP_OPTIONS = ("-Xms256m", "-Xmx768m")
# Three JVMs share a developer's machine (two cores, a few GB): each needs far less than a lone broker.
_CLUSTER_HEAP_OPTIONS = ("-Xms128m", "-Xmx384m")
_MAVEN_TIMEOUT_SECONDS = 600
_FORMAT_TIMEOUT_SECONDS = 120
_PROBE_TIMEOUT_SECONDS = 5.0
_STAMP_NAME = ".pom-sha256"

_LOG4J2_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by devstack at every start. -->
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName={log_file} append="true">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <!-- Per-request and state-change chatter would drown what a developer is looking for. -->
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="org.apache.kafka.raft" level="WARN"/>
    <Root level="INFO">
      <AppenderRef ref="file"/>
    </Root>
  </Loggers>
</Configuration>
"""


class KafkaBroker:
    """One combined KRaft node whose data, logs and configuration all live under run_dir.

    Alone (the default) it is the whole cluster. As node `node_id` of a KafkaCluster it names the quorum's
    `voters` and shares the cluster's id (`cluster_id_path`), so that every node formats into one cluster.
    """

    def __init__(
        self,
        *,
        run_dir: Path,
        port: int,
        controller_port: int,
        project_root: Path,
        node_id: int = 1,
        voters: str | None = None,
        cluster_size: int = 1,
        cluster_id_path: Path | None = None,
        secure: SecureListeners | None = None,
    ) -> None:
        # The JVM runs with its own working directory, so every path handed to it must be absolute.
        self.run_dir = run_dir.absolute()
        self.port = port
        self.controller_port = controller_port
        self.project_root = project_root.absolute()
        self.node_id = node_id
        self.voters = voters or f"{node_id}@127.0.0.1:{controller_port}"
        self.cluster_size = cluster_size
        self._cluster_id_path = (cluster_id_path or self.run_dir / "cluster.id").absolute()
        self.secure = secure
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.run_dir / "server.properties"

    @property
    def data_dir(self) -> Path:
        return self.run_dir / "data"

    @property
    def log_path(self) -> Path:
        return self.run_dir / "kafka.log"

    @property
    def output_path(self) -> Path:
        return self.run_dir / "kafka.out"

    @property
    def pid_path(self) -> Path:
        return self.run_dir / "kafka.pid"

    @property
    def _log4j_path(self) -> Path:
        return self.run_dir / "log4j2.xml"

    @property
    def _lib_dir(self) -> Path:
        return self.project_root / "deploy" / "kafka" / "lib"

    @property
    def _pom_path(self) -> Path:
        return self.project_root / "deploy" / "kafka" / "pom.xml"

    # -- artifacts --------------------------------------------------------------------------------------

    def ensure_artifacts(self) -> None:
        """Make sure there is something to run: KAFKA_HOME, or deploy/kafka/lib resolved from the pom."""
        home = _kafka_home()
        if home is not None:
            _require_kafka_home_scripts(home)
            return
        if self._lib_is_current():
            return
        # Two launchers (say, two test sessions) must not fill lib/ at once.
        lock_path = self.project_root / ".run" / "kafka-lib.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self._lib_is_current():
                self._resolve_lib()

    def _pom_hash(self) -> str:
        return hashlib.sha256(self._pom_path.read_bytes()).hexdigest()

    def _lib_is_current(self) -> bool:
        stamp = self._lib_dir / _STAMP_NAME
        return stamp.is_file() and stamp.read_text().strip() == self._pom_hash()

    def _resolve_lib(self) -> None:
        mvn = shutil.which("mvn")
        if mvn is None:
            raise DevstackError(
                "Maven (mvn) is not installed, and deploy/kafka/lib is missing or older than pom.xml; "
                "install Maven (apt-get install maven) or point KAFKA_HOME at a Kafka distribution"
            )
        print("    resolving the Kafka broker's jars with Maven (first run only, ~20 s)...", flush=True)
        # A separate directory, swapped in only on success: copy-dependencies never deletes jars, so
        # reusing lib/ after a version bump would put two Kafka versions on one classpath.
        staging = self._lib_dir.with_name("lib.partial")
        shutil.rmtree(staging, ignore_errors=True)
        run_checked(
            [
                mvn,
                "-q",
                "-B",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={staging.name}",
                "-DincludeScope=runtime",
            ],
            what="resolving Kafka with Maven",
            timeout=_MAVEN_TIMEOUT_SECONDS,
            cwd=self._pom_path.parent,
        )
        if not any(staging.glob("kafka_*.jar")):
            raise DevstackError(f"Maven finished but {staging} holds no kafka_*.jar")
        (staging / _STAMP_NAME).write_text(self._pom_hash() + "\n")
        shutil.rmtree(self._lib_dir, ignore_errors=True)
        staging.rename(self._lib_dir)

    # -- lifecycle --------------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self._pid() is not None

    def has_exited(self) -> bool:
        """Whether a node being waited for is gone: by its handle when this process launched it, since
        right after the spawn its command line (what is_running looks for) can still be empty."""
        return not still_running(self._process, self.is_running)

    def _pid(self) -> int | None:
        return owned_pid(self.pid_path, str(self.config_path))

    def start(self) -> None:
        """Start the broker unless it already runs, then wait until clients can use it."""
        self.ensure_artifacts()
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the JVM unless it already runs, without waiting: a cluster's nodes elect a controller
        only once a majority of them is up, so they are launched together and awaited after."""
        if not self.is_running():
            self._launch()

    def kill(self) -> None:
        """SIGKILL the node's process group at once, as a machine failing would: no controlled shutdown."""
        pid = self._pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while self._pid() is not None:
            if time.monotonic() > deadline:
                raise DevstackError(f"Kafka node {self.node_id} survived SIGKILL")
            time.sleep(POLL_INTERVAL_SECONDS)
        if self._process is not None:
            self._process.poll()
            self._process = None
        self.pid_path.unlink(missing_ok=True)

    def _launch(self) -> None:
        ensure_port_free(self.port, "Kafka client listener")
        ensure_port_free(self.controller_port, "Kafka controller listener")
        for port in self.secure.ports if self.secure else ():
            ensure_port_free(port, "Kafka secure listener")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(self._server_properties())
        self._log4j_path.write_text(_LOG4J2_TEMPLATE.format(log_file=quoteattr(str(self.log_path))))
        self._format_storage_once()
        self._process = spawn_detached(
            self._server_command(),
            cwd=self.run_dir,
            env=self._environment(),
            output=self.output_path,
            pid_file=self.pid_path,
        )

    def _server_properties(self) -> str:
        # Internal topics (offsets, transactions) follow the data topics: replicated on a cluster of three.
        replicas = "3" if self.cluster_size >= 3 else "1"
        min_isr = "2" if self.cluster_size >= 3 else "1"
        settings = {
            "process.roles": "broker,controller",
            "node.id": str(self.node_id),
            "controller.quorum.voters": self.voters,
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(self.data_dir),
            # A lone developer's consumer group should not sit out the default 3 s rebalance delay.
            "group.initial.rebalance.delay.ms": "0",
            "offsets.topic.replication.factor": replicas,
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": min_isr,
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": min_isr,
            "num.partitions": "6",
            # Services declare their topics explicitly; a typo must fail rather than invent a topic.
            "auto.create.topics.enable": "false",
            "default.replication.factor": replicas,
            "min.insync.replicas": min_isr,
        }
        if self.secure is not None:
            extra = ",".join(self.secure.listeners())
            settings["listeners"] += "," + extra
            settings["advertised.listeners"] += "," + extra
            settings["listener.security.protocol.map"] += ",SASL_SSL:SASL_SSL,SSL:SSL"
            settings |= self.secure.properties()
        if self.cluster_size >= 3:
            # A follower that died stays in the ISR, holding up acks=all writes, until it has lagged this
            # long (30 s by default): a third of that keeps a broker's failure a short pause for producers.
            settings["replica.lag.time.max.ms"] = "10000"
        lines = [f"{key}={_escape_property(value)}" for key, value in settings.items()]
        return "# Written by devstack at every start; edits are lost.\n" + "\n".join(lines) + "\n"

    def _format_storage_once(self) -> None:
        # The format step refuses a formatted directory, and the existing metadata log (every topic a test
        # expects to find after a restart) must be kept anyway; meta.properties is what formatting leaves.
        if (self.data_dir / "meta.properties").exists():
            return
        run_checked(
            self._storage_format_command(),
            what="formatting Kafka storage",
            timeout=_FORMAT_TIMEOUT_SECONDS,
            cwd=self.run_dir,
            env=self._environment(),
        )

    def _cluster_id(self) -> str:
        path = self._cluster_id_path
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            return path.read_text().strip()
        cluster_id = _new_cluster_id()
        path.write_text(cluster_id + "\n")
        return cluster_id

    def _storage_format_command(self) -> list[str]:
        # The quorum is static (controller.quorum.voters), so no --standalone: Kafka 4.1 rejects that flag
        # unless the quorum is dynamic (controller.quorum.bootstrap.servers).
        arguments = ["format", "-t", self._cluster_id(), "-c", str(self.config_path)]
        if self.secure is not None:
            arguments += self.secure.format_arguments()
        home = _kafka_home()
        if home is not None:
            return [str(home / "bin" / "kafka-storage.sh"), *arguments]
        return [
            _java(),
            *self._jvm_options(),
            "-cp",
            f"{self._lib_dir}/*",
            "kafka.tools.StorageTool",
            *arguments,
        ]

    def _server_command(self) -> list[str]:
        home = _kafka_home()
        if home is not None:
            return [str(home / "bin" / "kafka-server-start.sh"), str(self.config_path)]
        return [
            _java(),
            *self._heap_options(),
            *self._jvm_options(),
            "-cp",
            f"{self._lib_dir}/*",
            "kafka.Kafka",
            str(self.config_path),
        ]

    def _heap_options(self) -> tuple[str, ...]:
        return _CLUSTER_HEAP_OPTIONS if self.cluster_size > 1 else _HEAP_OPTIONS

    def _jvm_options(self) -> list[str]:
        return [f"-Dlog4j2.configurationFile={self._log4j_path}", f"-Dkafka.logs.dir={self.run_dir}"]

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # Read only by the KAFKA_HOME scripts; the direct java command line carries the same options.
        env["KAFKA_HEAP_OPTS"] = " ".join(self._heap_options())
        env["KAFKA_LOG4J_OPTS"] = f"-Dlog4j2.configurationFile={self._log4j_path}"
        env["LOG_DIR"] = str(self.run_dir)
        return env

    def wait_ready(self, timeout: float = 90) -> None:
        """Wait until a Kafka client can fetch cluster metadata: an open port alone proves nothing."""
        deadline = time.monotonic() + timeout
        while True:
            if self.has_exited():
                raise DevstackError(f"Kafka exited before it became ready.\n{self.log_tails()}")
            if self.is_ready():
                return
            if time.monotonic() >= deadline:
                raise DevstackError(f"Kafka did not become ready within {timeout:.0f} s.\n{self.log_tails()}")
            time.sleep(POLL_INTERVAL_SECONDS)

    def is_ready(self) -> bool:
        """Whether a client can fetch cluster metadata listing a broker and an active controller."""
        # Kafka opens its client listener only once it has started, so a closed port means "not yet", and
        # checking it first keeps aiokafka from logging a connection error on every poll.
        if not port_is_open(self.port):
            return False
        try:
            return run_async(lambda: _cluster_has_broker_and_controller(self.bootstrap_servers))
        except Exception:
            return False

    def log_tails(self) -> str:
        return (
            f"--- {self.output_path} ---\n{tail(self.output_path, 20)}\n"
            f"--- {self.log_path} ---\n{tail(self.log_path, 40)}"
        )

    def log_files(self) -> list[Path]:
        return [self.output_path, self.log_path]

    def stop(self, timeout: float = 30) -> None:
        """Stop the broker and anything it started; its data stays, so a later start finds its topics."""
        stop_process_group(self._pid(), timeout=timeout, pid_file=self.pid_path)
        if self._process is not None:
            # Lets Popen learn that the child is gone, so it does not warn about a still-running process.
            self._process.poll()
            self._process = None


async def _cluster_has_broker_and_controller(bootstrap_servers: str) -> bool:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, request_timeout_ms=int(_PROBE_TIMEOUT_SECONDS * 1000)
    )
    try:
        await asyncio.wait_for(admin.start(), _PROBE_TIMEOUT_SECONDS)
        cluster = await asyncio.wait_for(admin.describe_cluster(), _PROBE_TIMEOUT_SECONDS)
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
    return bool(cluster.get("brokers")) and int(cluster.get("controller_id", -1)) >= 0


def _kafka_home() -> Path | None:
    value = os.environ.get("KAFKA_HOME", "").strip()
    return Path(value).absolute() if value else None


def _require_kafka_home_scripts(home: Path) -> None:
    for script in ("kafka-storage.sh", "kafka-server-start.sh"):
        if not (home / "bin" / script).is_file():
            raise DevstackError(f"KAFKA_HOME={home} is not a Kafka distribution: bin/{script} is missing")


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise DevstackError(
            "java is not installed (Kafka 4.1 needs Java 17 or later): apt-get install openjdk-17-jre"
        )
    return java


def _new_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes in URL-safe base64 without padding, as kafka-storage makes them.

    Like Kafka's Uuid.randomUuid, reject ids starting with '-', which command lines would take for a flag.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode("ascii").rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _escape_property(value: str) -> str:
    # java.util.Properties treats a backslash as an escape character.
    return value.replace("\\", "\\\\")
