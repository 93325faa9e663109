"""The chaos suite on a three-node KRaft cluster (NEACOOP_KAFKA_BROKERS=3: replication factor 3, min ISR 2):
the services' topics are replicated as configured, and neither the partition leader killed mid-load nor a
rolling restart of all three brokers loses, duplicates or strands anything."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from common.config import KafkaSettings
from common.contracts.meetings import MEETING_TOPIC
from devstack.chaos import Fault, Scenario, leader_killed, rolling_restart, run_scenario
from devstack.chaos_suite import (
    RECOVERY_BOUND_SECONDS,
    ROLLING_SHAPE,
    SHAPE,
    ChaosStack,
    add_to_report,
    chaos_stack,
)
from devstack.kafka_cluster import KafkaCluster
from devstack.load import LoadShape
from devstack.process import run_async

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

PORTS = {
    # Nodes on 61192/61193, 61194/61195 and 61196/61197.
    "NEACOOP_KAFKA_PORT": "61192",
    "NEACOOP_KAFKA_CONTROLLER_PORT": "61193",
    "NEACOOP_PG_PORT": "61533",
    "NEACOOP_MAIL_PORT": "61125",
    "NEACOOP_REGISTRY_PORT": "61101",
    "NEACOOP_MEETINGS_PORT": "61102",
    "NEACOOP_ROADMAP_PORT": "61103",
    "NEACOOP_NOTIFICATIONS_PORT": "61104",
}


@pytest.fixture(scope="module")
def chaos() -> Iterator[ChaosStack]:
    with chaos_stack("three-brokers", PORTS, NEACOOP_KAFKA_BROKERS="3") as running:
        yield running


def cluster_of(chaos: ChaosStack) -> KafkaCluster:
    cluster = chaos.stack.kafka()
    assert isinstance(cluster, KafkaCluster)
    return cluster


async def replication_of(bootstrap_servers: str, topic: str) -> tuple[set[int], str]:
    """The replica counts of the topic's partitions and its min.insync.replicas."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
        [configs] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    finally:
        await admin.close()
    replicas = {len(p["replicas"]) for p in described["partitions"]}
    entries = {entry[0]: entry[1] for entry in configs.resources[0][4]}
    return replicas, str(entries["min.insync.replicas"])


def test_the_services_create_their_topics_with_three_replicas_and_min_isr_2(chaos: ChaosStack) -> None:
    settings = KafkaSettings(service_name="test", kafka_bootstrap_servers=cluster_of(chaos).bootstrap_servers)
    replicas, min_isr = run_async(lambda: replication_of(settings.kafka_bootstrap_servers, MEETING_TOPIC))
    assert (replicas, min_isr) == ({3}, "2")


def judged(chaos: ChaosStack, name: str, fault: Fault, seed: int, shape: LoadShape = SHAPE) -> None:
    scenario = Scenario(name=name, fault=fault, shape=shape, recovery_bound_seconds=RECOVERY_BOUND_SECONDS)
    record = run_scenario(scenario, api=chaos.api, target=chaos.target, receiver=chaos.receiver, seed=seed)
    add_to_report(record)
    assert record["passed"], json.dumps(record, indent=2)


def test_the_partition_leader_killed_mid_load_loses_nothing(chaos: ChaosStack) -> None:
    judged(chaos, "cluster-leader-killed", leader_killed(cluster_of(chaos), MEETING_TOPIC), seed=11)


def test_a_rolling_restart_of_all_three_brokers_mid_load_loses_nothing(chaos: ChaosStack) -> None:
    judged(chaos, "cluster-rolling-restart", rolling_restart(cluster_of(chaos)), seed=12, shape=ROLLING_SHAPE)
