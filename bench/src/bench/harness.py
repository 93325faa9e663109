"""What every benchmark shares: the run's sizes, the stack it starts (devstack, on ports of its own), the
processes' memory and CPU read from /proc, and bounded waits."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from devstack.chaos import fresh_stack
from devstack.paths import find_project_root
from devstack.process import read_pid
from devstack.stack import Stack, database_password

T = TypeVar("T")

ADMIN_KEY = "bench-admin-key"
# The benchmark's own ports (the 25xxx range), each overridable by the variable devstack reads, so that a
# `make up` stack, the test suites and a benchmark can share this machine.
PORTS = {
    "NEACOOP_KAFKA_PORT": "25092",
    "NEACOOP_KAFKA_CONTROLLER_PORT": "25093",
    "NEACOOP_PG_PORT": "25433",
    "NEACOOP_MAIL_PORT": "25025",
    "NEACOOP_REGISTRY_PORT": "25001",
    "NEACOOP_MEETINGS_PORT": "25002",
    "NEACOOP_ROADMAP_PORT": "25003",
    "NEACOOP_NOTIFICATIONS_PORT": "25004",
    "NEACOOP_BENCH_BASELINE_PORT": "25011",
}
# Retries within seconds rather than the production schedule's minutes: a delivery that fails once during a
# run must still arrive within the run (the chaos suite's operator settings, devstack.chaos.OPERATOR).
OPERATOR = {
    "NEACOOP_DELIVERY_RETRY_SCHEDULE": "[0, 1, 2, 3, 5, 5, 10, 10, 20, 30, 30, 60]",
    "NEACOOP_DELIVERY_RETRY_JITTER": "0",
}


@dataclass(frozen=True)
class Sizes:
    """How much each benchmark does: `full` is the issue's run, `quick` a short one (BENCH=quick)."""

    mode: str
    wrk_seconds: int
    wrk_connections: int
    latency_meetings: int
    latency_rate: float
    sustained_meetings: int
    sustained_concurrency: int
    fanout_subscriptions: int
    fanout_create_seconds: float
    fanout_deliver_seconds: float
    roadmap_history: tuple[int, ...]
    roadmap_probe: int
    roadmap_budget_seconds: float
    rebuild_seconds: float
    drain_seconds: float
    # Held meetings timed per round of the tracing benchmark (at latency_rate); its writes last wrk_seconds.
    tracing_meetings: int


FULL = Sizes(
    mode="full",
    wrk_seconds=15,
    wrk_connections=32,
    latency_meetings=400,
    latency_rate=20.0,
    sustained_meetings=800,
    sustained_concurrency=32,
    fanout_subscriptions=10_000,
    fanout_create_seconds=180.0,
    fanout_deliver_seconds=120.0,
    roadmap_history=(100, 1_000, 10_000),
    roadmap_probe=40,
    roadmap_budget_seconds=300.0,
    rebuild_seconds=120.0,
    drain_seconds=90.0,
    tracing_meetings=200,
)
QUICK = Sizes(
    mode="quick",
    wrk_seconds=5,
    wrk_connections=32,
    latency_meetings=60,
    latency_rate=20.0,
    sustained_meetings=150,
    sustained_concurrency=32,
    fanout_subscriptions=200,
    fanout_create_seconds=40.0,
    fanout_deliver_seconds=40.0,
    roadmap_history=(50, 200),
    roadmap_probe=20,
    roadmap_budget_seconds=40.0,
    rebuild_seconds=40.0,
    drain_seconds=30.0,
    tracing_meetings=60,
)


def sizes_from_environment() -> Sizes:
    return QUICK if os.environ.get("BENCH", "full").strip().lower() == "quick" else FULL


def environment() -> dict[str, str]:
    """The stack's variables: the benchmark's defaults, unless this shell sets them."""
    chosen = {name: os.environ.get(name) or default for name, default in {**PORTS, **OPERATOR}.items()}
    return chosen | {"NEACOOP_ADMIN_KEY": ADMIN_KEY}


@dataclass
class BenchStack:
    stack: Stack
    env: dict[str, str]

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.stack.service_ports[service]}"

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.stack.kafka_port}"

    def database_dsn(self, name: str) -> str:
        """For asyncpg: the service's own role and database (reads only: the services own their tables)."""
        return f"postgresql://{name}:{database_password(name)}@127.0.0.1:{self.stack.pg_port}/{name}"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {ADMIN_KEY}"}

    def processes(self) -> dict[str, int]:
        """The stack's processes by name (the services, Kafka, PostgreSQL's server, the SMTP sink)."""
        found: dict[str, int] = {}
        run_dir = self.stack.run_dir
        for name in self.stack.service_ports:
            pid = read_pid(run_dir / "services" / f"{name}.pid")
            if pid is not None:
                found[name] = pid
        candidates = {
            "kafka": self.stack.kafka_node().pid_path,
            "postgres": run_dir / "postgres" / "data" / "postmaster.pid",
            "smtp-sink": self.stack.mail_sink().run_dir / "smtp-sink.pid",
        }
        for name, path in candidates.items():
            pid = _first_line_pid(path)
            if pid is not None:
                found[name] = pid
        return found


def _first_line_pid(path: Path) -> int | None:
    """The pid on a pid file's first line (postmaster.pid holds more lines: the data directory, the port)."""
    try:
        return int(path.read_text().split("\n", 1)[0].strip())
    except (OSError, ValueError):
        return None


@contextmanager
def bench_stack(run_dir: Path, env: dict[str, str]) -> Iterator[BenchStack]:
    """`python -m devstack up` on the benchmark's ports in an emptied run_dir, `down` afterwards."""
    before = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with fresh_stack(run_dir, {**os.environ}) as stack:
            yield BenchStack(stack, env)
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def results_dir() -> Path:
    return find_project_root() / "bench" / "results"


# -- /proc ------------------------------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def children_of(pid: int) -> list[int]:
    """Every descendant of pid (PostgreSQL's backends, a launcher's child), read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: list[int] = []
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, its_parent in parents.items() if its_parent == parent]
        found.extend(kids)
        frontier.extend(kids)
    return found


def rss_bytes(pid: int) -> int | None:
    """Resident set size of one process (/proc/<pid>/statm, second field, in pages)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return None


def tree_rss_bytes(pid: int) -> int | None:
    """The process and its descendants: PostgreSQL is a server process and one backend per connection."""
    own = rss_bytes(pid)
    if own is None:
        return None
    return own + sum(rss_bytes(child) or 0 for child in children_of(pid))


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process (/proc/<pid>/stat, utime and stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command's closing parenthesis: state is field 3, utime field 14 and stime field 15.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class MemorySampler:
    """RSS of named processes every `interval` seconds on a thread, until stopped: peaks and the last."""

    processes: Callable[[], dict[str, int]]
    interval: float = 1.0
    samples: list[tuple[float, dict[str, int]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _started: float = field(default_factory=time.monotonic)

    def start(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)
        self._thread.start()
        return self

    def sample(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for name, pid in self.processes().items():
            size = tree_rss_bytes(pid) if name == "postgres" else rss_bytes(pid)
            if size is not None:
                found[name] = size
        return found

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append((time.monotonic() - self._started, self.sample()))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def peaks(self) -> dict[str, int]:
        peaks: dict[str, int] = {}
        for _, sample in self.samples:
            for name, size in sample.items():
                peaks[name] = max(size, peaks.get(name, 0))
        return peaks


# -- bounded waits ----------------------------------------------------------------------------------------


async def until(
    probe: Callable[[], Awaitable[T | None]], *, deadline: float, interval: float = 0.2
) -> T | None:
    """Polls `probe` until it answers something truthy or the monotonic `deadline` passes (then None):
    the benchmarks record what was reached by a deadline rather than fail."""
    while True:
        found = await probe()
        if found:
            return found
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(interval)
