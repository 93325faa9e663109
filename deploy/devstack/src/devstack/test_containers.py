"""`make test-containers`: the suite's other way of providing Kafka and PostgreSQL, proven on a real engine.

`NEACOOP_TEST_INFRA=testcontainers` runs the broker and the database as containers
(common.testing.infrastructure). This runs the tests that say most about it (the event backbone on the
broker, and the services talking to each other over it) that way, on the engine `make compose-test` uses
(started here if none answers, stopped after only if so) and with the images it makes: the official
apache/kafka and postgres where a registry gives them, else their stand-ins from deploy/compose, built once
and cached by the engine. Testcontainers' reaper (Ryuk) is an image no registry gives here either, so it is
off, and the containers a session started are removed at its end by their label, even when it was killed.

    python -m devstack.test_containers [pytest arguments]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from devstack.compose_images import ImageMaker
from devstack.container_engine import DockerEngine, remove_test_containers
from devstack.paths import find_project_root
from devstack.process import DevstackError

# The tests whose Kafka and PostgreSQL come from the `infrastructure` fixture and prove the containers carry
# the product: the outbox, relay, inbox, consumer and dead letters on the broker (Kafka taken away and
# given back included), and the services in process exchanging their events: registry -> meetings, and
# the TRM+ story across the four. The native-stack end-to-end tests start their own stack and prove
# nothing here; the Kafka security tests run a broker of their own.
TESTS = (
    "libs/common/tests/test_messaging_on_real_broker.py",
    "libs/common/tests/test_outbox_quarantine.py",
    "libs/common/tests/test_tracing_on_real_broker.py",
    "tests/test_walking_skeleton.py",
    "tests/test_status_corrections_reach_meetings.py",
    "tests/test_partner_client.py",
)


def run(root: Path, pytest_arguments: Sequence[str]) -> int:
    engine_dir = root / ".run" / "compose"
    test_run_dir = Path(os.environ.get("NEACOOP_TEST_RUN_DIR") or root / ".run" / "test").resolve()
    began = time.monotonic()
    with DockerEngine(engine_dir).running():
        kafka_image, postgres_image = ImageMaker(root, engine_dir).prepare_broker_and_database()
        ready = time.monotonic()
        environment = {
            **os.environ,
            "NEACOOP_TEST_INFRA": "testcontainers",
            "NEACOOP_TEST_KAFKA_IMAGE": kafka_image,
            "NEACOOP_TEST_POSTGRES_IMAGE": postgres_image,
            "NEACOOP_TEST_RUN_DIR": str(test_run_dir),
            "TESTCONTAINERS_RYUK_DISABLED": "true",
        }
        print(f"test containers: Kafka {kafka_image}, PostgreSQL {postgres_image}", flush=True)
        try:
            tests = subprocess.run(
                [sys.executable, "-m", "pytest", *TESTS, *pytest_arguments], cwd=root, env=environment
            )
        finally:
            left = remove_test_containers(test_run_dir)
            if left:
                print(f"test containers: removed {len(left)} the session left behind", flush=True)
    print(
        f"test containers: engine and images {ready - began:.0f} s, in all {time.monotonic() - began:.0f} s",
        flush=True,
    )
    return tests.returncode


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return run(find_project_root(), arguments)
    except DevstackError as error:
        print(f"test containers: the Docker engine or the images are not available: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
