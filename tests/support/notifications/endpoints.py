"""The endpoints the notifications service sends to, real ones: a minimal HTTP/1.1 server that receives
webhooks, and an SMTP server (aiosmtpd) that receives email."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# --- A webhook receiver ---------------------------------------------------------------------------------

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A minimal HTTP/1.1 server: answers each path as told and records every request it reads.

    `scripts[path]` are answers given once each, in order, before `answers[path]` (200 by default); a
    scripted None reads the request and never answers, until the test ends.
    """

    port: int = 0
    answers: dict[str, Answer] = field(default_factory=dict)
    scripts: dict[str, list[Answer | None]] = field(default_factory=dict)
    received: list[ReceivedRequest] = field(default_factory=list)
    # Paths that read the request and then never answer, until the test ends.
    silent: set[str] = field(default_factory=set)
    # Run once, by the next request to the path, after reading it and before answering.
    actions: dict[str, Callable[[], Awaitable[None]]] = field(default_factory=dict)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(
        self, path: str, status: int, *, times: int | None = None, headers: dict[str, str] | None = None
    ) -> None:
        """`status` on `path`: for the next `times` requests, or from now on."""
        answer = (status, headers or {}, b"")
        if times is None:
            self.answers[path] = answer
        else:
            self.scripts.setdefault(path, []).extend([answer] * times)

    def before_answering(self, path: str, action: Callable[[], Awaitable[None]]) -> None:
        """The next request to `path` is read, then `action` runs, then the request is answered."""
        self.actions[path] = action

    def hang(self, path: str, *, times: int) -> None:
        """The next `times` requests to `path` are read and never answered."""
        self.scripts.setdefault(path, []).extend([None] * times)

    def to(self, path: str) -> list[ReceivedRequest]:
        return [request for request in self.received if request.path == path]

    def with_id(self, webhook_id: str) -> list[ReceivedRequest]:
        return [request for request in self.received if request.headers.get("webhook-id") == webhook_id]

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while request := await self._read(reader):
                self.received.append(request)
                action = self.actions.pop(request.path, None)
                if action is not None:
                    await action()
                script = self.scripts.get(request.path)
                scripted = script.pop(0) if script else self.answers.get(request.path, (200, {}, b"ok"))
                if request.path in self.silent or scripted is None:
                    await self.released.wait()
                    return
                status, headers, body = scripted
                lines = [f"HTTP/1.1 {status} Whatever", *(f"{k}: {v}" for k, v in headers.items())]
                if "content-length" not in {name.lower() for name in headers}:
                    lines.append(f"content-length: {len(body)}")
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _read(self, reader: asyncio.StreamReader) -> ReceivedRequest | None:
        head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
        if not head:
            return None
        request_line, *header_lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
        method, path, _ = request_line.split(" ", 2)
        headers = {
            name.strip().lower(): value.strip() for name, value in (h.split(":", 1) for h in header_lines)
        }
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        return ReceivedRequest(method, path, headers, body)


@asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    """A receiver listening on a free port of 127.0.0.1 until the block ends."""
    receiver = Receiver()
    server = await asyncio.start_server(receiver.serve, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    try:
        yield receiver
    finally:
        receiver.released.set()
        server.close()
        await server.wait_closed()


# --- An SMTP server -------------------------------------------------------------------------------------


@dataclass
class MailServer:
    """The handler of an aiosmtpd server: keeps what it accepts, and answers some domains with a refusal."""

    port: int
    received: list[Envelope] = field(default_factory=list)
    refusals: dict[str, str] = field(
        default_factory=lambda: {
            "refused.example": "550 5.1.1 No such mailbox",
            "busy.example": "450 4.2.1 Mailbox busy, try later",
        }
    )

    # aiosmtpd calls a handler's hooks by these names.
    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        refusal = self.refusals.get(address.rpartition("@")[2])
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        # Kept before the reply goes out, so it is here by the time send_email returns.
        self.received.append(envelope)
        return "250 Message accepted"

    def message(self, index: int = 0) -> EmailMessage:
        content = self.received[index].original_content
        assert content is not None
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [self.message(i) for i, envelope in enumerate(self.received) if address in envelope.rcpt_tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mail_server_running() -> Iterator[MailServer]:
    """An aiosmtpd server on a free port of 127.0.0.1 (in a thread of its own) until the block ends."""
    server = MailServer(port=free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
