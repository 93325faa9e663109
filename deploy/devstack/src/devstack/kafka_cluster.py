"""Three Kafka nodes on this machine as one KRaft cluster: every node a broker and a controller, topics
replicated three times with min.insync.replicas 2, the shape DESIGN.md asks of Kafka beyond one machine.

`NEACOOP_KAFKA_BROKERS=3 make up` runs the stack on it; the chaos suite (devstack.chaos) kills its partition
leaders and restarts it node by node. Node n (1, 2, 3) listens on NEACOOP_KAFKA_PORT + 2(n-1) for clients
and on NEACOOP_KAFKA_CONTROLLER_PORT + 2(n-1) for the quorum, so that the defaults (9092, 9093) give
9092/9093, 9094/9095 and 9096/9097.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient

from devstack.kafka import KafkaBroker
from devstack.process import POLL_INTERVAL_SECONDS, DevstackError, port_is_open, run_async

_PROBE_TIMEOUT_SECONDS = 5.0
# Port steps between nodes: a node's client and controller ports sit side by side.
PORT_STEP = 2


class KafkaCluster:
    """`size` combined nodes under run_dir/node-<n>, sharing run_dir/cluster.id."""

    def __init__(
        self, *, run_dir: Path, port: int, controller_port: int, project_root: Path, size: int = 3
    ) -> None:
        if size < 3:
            raise DevstackError(f"a replicated cluster needs three nodes or more, not {size}")
        self.run_dir = run_dir.absolute()
        voters = ",".join(
            f"{n}@127.0.0.1:{controller_port + PORT_STEP * (n - 1)}" for n in range(1, size + 1)
        )
        self.nodes = [
            KafkaBroker(
                run_dir=self.run_dir / f"node-{n}",
                port=port + PORT_STEP * (n - 1),
                controller_port=controller_port + PORT_STEP * (n - 1),
                project_root=project_root,
                node_id=n,
                voters=voters,
                cluster_size=size,
                cluster_id_path=self.run_dir / "cluster.id",
            )
            for n in range(1, size + 1)
        ]

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.bootstrap_servers for node in self.nodes)

    @property
    def data_dir(self) -> Path:
        return self.run_dir

    def node(self, node_id: int) -> KafkaBroker:
        return self.nodes[node_id - 1]

    def log_files(self) -> list[Path]:
        return [path for node in self.nodes for path in node.log_files()]

    def ensure_artifacts(self) -> None:
        self.nodes[0].ensure_artifacts()

    def is_running(self) -> bool:
        return any(node.is_running() for node in self.nodes)

    def start(self) -> None:
        """Launch every node that is not running, then wait until all of them serve as one cluster."""
        self.ensure_artifacts()
        for node in self.nodes:
            node.launch()
        self.wait_ready()

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            dead = [node.node_id for node in self.nodes if node.has_exited()]
            if dead:
                raise DevstackError(f"Kafka nodes {dead} exited.\n{self.nodes[dead[0] - 1].log_tails()}")
            if time.monotonic() >= deadline:
                raise DevstackError(f"the Kafka cluster did not form within {timeout:.0f} s")
            time.sleep(POLL_INTERVAL_SECONDS)

    def is_ready(self) -> bool:
        """Whether every node is registered as a broker and the quorum has an active controller."""
        if not all(port_is_open(node.port) for node in self.nodes):
            return False
        try:
            cluster = run_async(lambda: _describe_cluster(self.bootstrap_servers))
        except Exception:
            return False
        brokers = {int(broker["node_id"]) for broker in cluster.get("brokers", [])}
        return len(brokers) == len(self.nodes) and int(cluster.get("controller_id", -1)) >= 0

    def stop(self, timeout: float = 30) -> None:
        # Together: stopped one by one, the last nodes lose their quorum and sit out the whole timeout in a
        # controlled shutdown that can no longer complete.
        with ThreadPoolExecutor(max_workers=len(self.nodes)) as pool:
            for stopped in [pool.submit(node.stop, timeout) for node in self.nodes]:
                stopped.result()

    # -- what the chaos suite asks ----------------------------------------------------------------------

    def leader_of(self, topic: str, partition: int = 0) -> int:
        """The node id leading `partition` of `topic`."""
        described = run_async(lambda: _describe_topics(self.bootstrap_servers, [topic]))
        for found in described[0]["partitions"]:
            if found["partition"] == partition:
                return int(found["leader"])
        raise DevstackError(f"{topic} has no partition {partition}")

    def topics(self) -> list[str]:
        """Every topic of the cluster, Kafka's own included."""
        return sorted(run_async(lambda: _list_topics(self.bootstrap_servers)))

    def under_replicated(self, topics: list[str]) -> list[str]:
        """`topic/partition` of every partition of `topics` whose in-sync replicas are fewer than its
        replicas; empty once the cluster has caught up."""
        described = run_async(lambda: _describe_topics(self.bootstrap_servers, topics))
        lagging = []
        for topic in described:
            for found in topic["partitions"]:
                if len(found["isr"]) < len(found["replicas"]):
                    lagging.append(f"{topic['topic']}/{found['partition']}")
        return lagging

    def wait_fully_replicated(self, topics: list[str], timeout: float = 120) -> None:
        """Until every partition of `topics` has all its replicas in sync: a rolling restart moves on to
        the next node only then, or it could take down the last in-sync copy."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                lagging = self.under_replicated(topics)
            except Exception as error:
                lagging = [f"cannot describe the topics yet: {error}"]
            if not lagging:
                return
            if time.monotonic() >= deadline:
                raise DevstackError(f"still under-replicated after {timeout:.0f} s: {lagging[:5]}")
            time.sleep(POLL_INTERVAL_SECONDS)


async def _admin(bootstrap_servers: str) -> AIOKafkaAdminClient:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, request_timeout_ms=int(_PROBE_TIMEOUT_SECONDS * 1000)
    )
    await asyncio.wait_for(admin.start(), _PROBE_TIMEOUT_SECONDS)
    return admin


async def _describe_cluster(bootstrap_servers: str) -> dict[str, Any]:
    admin = await _admin(bootstrap_servers)
    try:
        found: dict[str, Any] = await asyncio.wait_for(admin.describe_cluster(), _PROBE_TIMEOUT_SECONDS)
        return found
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


async def _list_topics(bootstrap_servers: str) -> list[str]:
    admin = await _admin(bootstrap_servers)
    try:
        found: list[str] = await asyncio.wait_for(admin.list_topics(), _PROBE_TIMEOUT_SECONDS)
        return found
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


async def _describe_topics(bootstrap_servers: str, topics: list[str]) -> list[dict[str, Any]]:
    admin = await _admin(bootstrap_servers)
    try:
        found: list[dict[str, Any]] = await asyncio.wait_for(
            admin.describe_topics(topics), _PROBE_TIMEOUT_SECONDS
        )
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
    for topic in found:
        if topic["error_code"] != 0:
            raise DevstackError(f"cannot describe {topic['topic']}: error {topic['error_code']}")
    return found
