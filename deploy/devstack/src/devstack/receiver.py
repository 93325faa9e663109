"""A webhook receiver on this machine, for the demo, the end-to-end tests and the chaos suite: a real HTTP
server in a thread that records every request and answers as told (200 unless a status is queued or it is
told to fail). With a journal path it also writes one JSON line per request (webhook_id, event_id, status):
what `python -m devstack reconcile --received` reads."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType


@dataclass(frozen=True)
class ReceivedWebhook:
    path: str
    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    """`with WebhookReceiver() as receiver:` listens on 127.0.0.1, on a free port; `receiver.url`.

    Containers reach it on another address of this machine (`address`, a bridge's gateway) by a name of
    theirs (`url_host`, say host.docker.internal), which is then what `url` says."""

    def __init__(
        self, journal: Path | None = None, *, address: str = "127.0.0.1", url_host: str | None = None
    ) -> None:
        self.url_host = url_host
        self.received: list[ReceivedWebhook] = []
        self.queued: deque[int] = deque()
        self.failing_with: int | None = None
        self.journal = journal
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                with receiver._lock:
                    receiver.received.append(ReceivedWebhook(self.path, headers, body))
                    status = receiver.queued.popleft() if receiver.queued else (receiver.failing_with or 200)
                    receiver._write_journal(headers.get("webhook-id", ""), body, status)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass  # the demo prints what it observed; the server says nothing

        self._server = ThreadingHTTPServer((address, 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="webhook-receiver", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{self.url_host or host!s}:{port}/hooks/nea-coop"

    def answer_next(self, *statuses: int) -> None:
        """The next requests get these statuses, in order (a 500 to make the sender retry)."""
        with self._lock:
            self.queued.extend(statuses)

    def fail_with(self, status: int | None) -> None:
        """Answer every request with `status` (503, say) until told None: an endpoint down for a while."""
        with self._lock:
            self.failing_with = status

    def _write_journal(self, webhook_id: str, body: bytes, status: int) -> None:
        if self.journal is None:
            return
        try:
            event_id = str(json.loads(body).get("id", ""))
        except (ValueError, AttributeError):
            event_id = ""
        line = json.dumps({"webhook_id": webhook_id, "event_id": event_id, "status": status})
        with self.journal.open("a") as journal:
            journal.write(line + "\n")

    def snapshot(self) -> list[ReceivedWebhook]:
        with self._lock:
            return list(self.received)

    def __enter__(self) -> WebhookReceiver:
        if self.journal is not None:
            # An empty journal, not a missing one, until the first request: nothing was received yet.
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            self.journal.touch()
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
