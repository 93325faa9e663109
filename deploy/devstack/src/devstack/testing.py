"""Real Kafka and PostgreSQL for integration tests; the pytest fixtures that use this live in libs/common."""

from __future__ import annotations

from pathlib import Path

from devstack.kafka import KafkaBroker
from devstack.paths import find_project_root
from devstack.postgres import PostgresCluster
from devstack.stack import Stack


def start_test_infrastructure(
    run_dir: Path, kafka_port: int, controller_port: int, pg_port: int
) -> tuple[KafkaBroker, PostgresCluster]:
    """Start (or reuse, when already running there) a broker and a cluster under run_dir, both ready.

    Blocking, and safe to call from inside a running event loop. When it fails, it stops whatever it had
    started, so a broken session leaves no process behind. The caller stops both when done; their data
    stays in run_dir, so the next session starts faster. When running as root, run_dir must be reachable
    by the postgres user: pytest's tmp_path is not (its root is mode 0700), the project's .run/ is.
    """
    stack = Stack(
        project_root=find_project_root(),
        run_dir=run_dir.absolute(),
        kafka_port=kafka_port,
        kafka_controller_port=controller_port,
        pg_port=pg_port,
    )
    postgres, kafka = stack.postgres(), stack.kafka_node()
    try:
        postgres.start()
        kafka.start()
    except BaseException:
        stop_test_infrastructure(kafka, postgres)
        raise
    return kafka, postgres


def stop_test_infrastructure(kafka: KafkaBroker, postgres: PostgresCluster) -> None:
    """Stop both, Kafka first; each stop is a no-op when that part is not running."""
    try:
        kafka.stop()
    finally:
        postgres.stop()
