"""The write and read paths: POST /v1/meetings and GET /v1/meetings/{id} under wrk, each measured back to
back with the bare baseline (bench.baseline_app) doing the same work under uvicorn with the same settings.

wrk runs one thread (it does not compete much for the two cores) with a Lua script that gives every POST
an Idempotency-Key of its own and reports, as one JSON line, what it counted."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.harness import ADMIN_KEY, BenchStack, Sizes, cpu_seconds, until
from bench.traffic import AREA_WRITES, meeting_body

BASELINE_DATABASE = "bench"
WRITE_TITLE = "Benchmark write path"

DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def post_script(run: str) -> str:
    body = meeting_body(AREA_WRITES, 1, "write") | {"title": {"en": WRITE_TITLE}}
    return f"""
local counter = 0
local body = [==[{json.dumps(body)}]==]
request = function()
  counter = counter + 1
  local headers = {{}}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer {ADMIN_KEY}"
  headers["Idempotency-Key"] = "{run}-" .. counter
  return wrk.format("POST", "/v1/meetings", headers, body)
end
{DONE}"""


def get_script(ids: list[str]) -> str:
    listed = ", ".join(f'"{meeting_id}"' for meeting_id in ids)
    return f"""
local counter = 0
local ids = {{{listed}}}
request = function()
  counter = counter + 1
  return wrk.format("GET", "/v1/meetings/" .. ids[(counter % #ids) + 1])
end
{DONE}"""


def run_wrk(url: str, script: str, sizes: Sizes, work_dir: Path, name: str, pid: int) -> dict[str, Any]:
    """One wrk run against `url`; `pid` is the server's process, whose CPU time per answer is noted."""
    path = work_dir / f"{name}.lua"
    path.write_text(script)
    command = [
        "wrk",
        "-t1",
        f"-c{sizes.wrk_connections}",
        f"-d{sizes.wrk_seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(path),
        url,
    ]
    cpu_before = cpu_seconds(pid)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=sizes.wrk_seconds + 60)
    cpu = cpu_seconds(pid) - cpu_before
    (work_dir / f"{name}.out").write_text(finished.stdout + finished.stderr)
    lines = [line for line in finished.stdout.splitlines() if line.startswith("BENCH-JSON ")]
    if finished.returncode != 0 or not lines:
        raise RuntimeError(f"wrk {name} failed ({finished.returncode}): {finished.stderr[-2000:]}")
    counted: dict[str, Any] = json.loads(lines[-1].removeprefix("BENCH-JSON "))
    seconds = counted["duration_us"] / 1e6
    errors = sum(counted[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    ok = counted["requests"] - counted["non2xx"]
    return {
        "requests": counted["requests"],
        "ok": ok,
        "non_2xx": counted["non2xx"],
        "socket_errors": errors,
        "seconds": round(seconds, 2),
        "requests_per_second": round(ok / seconds, 1),
        "latency_ms": {k: counted[f"{k}_us"] / 1000 for k in ("p50", "p90", "p99", "max")},
        "connections": sizes.wrk_connections,
        "server_cpu_ms_per_request": round(cpu * 1000 / ok, 3) if ok else None,
        "server_cpu_share_of_one_core": round(cpu / seconds, 2) if seconds else None,
    }


class Baseline:
    """The bare app under uvicorn, started and stopped by the benchmark (its pid for the memory report)."""

    def __init__(self, stack: BenchStack, work_dir: Path) -> None:
        self.port = int(stack.env["NEACOOP_BENCH_BASELINE_PORT"])
        self.dsn = (
            f"postgresql://{BASELINE_DATABASE}:{BASELINE_DATABASE}@127.0.0.1:{stack.stack.pg_port}/"
            f"{BASELINE_DATABASE}"
        )
        stack.stack.postgres().ensure_service_database(BASELINE_DATABASE, BASELINE_DATABASE)
        self.log = work_dir / "baseline.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        # The services' command line (devstack.services.ServiceProcess.start): uvicorn's defaults otherwise.
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.baseline_app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        with self.log.open("ab") as log:
            # Popen returns at once (the wait for readiness below is async): nothing blocks the loop.
            self.process = subprocess.Popen(  # noqa: ASYNC220
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "BENCH_BASELINE_DSN": self.dsn},
            )

        async def ready() -> bool:
            try:
                async with httpx.AsyncClient(timeout=2) as client:
                    answer = await client.get(f"{self.url}/v1/meetings/00000000-0000-0000-0000-000000000000")
                return answer.status_code == 404
            except httpx.HTTPError:
                return False

        if not await until(ready, deadline=time.monotonic() + 60, interval=0.2):
            raise RuntimeError(f"the baseline did not start; see {self.log}")

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the baseline is not running")
        return self.process.pid

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


async def ids_in(dsn: str, query: str) -> list[str]:
    connection = await asyncpg.connect(dsn)
    try:
        return [str(row[0]) for row in await connection.fetch(query)]
    finally:
        await connection.close()


async def run(stack: BenchStack, sizes: Sizes, work_dir: Path, baseline: Baseline) -> dict[str, Any]:
    meetings = stack.url("meetings")
    wrk = asyncio.to_thread
    pid = stack.processes()["meetings"]
    bare_pid = baseline.pid
    write_baseline = await wrk(
        run_wrk, baseline.url, post_script("bare"), sizes, work_dir, "write-bare", bare_pid
    )
    write_service = await wrk(run_wrk, meetings, post_script("svc"), sizes, work_dir, "write-meetings", pid)
    service_rows = await ids_in(
        stack.database_dsn("meetings"),
        f"SELECT id FROM meetings WHERE title->>'en' = '{WRITE_TITLE}' ORDER BY id",
    )
    baseline_rows = await ids_in(baseline.dsn, "SELECT id FROM meetings ORDER BY id")
    outbox_rows = await ids_in(baseline.dsn, "SELECT id FROM outbox")
    read_baseline = await wrk(
        run_wrk, baseline.url, get_script(baseline_rows[:500]), sizes, work_dir, "read-bare", bare_pid
    )
    read_service = await wrk(
        run_wrk, meetings, get_script(service_rows[:500]), sizes, work_dir, "read-meetings", pid
    )
    return {
        "write": {
            "bare": write_baseline | {"state_rows": len(baseline_rows), "outbox_rows": len(outbox_rows)},
            "meetings": write_service | {"rows": len(service_rows)},
            "ratio": _ratio(write_service, write_baseline),
        },
        "read": {
            "bare": read_baseline,
            "meetings": read_service,
            "ratio": _ratio(read_service, read_baseline),
        },
    }


def _ratio(service: dict[str, Any], baseline: dict[str, Any]) -> float | None:
    base = float(baseline["requests_per_second"])
    return round(float(service["requests_per_second"]) / base, 4) if base else None
