"""Waiting for a KRaft cluster tells a node that is starting from one that died, without a broker: a node
launched a moment ago can show an empty command line, and that once failed CI with "Kafka nodes exited"."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.kafka_cluster import KafkaCluster
from devstack.process import DevstackError

# Nothing listens here: the cluster never forms, so only the "exited" judgement is under test.
UNUSED_PORT = 1


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[KafkaCluster]:
    cluster = KafkaCluster(
        run_dir=tmp_path, port=UNUSED_PORT, controller_port=UNUSED_PORT, project_root=tmp_path
    )
    children = []
    for node in cluster.nodes:
        # A child this process launched, whose pid file is not written and whose command line holds no
        # config path yet: what a node looks like in the first instants after its spawn.
        child = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])
        node._process = child
        children.append(child)
    yield cluster
    for child in children:
        child.kill()
        child.wait()


def test_a_node_just_launched_is_waited_for_not_declared_dead(cluster: KafkaCluster) -> None:
    assert not any(node.is_running() for node in cluster.nodes)
    with pytest.raises(DevstackError, match="did not form within"):
        cluster.wait_ready(timeout=0.3)


def test_a_node_whose_process_ended_is_reported_with_its_logs(cluster: KafkaCluster) -> None:
    ended = cluster.node(2)._process
    assert ended is not None
    ended.kill()
    ended.wait()
    with pytest.raises(DevstackError, match=r"Kafka nodes \[2\] exited"):
        cluster.wait_ready(timeout=5)
