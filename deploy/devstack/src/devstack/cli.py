"""`python -m devstack up|down|status|logs|seed|demo|reconcile|infra-up|infra-down`: the whole system
natively, no Docker; `reconcile` also checks a docker compose stack, given its URLs."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from devstack import demo
from devstack.console import console_bundle
from devstack.observe import Target, reconcile
from devstack.process import DevstackError, run_checked, tail
from devstack.services import SERVICES, ServiceProcess, service_environment, with_operator_settings
from devstack.stack import Stack, database_password, load_admin_key

_FOLLOW_INTERVAL_SECONDS = 0.5


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        stack = Stack.from_environment(arguments.run_dir)
        return _COMMANDS[arguments.command](stack, arguments) or 0
    except DevstackError as error:
        print(f"\nerror: {error}", file=sys.stderr)
        if arguments.command in ("up", "infra-up"):
            print("Whatever did start is still running: `python -m devstack down` stops it.", file=sys.stderr)
        # A reconciliation that could not look is not a clean one, nor a finding: 2, like a usage error.
        return 2 if arguments.command == "reconcile" else 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devstack",
        description="Run Kafka, PostgreSQL, an SMTP sink and the four nea-coop services natively, no Docker.",
    )
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=None,
        help="where data, logs and pid files go (default: <project>/.run/stack)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start PostgreSQL, Kafka, the SMTP sink and the four services")
    up.add_argument(
        "--observe",
        action="store_true",
        help="also start Prometheus scraping the services, with the alert rules (`make up OBSERVE=1`)",
    )
    commands.add_parser("down", help="stop everything `up` started")
    commands.add_parser("status", help="show what is running")
    logs = commands.add_parser("logs", help="print the tail of every log")
    logs.add_argument("-f", "--follow", action="store_true", help="keep printing new lines")
    logs.add_argument("-n", "--lines", type=int, default=40, help="lines per log (default 40)")
    commands.add_parser(
        "seed", help="import the reference members, mechanisms and issue areas into the registry (idempotent)"
    )
    commands.add_parser("demo", help="play the TRM+ story against the running stack, printing what it sees")
    _reconcile_parser(commands.add_parser("reconcile", help=_RECONCILE_HELP, description=_RECONCILE_HELP))
    commands.add_parser("infra-up", help="start only PostgreSQL and Kafka")
    commands.add_parser("infra-down", help="stop only PostgreSQL and Kafka")
    return parser


@contextmanager
def _step(message: str) -> Iterator[None]:
    print(f"==> {message} ...", flush=True)
    started = time.monotonic()
    yield
    print(f"    done ({time.monotonic() - started:.1f} s)", flush=True)


# -- up / infra-up ---------------------------------------------------------------------------------------


def _infra_up(stack: Stack, arguments: argparse.Namespace | None = None) -> None:
    kafka, postgres = stack.kafka(), stack.postgres()
    # Everything that may need downloading comes first, so that a missing tool fails before anything starts.
    with _step("Checking for the Kafka jars and the PostgreSQL binaries"):
        kafka.ensure_artifacts()
        postgres.ensure_binaries()
    with _step(f"Starting PostgreSQL on 127.0.0.1:{stack.pg_port} (data in {postgres.data_dir})"):
        postgres.start()
    with _step(f"Creating the databases {', '.join(SERVICES)}"):
        for name in SERVICES:
            postgres.ensure_service_database(name, database_password(name))
    shape = "KRaft" if stack.kafka_brokers == 1 else f"KRaft, {stack.kafka_brokers} nodes, 3 replicas"
    with _step(f"Starting Kafka on {kafka.bootstrap_servers} ({shape}, data in {kafka.data_dir})"):
        kafka.start()
    print(f"\nPostgreSQL  127.0.0.1:{stack.pg_port}   one database and one login role per service, same name")
    print(f"            superuser: psql -h {postgres.run_dir} -p {stack.pg_port} -U postgres")
    print(f"Kafka       {kafka.bootstrap_servers}")


def _up(stack: Stack, arguments: argparse.Namespace) -> None:
    _infra_up(stack)
    mail_sink = stack.mail_sink()
    with _step(f"Starting the SMTP sink on 127.0.0.1:{stack.mail_port} (messages in {mail_sink.mail_dir})"):
        mail_sink.start()
    admin_key, admin_key_origin = load_admin_key(stack.admin_key_path)
    services = [configured_service(stack, name, admin_key) for name in SERVICES]
    for service in services:
        with _step(f"Migrating and starting {service.name} on port {service.port}"):
            service.start(wait=False)
    with _step("Waiting for every service's /readyz"):
        for service in services:
            service.wait_ready()
    # Codes already registered are skipped, so seeding on every `up` fills an empty registry and leaves
    # a used one as it is. The services run either way, so a failed import is reported, not fatal.
    try:
        with _step("Importing the reference data into the registry"):
            _import_reference_data(services[SERVICES.index("registry")])
    except DevstackError as error:
        print(f"warning: reference data not imported (`make seed` retries):\n{error}", file=sys.stderr)
    console = _start_console(stack)
    prometheus = stack.prometheus()
    if arguments.observe:
        with _step(f"Starting Prometheus on {prometheus.url} (data in {prometheus.run_dir / 'data'})"):
            prometheus.start()
    print("\nThe stack is up:")
    for service in services:
        print(f"  {service.name:<14} {service.url}   API docs: {service.url}/docs   metrics: /metrics")
    if console is not None:
        print(f"  {'console':<14} {console.url}   the cooperation console (roadmap, calendar, network)")
    if prometheus.is_running():
        where = prometheus.url
        print(f"\nPrometheus {where}: what it scrapes {where}/targets, the alerts {where}/alerts")
        print(f"  for instance {where}/graph?g0.expr=neacoop_consumer_lag_records")
        print(f"  rules: {prometheus.rules}; dashboards: deploy/observability/grafana")
    traces = os.environ.get("NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT")
    if traces:
        print(f"\nTraces: the services send their spans to {traces.rstrip('/')}/v1/traces (OTLP/HTTP)")
    elif prometheus.is_running():
        print("  traces: set NEACOOP_OTEL_EXPORTER_OTLP_ENDPOINT to an OTLP/HTTP receiver (docs/runbook.md)")
    print(f"\nEmails the services send: {mail_sink.mail_dir}/*.eml (SMTP sink on 127.0.0.1:{mail_sink.port})")
    print(f"Admin key (send it as `Authorization: Bearer <key>`) {admin_key_origin}")
    print(f"Logs: make logs      Stop: make down      Run dir: {stack.run_dir}")


def _start_console(stack: Stack) -> ServiceProcess | None:
    """The console, once its page is built (`make up` builds it first); without the page the services
    still run, and the warning says how to get it."""
    console = stack.console()
    bundle = console_bundle(stack.project_root)
    if not (bundle / "index.html").is_file():
        print(f"warning: no console page in {bundle}: `make console` builds it", file=sys.stderr)
        return None
    with _step(f"Starting the console on port {console.port}"):
        console.start()
    return console


def configured_service(
    stack: Stack, name: str, admin_key: str, overrides: Mapping[str, str] | None = None
) -> ServiceProcess:
    """A service as `up` starts it: its environment from the launcher, with the operator settings of
    this process's own environment (OPERATOR_SETTINGS), and then `overrides`, which win over both (a
    benchmark's tracing settings, applied to a running stack by stopping the service and starting this
    one: `start` leaves a running service as it is)."""
    env = service_environment(
        name,
        database_url=stack.postgres().database_url(name, database_password(name)),
        kafka_bootstrap_servers=stack.kafka().bootstrap_servers,
        http_port=stack.service_ports[name],
        admin_key=admin_key,
        smtp_host=stack.mail_sink().host,
        smtp_port=stack.mail_port,
        kafka_brokers=stack.kafka_brokers,
    )
    return stack.service(name, with_operator_settings(env, os.environ) | dict(overrides or {}))


# -- seed ------------------------------------------------------------------------------------------------

_SEED_TIMEOUT_SECONDS = 120


def _seed(stack: Stack, arguments: argparse.Namespace) -> None:
    admin_key, _ = load_admin_key(stack.admin_key_path)
    registry = configured_service(stack, "registry", admin_key)
    # Migrating first lets `seed` follow a bare `infra-up` too; on a migrated database it changes nothing.
    with _step("Migrating the registry's database"):
        registry.migrate()
    with _step("Importing the reference data into the registry"):
        _import_reference_data(registry)
    if not registry.is_running():
        print("The registry is not running: its events wait in its outbox until it starts.")


def _import_reference_data(registry: ServiceProcess) -> None:
    """`python -m registry.seed` with the registry's own environment; it prints what it created."""
    output = run_checked(
        [sys.executable, "-m", "registry.seed"],
        what="registry: reference data import",
        timeout=_SEED_TIMEOUT_SECONDS,
        cwd=registry.project_root,
        env={**os.environ, **registry.env},
    )
    print(f"    {output.strip()}", flush=True)


# -- down / infra-down -----------------------------------------------------------------------------------


def _down(stack: Stack, arguments: argparse.Namespace) -> None:
    console = stack.console()
    if console.is_running():
        with _step("Stopping the console"):
            console.stop()
    for name in SERVICES:
        service = stack.service(name)
        if service.is_running():
            with _step(f"Stopping {name}"):
                service.stop()
    mail_sink = stack.mail_sink()
    if mail_sink.is_running():
        with _step("Stopping the SMTP sink"):
            mail_sink.stop()
    prometheus = stack.prometheus()
    if prometheus.is_running():
        with _step("Stopping Prometheus"):
            prometheus.stop()
    _infra_down(stack, arguments, warn_about_services=False)


def _infra_down(stack: Stack, arguments: argparse.Namespace, *, warn_about_services: bool = True) -> None:
    if warn_about_services and any(stack.service(name).is_running() for name in SERVICES):
        print("warning: services are still running and will lose Kafka and PostgreSQL; `down` stops them too")
    kafka, postgres = stack.kafka(), stack.postgres()
    with _step("Stopping Kafka"):
        kafka.stop()
    with _step("Stopping PostgreSQL"):
        postgres.stop()
    print("Stopped; data is kept in", stack.run_dir)


# -- status / logs ---------------------------------------------------------------------------------------


def _status(stack: Stack, arguments: argparse.Namespace) -> None:
    kafka, postgres = stack.kafka(), stack.postgres()
    print(f"run dir: {stack.run_dir}")
    print(f"  {'postgres':<14} {_state(postgres.is_running(), None)}  127.0.0.1:{stack.pg_port}")
    kafka_running = kafka.is_running()
    kafka_state = _state(kafka_running, kafka.is_ready() if kafka_running else None)
    print(f"  {'kafka':<14} {kafka_state}  {kafka.bootstrap_servers}")
    for name in SERVICES:
        service = stack.service(name)
        running = service.is_running()
        print(f"  {name:<14} {_state(running, service.probe_ready() if running else None)}  {service.url}")
    console = stack.console()
    running = console.is_running()
    print(f"  {'console':<14} {_state(running, console.probe_ready() if running else None)}  {console.url}")
    mail_sink = stack.mail_sink()
    running = mail_sink.is_running()
    print(
        f"  {'smtp-sink':<14} {_state(running, mail_sink.is_ready() if running else None)}  "
        f"127.0.0.1:{mail_sink.port}  {mail_sink.mail_dir} ({len(mail_sink.messages())} .eml)"
    )
    prometheus = stack.prometheus()
    if prometheus.is_running():
        print(f"  {'prometheus':<14} {_state(True, prometheus.is_ready())}  {prometheus.url}")


def _state(running: bool, ready: bool | None) -> str:
    if not running:
        return "stopped  "
    if ready is None or ready:
        return "running  "
    return "not ready"


def _log_files(stack: Stack) -> list[Path]:
    kafka, postgres = stack.kafka(), stack.postgres()
    candidates = [
        postgres.log_path,
        *kafka.log_files(),
        stack.mail_sink().log_path,
        stack.prometheus().log_path,
    ]
    candidates += [stack.service(name).log_path for name in SERVICES]
    candidates.append(stack.console().log_path)
    return [path for path in candidates if path.is_file()]


def _logs(stack: Stack, arguments: argparse.Namespace) -> None:
    files = _log_files(stack)
    if not files:
        print(f"no logs yet under {stack.run_dir}")
        return
    for path in files:
        print(f"===== {path} =====")
        print(tail(path, arguments.lines), flush=True)
    if arguments.follow:
        _follow(files)


def _follow(files: list[Path]) -> None:
    """Like `tail -f` on several files, each new line prefixed with the file it came from."""
    offsets = {path: path.stat().st_size for path in files}
    while True:
        for path in files:
            offsets[path] = _print_new_lines(path, offsets[path])
        time.sleep(_FOLLOW_INTERVAL_SECONDS)


def _print_new_lines(path: Path, offset: int) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    # A log that shrank was truncated or replaced; start again from its beginning.
    offset = 0 if size < offset else offset
    if size == offset:
        return offset
    with path.open("rb") as handle:
        handle.seek(offset)
        chunk = handle.read()
    # A trailing partial line is printed on the next round, once complete.
    complete, _, _ = chunk.rpartition(b"\n")
    if not complete:
        return offset
    for line in complete.decode("utf-8", errors="replace").splitlines():
        print(f"{path.stem:>13} | {line}", flush=True)
    return offset + len(complete) + 1


# -- reconcile -------------------------------------------------------------------------------------------

_RECONCILE_HELP = (
    "compare the meetings held, their meeting.held events on Kafka, the roadmap's facts and the deliveries "
    "of every matching subscription; report what is lost, duplicated or stuck (exit 1), else exit 0"
)


def _reconcile_parser(parser: argparse.ArgumentParser) -> None:
    def url(variable: str) -> str | None:
        return os.environ.get(variable) or None

    parser.add_argument("--meetings-url", default=url("NEACOOP_MEETINGS_URL"), help="default: this stack's")
    parser.add_argument("--roadmap-url", default=url("NEACOOP_ROADMAP_URL"), help="default: this stack's")
    parser.add_argument(
        "--notifications-url", default=url("NEACOOP_NOTIFICATIONS_URL"), help="default: this stack's"
    )
    parser.add_argument(
        "--kafka-bootstrap",
        default=os.environ.get("NEACOOP_KAFKA_BOOTSTRAP_SERVERS") or None,
        help="default: $NEACOOP_KAFKA_BOOTSTRAP_SERVERS, else this stack's brokers",
    )
    parser.add_argument(
        "--stuck-after",
        type=float,
        default=300.0,
        help="seconds after which what has not arrived is lost, a delivery not sent stuck (default 300)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        help="look again (every 2 s) until nothing is wrong or in flight, for up to this many seconds",
    )
    parser.add_argument(
        "--since", type=datetime.fromisoformat, help="RFC 3339: judge only events recorded from then on"
    )
    parser.add_argument(
        "--received",
        type=Path,
        help="a webhook receiver's journal (JSON lines: webhook_id, event_id, status)",
    )
    parser.add_argument(
        "--json", type=Path, help="write the whole report there as JSON ('-': standard output)"
    )


def _reconcile(stack: Stack, arguments: argparse.Namespace) -> int:
    """Exit 0 when nothing is lost, duplicated, stuck or unexpected; 1 otherwise."""
    if arguments.since is not None and arguments.since.tzinfo is None:
        raise DevstackError("--since needs an offset (2026-01-01T00:00:00Z)")
    admin_key = os.environ.get("NEACOOP_ADMIN_KEY", "").strip()
    if not admin_key:
        if not stack.admin_key_path.is_file():
            raise DevstackError(f"set NEACOOP_ADMIN_KEY: there is no {stack.admin_key_path}")
        admin_key = stack.admin_key_path.read_text().strip()
    local = {name: f"http://127.0.0.1:{port}" for name, port in stack.service_ports.items()}
    target = Target(
        meetings=arguments.meetings_url or local["meetings"],
        roadmap=arguments.roadmap_url or local["roadmap"],
        notifications=arguments.notifications_url or local["notifications"],
        admin_key=admin_key,
        kafka_bootstrap_servers=arguments.kafka_bootstrap or stack.kafka().bootstrap_servers,
    )
    report, elapsed = reconcile(
        target,
        stuck_after=arguments.stuck_after,
        wait=arguments.wait,
        since=arguments.since,
        received=arguments.received,
    )
    document = report.as_json() | {"seconds": round(elapsed, 1)}
    if arguments.json is not None and str(arguments.json) == "-":
        print(json.dumps(document, indent=2))
    else:
        if arguments.json is not None:
            arguments.json.parent.mkdir(parents=True, exist_ok=True)
            arguments.json.write_text(json.dumps(document, indent=2) + "\n")
        print(report.summary())
    return 0 if report.ok else 1


_COMMANDS: dict[str, Callable[[Stack, argparse.Namespace], int | None]] = {
    "up": _up,
    "down": _down,
    "status": _status,
    "logs": _logs,
    "seed": _seed,
    "infra-up": _infra_up,
    "infra-down": _infra_down,
    "demo": demo.run,
    "reconcile": _reconcile,
}
