"""A webhook receiver that notes when each request arrived: devstack's receiver records what came, this one
also when (the monotonic clock the load's send times use), and which meeting and subscription it was for."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class Arrival:
    at: float  # time.monotonic() when the request was read
    path: str
    webhook_id: str
    event_id: str
    meeting_id: str


class TimingReceiver:
    """`with TimingReceiver() as receiver:` on 127.0.0.1, a free port; answers 200 to every POST."""

    def __init__(self) -> None:
        self._arrivals: list[Arrival] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: the sender's connection pool is part of the cost

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                at = time.monotonic()
                event_id, meeting_id = _ids(body)
                arrival = Arrival(at, self.path, self.headers.get("webhook-id", ""), event_id, meeting_id)
                with receiver._lock:
                    receiver._arrivals.append(arrival)
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        ThreadingHTTPServer.daemon_threads = True
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.request_queue_size = 1024
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-receiver", daemon=True)

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def arrivals(self, prefix: str = "") -> list[Arrival]:
        with self._lock:
            return [arrival for arrival in self._arrivals if arrival.path.startswith(prefix)]

    def __enter__(self) -> TimingReceiver:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _ids(body: bytes) -> tuple[str, str]:
    """The event's id and its meeting's id, from the webhook's CloudEvent (structured JSON)."""
    try:
        document = json.loads(body)
    except ValueError:
        return "", ""
    if not isinstance(document, dict):
        return "", ""
    data = document.get("data")
    meeting = data.get("meeting") if isinstance(data, dict) else None
    meeting_id = meeting.get("meeting_id") if isinstance(meeting, dict) else None
    return str(document.get("id", "")), str(meeting_id or document.get("subject", ""))
