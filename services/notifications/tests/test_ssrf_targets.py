"""The hostile webhook URLs of `ssrf_targets.json` (issue #12), each refused by the real notifications
service at the stage the file records: when subscribing (a 422 naming `url`) or at the attempt, and never
with a connection to a forbidden address, which a real listener on 127.0.0.1 counts.

The service runs with the policy of a production stack (https only, no internal network allowed) except
for one address, 127.0.0.2, that stands for the public internet. Names under `.test` (RFC 6761) are
answered by the test's resolver, from the file, so that a name can resolve to loopback, or to a public
address when subscribing and to loopback at the attempt (DNS rebinding), without the internet; every
other name goes to the system's resolver.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from common.testing.fixtures import eventually, migrated_database, service_settings
from common.testing.infrastructure import Infrastructure
from notifications.config import NotificationsSettings
from support.notifications import (
    MailServer,
    OthersOnTheBus,
    deliveries,
    delivery,
    json_of,
    meeting_held,
    problem_of,
    running,
    settings_for_tests,
    start_group_at_end,
    unique_code,
    webhook,
)

pytestmark = pytest.mark.integration

TARGETS: dict[str, Any] = json.loads((Path(__file__).parent / "ssrf_targets.json").read_text())
# The one address the service may reach: it stands for a public receiver.
PUBLIC = "127.0.0.2"
AddressInfo = tuple[int, int, int, str, tuple[Any, ...]]


@dataclass
class Listener:
    """A real HTTP server that counts the connections it accepts and answers each request: a redirect to
    `redirect_to` for `/redirect/<status>`, else 200."""

    host: str
    redirect_to: str = ""
    connections: int = 0
    paths: list[str] = field(default_factory=list)
    port: int = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        path = request_line.split()[1]
        self.paths.append(path)
        length = next(
            (int(v) for k, _, v in (h.partition(":") for h in lines) if k.lower() == "content-length"), 0
        )
        await reader.readexactly(length)
        if path.startswith("/redirect/"):
            status = path.rsplit("/", 1)[1]
            answer = f"HTTP/1.1 {status} Moved\r\nLocation: {self.redirect_to}\r\nContent-Length: 0\r\n"
        else:
            answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
        writer.write(f"{answer}Connection: close\r\n\r\n".encode())
        await writer.drain()
        writer.close()


@asynccontextmanager
async def listening(listener: Listener) -> AsyncIterator[Listener]:
    server = await asyncio.start_server(listener.serve, listener.host, 0)
    listener.port = server.sockets[0].getsockname()[1]
    async with server:
        yield listener


class Resolver:
    """Answers names under `.test` (and the metadata names) from the file, each lookup in turn."""

    def __init__(self, real: Callable[..., Awaitable[Any]]) -> None:
        self.real = real
        self.answers: dict[str, Any] = {k: v for k, v in TARGETS["dns"].items() if k != "comment"}
        self.lookups: dict[str, int] = {}

    async def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = (host.decode() if isinstance(host, bytes) else str(host)).lower().rstrip(".")
        if name not in self.answers:
            if name.endswith(".test"):
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return await self.real(host, port, *args, **kwargs)
        answers = self.answers[name]
        turn = self.lookups.get(name, 0)
        self.lookups[name] = turn + 1
        if "first" in answers:
            answers = answers["first"] if turn == 0 else answers["then"]
        elif "cycle" in answers:
            answers = answers["cycle"][turn % len(answers["cycle"])]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers
        ]


@dataclass(frozen=True)
class Target:
    url: str
    stage: str
    why: str


def targets(forbidden_port: int, receiver_port: int) -> Iterator[Target]:
    for entry in TARGETS["targets"]:
        url = (
            entry["url"].replace("{port}", str(forbidden_port)).replace("{receiver_port}", str(receiver_port))
        )
        yield Target(url, entry["stage"], entry["why"])


def test_the_list_holds_at_least_the_89_urls_of_the_issue_each_with_its_stage() -> None:
    entries = TARGETS["targets"]
    assert len(entries) >= 89
    assert len({entry["url"] for entry in entries}) == len(entries)
    assert {entry["stage"] for entry in entries} == {"creation", "send"}
    assert all(entry["why"] for entry in entries)


@pytest.fixture
async def hardened_settings(infrastructure: Infrastructure, mail_server: MailServer) -> NotificationsSettings:
    url = await migrated_database(infrastructure, "notifications")
    overrides = {
        **settings_for_tests(smtp_port=mail_server.port),
        # As in production, but for the stand-in public address and its names over plain http.
        "webhook_http_allowed_hosts": ("receiver.nea.test", "pinned.nea.test"),
        "webhook_allowed_networks": (f"{PUBLIC}/32",),
    }
    return service_settings(NotificationsSettings, infrastructure, url, **overrides)


async def test_every_hostile_webhook_url_is_refused_at_its_stage_without_a_connection_to_a_forbidden_address(
    hardened_settings: NotificationsSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = asyncio.get_running_loop()
    resolver = Resolver(loop.getaddrinfo)
    monkeypatch.setattr(loop, "getaddrinfo", resolver.getaddrinfo)
    bus = OthersOnTheBus(hardened_settings)
    await start_group_at_end(hardened_settings)
    async with (
        listening(Listener("127.0.0.1")) as forbidden,
        listening(Listener(PUBLIC)) as receiver,
        running(hardened_settings) as notifications,
    ):
        receiver.redirect_to = f"http://127.0.0.1:{forbidden.port}/followed"
        host = unique_code()
        await bus.member(host)
        partner = await bus.partner(host)

        wrong_stage: list[str] = []
        at_send: dict[str, Target] = {}
        for target in targets(forbidden.port, receiver.port):
            answer = await notifications.post(
                "/v1/subscriptions", json=webhook(target.url), headers=partner.headers
            )
            if target.stage == "creation":
                if answer.status_code != 422 or answer.json().get("field") != "url":
                    wrong_stage.append(
                        f"{target.url} ({target.why}): {answer.status_code} {answer.text[:200]}"
                    )
            elif answer.status_code == 201:
                at_send[answer.json()["id"]] = target
            else:
                wrong_stage.append(
                    f"{target.url} ({target.why}) refused when subscribing: {answer.text[:200]}"
                )
        assert not wrong_stage, "not refused at the stage recorded:\n" + "\n".join(wrong_stage)

        event = await bus.held(meeting_held(areas=["nuclear_safety"], host=host))

        async def settled() -> list[dict[str, Any]] | None:
            found = await deliveries(notifications, partner.headers, event=event.id)
            done = [d for d in found if d["status"] in ("delivered", "dead")]
            return done if len(done) == len(at_send) else None

        for summary in await eventually(settled, timeout=60, what="every attempt of the send-stage targets"):
            target = at_send[summary["subscription_id"]]
            sent = await delivery(notifications, summary["id"], partner.headers)
            # An open circuit defers an attempt without making it.
            attempts = [a for a in sent["attempt_log"] if a["outcome"] != "deferred"]
            if target.url.endswith("/pinned"):
                assert summary["status"] == "delivered", (target, sent)
                assert any("refused target" in (a["error"] or "") for a in attempts), (target, attempts)
            elif "/redirect/" in target.url:
                assert summary["status"] == "dead", (target, sent)
                assert {a["status_code"] for a in attempts} == {int(target.url.rsplit("/", 1)[1])}, sent
            else:
                assert summary["status"] == "dead", (target, sent)
                assert all("refused target" in (a["error"] or "") for a in attempts), (target, attempts)
        assert "/pinned" in receiver.paths
        assert forbidden.connections == 0, f"connections to a forbidden address: {forbidden.paths}"
        # The subscription-stage refusals name what is wrong, for the subscriber to fix.
        refused = await notifications.post(
            "/v1/subscriptions", json=webhook("https://169.254.169.254/"), headers=partner.headers
        )
        assert "metadata" in problem_of(refused, 422)["detail"]
        assert json_of(await notifications.get("/v1/subscriptions", headers=partner.headers))["items"]
