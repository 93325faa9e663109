"""Test support for the notifications service (like common.testing): a real HTTP receiver for webhooks, a
real SMTP server (aiosmtpd) for email, a stand-in for the other services on the bus, and plain factories
and readers shared by the tests."""

from __future__ import annotations

import asyncio
import secrets
import socket
import string
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from common.auth import hash_secret
from common.contracts import CATALOG, EventData, make_event
from common.contracts.meetings import Attendee, MeetingHeld, MeetingState, Participant
from common.contracts.registry import (
    ClientCreated,
    ClientState,
    Contact,
    IssueAreaRegistered,
    IssueAreaState,
    Language,
    MechanismRegistered,
    MechanismState,
    MemberContactsChanged,
    MemberRegistered,
    MemberState,
    StatusPeriod,
)
from common.contracts.roadmap import DecisionRecorded, StageAdvanced
from common.messaging.envelope import CloudEvent
from common.messaging.outbox import Outbox
from common.testing import bus, fixtures
from common.testing.fixtures import admin_headers, eventually, running_app
from notifications.config import NotificationsSettings
from notifications.consumers import GROUP, handlers
from notifications.main import create_app

ADMIN = admin_headers()
HELD = CATALOG.for_data_type(MeetingHeld).type
STAGE_ADVANCED = CATALOG.for_data_type(StageAdvanced).type
DELIVERY_DEAD = "org.neacoop.notifications.delivery.dead.v1"


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


# --- The service's settings and start ------------------------------------------------------------------


def settings_for_tests(*, smtp_port: int) -> dict[str, Any]:
    """Settings for tests: a compressed retry schedule, webhooks to 127.0.0.1 over http, our SMTP server."""
    return {
        "delivery_retry_schedule": (0, 0.2, 0.2, 0.2, 0.2),
        "delivery_retry_jitter": 0,
        "delivery_poll_interval_seconds": 0.1,
        "webhook_http_allowed_hosts": ("127.0.0.1",),
        "webhook_allowed_networks": ("127.0.0.0/8",),
        "webhook_timeout_seconds": 3,
        # Compressed like the schedule: an endpoint that failed five times in a row is tried again soon.
        "webhook_circuit_open_seconds": 1,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port,
        "smtp_timeout_seconds": 5,
        "email_from": "nea-coop <notifications@nea-coop.example>",
    }


@asynccontextmanager
async def running(settings: NotificationsSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The service in process (common.testing.fixtures.running_app); its shutdown stops every background
    task for good (common.app.cancel_until_done), so none stays in its consumer group for the next test."""
    async with running_app(create_app(settings)) as client:
        yield client


async def start_group_at_end(settings: NotificationsSettings) -> None:
    """The topics are shared by every test of the session while each test has a fresh database: the
    service started after this sees only the events published from now on."""
    topics = {CATALOG.for_data_type(h.data).topic for h in handlers(Outbox(service="notifications"))}
    await fixtures.start_group_at_end(settings, GROUP, topics)


# --- Factories ------------------------------------------------------------------------------------------


def unique_code(prefix: str = "Z") -> str:
    """A code of this test alone: the registry's topics are shared by every test of the session."""
    return prefix + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))


_last_version = 0


def fresh_version() -> int:
    """Newer than anything published before (common.readmodel.upsert_if_newer keeps the newest)."""
    global _last_version
    _last_version = max(_last_version + 1, int(time.time()))
    return _last_version


def contact(language: Language = "en", *, email: str | None = None) -> Contact:
    contact_id = f"ct_{secrets.token_hex(4)}"
    return Contact(
        id=contact_id,
        name=f"Focal point {contact_id}",
        email=email or f"{contact_id}@mofa.example",
        preferred_language=language,
        role="focal point",
    )


def meeting_held(
    *,
    areas: Sequence[str],
    host: str,
    guests: Sequence[str] = (),
    mechanism: str | None = None,
    title: dict[str, str] | None = None,
    time_zone: str = "Asia/Seoul",
    meeting_id: str | None = None,
) -> MeetingHeld:
    """A `meeting.held` event's data as the meetings service sends it: a meeting in Seoul on 4 November
    2015, hosted by `host` with `guests` attending."""
    starts = datetime(2015, 11, 4, 0, 0, tzinfo=UTC)
    codes = [host, *guests]
    state = MeetingState.model_validate(
        {
            "meeting_id": meeting_id or str(uuid.uuid4()),
            "title": title or {"en": "NAPCI forum", "ko": "동북아평화협력 포럼"},
            "mechanism_code": mechanism,
            "issue_area_codes": list(areas),
            "track": "1",
            "level": "senior_officials",
            "host_code": host,
            "city": "Seoul",
            "country_code": "KOR",
            "starts_at": starts,
            "ends_at": starts,
            "time_zone": time_zone,
            "status": "held",
            "participants": [
                Participant.model_validate(
                    {
                        "member_code": code,
                        "role": "host" if code == host else "participant",
                        "response": "accepted",
                        "attendance": "attended",
                    }
                )
                for code in codes
            ],
            "version": 6,
        }
    )
    return MeetingHeld(
        meeting=state,
        held_on=starts.date(),
        attendees=[
            Attendee.model_validate(
                {
                    "member_code": code,
                    "kind": "state",
                    "status_on_meeting_date": "participant",
                    "role": "host" if code == host else "participant",
                }
            )
            for code in codes
        ],
        outcomes=[],
        summary="held",
    )


def stage_advanced(track: str, *, to_stage: str = "solid_framework") -> StageAdvanced:
    return StageAdvanced(
        roadmap_code="NAPCI",
        track=track,
        from_stage="dialogue",
        to_stage=to_stage,
        advanced_on=date(2015, 11, 4),
        completed_by=str(uuid.uuid4()),
        criteria_version=1,
        explanation=[],
    )


def decision(track: str, agreed_by: Sequence[str]) -> DecisionRecorded:
    return DecisionRecorded(
        decision_id=str(uuid.uuid4()),
        roadmap_code="NAPCI",
        kind="advance",
        track=track,
        agreed_by=list(agreed_by),
        justification="the criteria are met",
        decided_on=date(2015, 11, 4),
    )


def webhook(url: str, **filters: list[str]) -> dict[str, Any]:
    return {"channel": "webhook", "url": url, "filters": filters}


def inbox(**filters: list[str]) -> dict[str, Any]:
    return {"channel": "inbox", "filters": filters}


# --- Others on the bus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    """A partner API client as the registry announced it."""

    client_id: str
    member_code: str
    headers: dict[str, str]


class OthersOnTheBus:
    """Publishes what the registry, meetings and roadmap relays would publish, then waits until the
    notifications service applied it (`common.testing.bus.applied_by`)."""

    def __init__(self, settings: NotificationsSettings) -> None:
        self.settings = settings

    async def send(self, event: CloudEvent, topic: str) -> CloudEvent:
        """Publishes `event` as it is (the same id when sent twice); waits until notifications applied it."""
        sent = await bus.send(self.settings, event, topic, client_id="test-others")
        await bus.applied_by(self.settings, "notifications", [sent])
        return event

    async def publish(self, data: EventData, *, service: str, subject: str) -> CloudEvent:
        contract, event = make_event(data, service=service, subject=subject)
        return await self.send(event, contract.topic)

    async def member(self, code: str, contacts: Sequence[Contact] = ()) -> MemberState:
        state = MemberState(
            code=code,
            kind="state",
            names={"en": f"Member {code}"},
            status_history=[
                StatusPeriod(status="participant", effective_from=date(2000, 1, 1), reason="test")
            ],
            contacts=list(contacts),
            version=fresh_version(),
        )
        await self.publish(MemberRegistered(member=state), service="registry", subject=code)
        return state

    async def contacts_changed(self, member: MemberState, contacts: Sequence[Contact]) -> MemberState:
        state = member.model_copy(update={"contacts": list(contacts), "version": fresh_version()})
        await self.publish(MemberContactsChanged(member=state), service="registry", subject=member.code)
        return state

    async def mechanism(self, code: str) -> MechanismState:
        state = MechanismState(code=code, names={"en": f"Mechanism {code}"}, version=fresh_version())
        await self.publish(MechanismRegistered(mechanism=state), service="registry", subject=code)
        return state

    async def issue_area(self, code: str) -> IssueAreaState:
        state = IssueAreaState(
            code=code,
            names={"en": code.replace("_", " ").capitalize()},
            kind="non_traditional",
            open=True,
            version=fresh_version(),
        )
        await self.publish(IssueAreaRegistered(issue_area=state), service="registry", subject=code)
        return state

    async def partner(self, member_code: str, scopes: Sequence[str] = ("subscriptions:write",)) -> Partner:
        """A partner API client of `member_code`, known to the service."""
        client_id, secret = f"cl_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
        state = ClientState(
            client_id=client_id,
            name=f"partner of {member_code}",
            member_code=member_code,
            scopes=list(scopes),
            secret_hash=hash_secret(secret),
            revoked=False,
            version=1,
        )
        await self.publish(ClientCreated(client=state), service="registry", subject=client_id)
        return Partner(client_id, member_code, {"Authorization": f"Bearer {client_id}.{secret}"})

    async def held(self, data: MeetingHeld) -> CloudEvent:
        return await self.publish(data, service="meetings", subject=data.meeting.meeting_id)

    async def advanced(self, data: StageAdvanced) -> CloudEvent:
        return await self.publish(data, service="roadmap", subject=f"{data.roadmap_code}/{data.track}")

    async def decided(self, data: DecisionRecorded) -> CloudEvent:
        return await self.publish(data, service="roadmap", subject=data.decision_id)


# --- Reading the service's answers ----------------------------------------------------------------------


def json_of(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def problem_of(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return dict(answer.json())


async def subscribe(
    notifications: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    return dict(json_of(await notifications.post("/v1/subscriptions", json=body, headers=headers), 201))


async def deliveries(
    notifications: httpx.AsyncClient, headers: dict[str, str], **query: str
) -> list[dict[str, Any]]:
    page = json_of(await notifications.get("/v1/deliveries", params={"limit": 200, **query}, headers=headers))
    return list(page["items"])


async def delivery(
    notifications: httpx.AsyncClient, delivery_id: str, headers: dict[str, str]
) -> dict[str, Any]:
    return dict(json_of(await notifications.get(f"/v1/deliveries/{delivery_id}", headers=headers)))


async def delivery_reaching(
    notifications: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    subscription: str,
    event: str,
    status: str,
    timeout: float = 15.0,
) -> dict[str, Any]:
    """The delivery of `event` to `subscription` once it is `status`, with its attempts."""

    async def probe() -> dict[str, Any] | None:
        found = await deliveries(notifications, headers, subscription=subscription, event=event)
        if len(found) == 1 and found[0]["status"] == status:
            return await delivery(notifications, found[0]["id"], headers)
        return None

    return await eventually(
        probe, timeout=timeout, what=f"the delivery of {event} to {subscription}: {status}"
    )
