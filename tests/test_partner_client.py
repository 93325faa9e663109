"""The TRM+ story played as KOR's and JPN's partner ministries would, only through the generated client
(clients/python, `nea_coop_client`): an administrator issues each ministry a client in the registry; KOR's
adds its nuclear-safety focal point and subscribes it to a webhook and the inbox; JPN's schedules, confirms
and records the 1st TRM+ meeting held, KOR's the 2nd; the roadmap's nuclear_safety track reaches the
framework stage, and the focal point hears of both meetings and both stages, signed.

The refusals a partner meets on the way (holding a planned meeting, a stale `If-Match`, another member's
meeting, a bad body) each come back as the client's typed `Problem`, never a crash or `None`: if the
client could not parse a real answer, the OpenAPI document would be wrong (issue #13).

The four services run in process on the real Kafka broker and PostgreSQL, each on a fresh database; the
client reaches them through httpx's ASGI transport, as it would reach them over the network.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from http import HTTPStatus
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from nea_coop_client import meetings, notifications, registry, roadmap
from nea_coop_client.meetings.api.meetings import (
    confirm_meeting,
    get_meeting,
    record_meeting_held,
    schedule_meeting,
    update_meeting,
)
from nea_coop_client.meetings.models import (
    AttendanceEntry,
    AttendanceEntryAttendance,
    HeldRecord,
    Invitation,
    MeetingCreate,
    MeetingCreateCountryCode,
    MeetingCreateLevel,
    MeetingCreateTitle,
    MeetingCreateTrack,
    MeetingRead,
    MeetingReadStatus,
    MeetingUpdate,
)
from nea_coop_client.meetings.models import Problem as MeetingsProblem
from nea_coop_client.notifications.api.notifications import create_subscription, list_inbox_items
from nea_coop_client.notifications.models import (
    Filters,
    InboxPage,
    SubscriptionCreate,
    SubscriptionCreateChannel,
    SubscriptionCreated,
)
from nea_coop_client.registry.api.clients import create_client
from nea_coop_client.registry.api.import_ import import_reference_document
from nea_coop_client.registry.api.members import add_member_contact
from nea_coop_client.registry.models import (
    ClientCreate,
    ClientCreateScopesItem,
    ClientIssued,
    ContactCreate,
    ContactCreatePreferredLanguage,
    ContactRead,
    ImportResult,
    ReferenceDocument,
)
from nea_coop_client.roadmap.api.roadmaps import get_roadmap_history, get_roadmap_track
from nea_coop_client.roadmap.models import HistoryRead, TrackRead
from standardwebhooks.webhooks import Webhook

from common.contracts import CATALOG
from common.contracts.roadmap import DECISION_TOPIC
from common.messaging.outbox import Outbox
from common.testing import history
from common.testing.fixtures import (
    ADMIN_KEY,
    eventually,
    migrated_database,
    running_app,
    service_settings,
    start_group_at_end,
)
from common.testing.infrastructure import Infrastructure
from meetings.config import MeetingsSettings
from meetings.consumers import GROUP as MEETINGS_GROUP
from meetings.consumers import HANDLERS as MEETINGS_HANDLERS
from meetings.main import create_app as create_meetings
from notifications.config import NotificationsSettings
from notifications.main import create_app as create_notifications
from registry.config import RegistrySettings
from registry.consumers import GROUP as REGISTRY_GROUP
from registry.main import create_app as create_registry
from roadmap.config import RoadmapSettings
from roadmap.consumers import GROUP as ROADMAP_GROUP
from roadmap.consumers import handlers as roadmap_handlers
from roadmap.main import create_app as create_roadmap
from support.notifications import Receiver, mail_server_running, receiving, settings_for_tests
from support.notifications import start_group_at_end as start_notifications_at_end

pytestmark = pytest.mark.integration

T = TypeVar("T")

HELD = "org.neacoop.meetings.meeting.held.v1"
STAGE_ADVANCED = "org.neacoop.roadmap.track.stage_advanced.v1"
PROBLEMS = "https://neacoop.org/problems/"
FIVE_STATES = ("KOR", "JPN", "CHN", "USA", "RUS")
FOCAL_POINT = "nuclear.safety@mofa.example.kr"


class Closable(Protocol):
    def get_async_httpx_client(self) -> httpx.AsyncClient: ...


@dataclass
class Apps:
    registry: FastAPI
    meetings: FastAPI
    roadmap: FastAPI
    notifications: FastAPI
    receiver: Receiver
    # Every generated client the test made, closed when it ends.
    clients: list[Closable] = field(default_factory=list)

    def client(self, package: Any, service: str, token: str) -> Any:
        """`package`'s AuthenticatedClient of `service` in process; over the network only base_url and
        token are needed."""
        app = getattr(self, service)
        made = package.AuthenticatedClient(
            base_url=f"http://{service}", token=token, httpx_args={"transport": httpx.ASGITransport(app=app)}
        )
        self.clients.append(made)
        return made


@dataclass
class Ministry:
    """One partner's generated clients, one per service, all with the token the registry issued."""

    client_id: str
    registry: registry.AuthenticatedClient
    meetings: meetings.AuthenticatedClient
    roadmap: roadmap.AuthenticatedClient
    notifications: notifications.AuthenticatedClient


def ministry(apps: Apps, client_id: str, token: str) -> Ministry:
    return Ministry(
        client_id=client_id,
        registry=apps.client(registry, "registry", token),
        meetings=apps.client(meetings, "meetings", token),
        roadmap=apps.client(roadmap, "roadmap", token),
        notifications=apps.client(notifications, "notifications", token),
    )


@pytest.fixture
async def apps(infrastructure: Infrastructure) -> AsyncIterator[Apps]:
    async def settings(name: str, settings_type: Any, **overrides: Any) -> Any:
        url = await migrated_database(infrastructure, name)
        return service_settings(settings_type, infrastructure, url, **overrides)

    registry_settings = await settings("registry", RegistrySettings)
    meetings_settings = await settings("meetings", MeetingsSettings)
    roadmap_settings = await settings("roadmap", RoadmapSettings)
    # Earlier tests' events on the shared topics stay unseen: these services hear only this test's.
    await start_group_at_end(registry_settings, REGISTRY_GROUP, {DECISION_TOPIC})
    await start_group_at_end(
        meetings_settings, MEETINGS_GROUP, {CATALOG.for_data_type(h.data).topic for h in MEETINGS_HANDLERS}
    )
    await start_group_at_end(
        roadmap_settings,
        ROADMAP_GROUP,
        {CATALOG.for_data_type(h.data).topic for h in roadmap_handlers(Outbox(service="roadmap"))},
    )
    with mail_server_running() as mail:
        notifications_settings = await settings(
            "notifications", NotificationsSettings, **settings_for_tests(smtp_port=mail.port)
        )
        await start_notifications_at_end(notifications_settings)
        async with receiving() as receiver:
            started = Apps(
                registry=create_registry(registry_settings),
                meetings=create_meetings(meetings_settings),
                roadmap=create_roadmap(roadmap_settings),
                notifications=create_notifications(notifications_settings),
                receiver=receiver,
            )
            async with (
                running_app(started.registry),
                running_app(started.meetings),
                running_app(started.roadmap),
                running_app(started.notifications),
            ):
                yield started
                for client in started.clients:
                    await client.get_async_httpx_client().aclose()


def parsed(answer: object, expected: type[T]) -> T:
    assert isinstance(answer, expected), f"expected a {expected.__name__}, got {answer!r}"
    return answer


class Answered(Protocol):
    """A generated `Response` of any service's package."""

    @property
    def status_code(self) -> HTTPStatus: ...

    @property
    def parsed(self) -> object: ...


A = TypeVar("A", bound=Answered)


def learning(*fields: str) -> Callable[[Answered], bool]:
    """Whether an answer is one a service gives while an event is still on its way to it: a 401 while the
    new client travels from the registry, a 422 naming a reference (a member, a contact) it has not heard
    of yet."""

    def still(response: Answered) -> bool:
        assert response.parsed is not None, f"{response.status_code} was not parsed: the document is wrong"
        at = getattr(response.parsed, "field", None)
        return response.status_code == 401 or (
            response.status_code == 422 and isinstance(at, str) and at.startswith(fields)
        )

    return still


async def once_known(call: Callable[[], Awaitable[A]], still: Callable[[Answered], bool], what: str) -> A:
    async def probe() -> A | None:
        response = await call()
        return None if still(response) else response

    return await eventually(probe, what=what)


async def issue_client(admin: registry.AuthenticatedClient, member: str, name: str) -> ClientIssued:
    body = ClientCreate(
        name=name,
        member_code=member,
        scopes=[
            ClientCreateScopesItem.MEMBERSWRITE,
            ClientCreateScopesItem.MEETINGSWRITE,
            ClientCreateScopesItem.SUBSCRIPTIONSWRITE,
        ],
    )
    return parsed(await create_client.asyncio(client=admin, body=body), ClientIssued)


def trm_plus(ordinal: str, host: str, held_on: date, city: str, time_zone: str) -> MeetingCreate:
    zone = ZoneInfo(time_zone)
    return MeetingCreate(
        title=MeetingCreateTitle.from_dict({"en": f"{ordinal} TRM+ meeting on nuclear safety"}),
        mechanism_code="TRM+",
        issue_area_codes=["nuclear_safety"],
        track=MeetingCreateTrack("1"),
        level=MeetingCreateLevel.SENIOR_OFFICIALS,
        host_code=host,
        city=city,
        country_code=MeetingCreateCountryCode(host),
        starts_at=datetime.combine(held_on, time(9), zone),
        ends_at=datetime.combine(held_on, time(18), zone),
        time_zone=time_zone,
        participants=[Invitation(member_code=code) for code in FIVE_STATES if code != host],
    )


FIVE_ATTENDED = HeldRecord(
    attendance=[
        AttendanceEntry(member_code=c, attendance=AttendanceEntryAttendance.ATTENDED) for c in FIVE_STATES
    ],
    summary="The five states attended.",
)
NOT_YET_KNOWN = learning("host_code", "participants", "mechanism_code", "issue_area_codes")


def problem(answer: object, status: int, slug: str) -> MeetingsProblem:
    found = parsed(answer, MeetingsProblem)
    assert (found.status, found.type_) == (status, PROBLEMS + slug), found
    return found


async def stage_of(partner: Ministry, track: str) -> str:
    return parsed(
        await get_roadmap_track.asyncio("NAPCI", track, client=partner.roadmap), TrackRead
    ).current_stage


async def test_kor_and_jpn_play_the_trm_plus_story_with_the_generated_client(apps: Apps) -> None:
    admin: registry.AuthenticatedClient = apps.client(registry, "registry", ADMIN_KEY)
    reference = ReferenceDocument.from_dict(history.load_reference())
    parsed(await import_reference_document.asyncio(client=admin, body=reference), ImportResult)

    # An administrator issues each ministry its client; the token is in this answer only.
    kor_issued = await issue_client(admin, "KOR", "MOFA Korea, nuclear safety desk")
    jpn_issued = await issue_client(admin, "JPN", "MOFA Japan, nuclear safety desk")
    assert kor_issued.token == f"{kor_issued.client_id}.{kor_issued.secret}"
    kor = ministry(apps, kor_issued.client_id, kor_issued.token)
    jpn = ministry(apps, jpn_issued.client_id, jpn_issued.token)

    # KOR's nuclear-safety focal point subscribes to the meetings held and the stages advanced on the area.
    contact_body = ContactCreate(
        name="Nuclear safety desk", email=FOCAL_POINT, preferred_language=ContactCreatePreferredLanguage.KO
    )
    added = await add_member_contact.asyncio("KOR", client=kor.registry, body=contact_body)
    contact = parsed(added, ContactRead)
    filters = Filters(event_types=[HELD, STAGE_ADVANCED], issue_areas=["nuclear_safety"])
    webhook_body = SubscriptionCreate(
        channel=SubscriptionCreateChannel.WEBHOOK,
        member_code="KOR",
        contact_id=str(contact.id),
        url=apps.receiver.url("/hooks/kor"),
        filters=filters,
    )
    inbox_body = SubscriptionCreate(
        channel=SubscriptionCreateChannel.INBOX,
        member_code="KOR",
        contact_id=str(contact.id),
        filters=filters,
    )
    subscribed = []
    for body in (webhook_body, inbox_body):
        subscribe = partial(create_subscription.asyncio_detailed, client=kor.notifications, body=body)
        answer = await once_known(
            subscribe,
            learning("member_code", "contact_id", "filters"),
            "notifications knowing KOR's client, its contact and nuclear_safety",
        )
        subscribed.append(parsed(answer.parsed, SubscriptionCreated))
    secret = subscribed[0].secret
    assert isinstance(secret, str)
    assert secret.startswith("whsec_")

    # JPN hosts the 1st TRM+ meeting. Sent twice with one Idempotency-Key, it is scheduled once.
    first_body = trm_plus("1st", "JPN", date(2013, 10, 28), "Tokyo", "Asia/Tokyo")
    key = str(uuid.uuid4())
    # (A refusal is not kept under the key: the same key is sent again until the services know JPN.)
    scheduled = await once_known(
        lambda: schedule_meeting.asyncio_detailed(client=jpn.meetings, body=first_body, idempotency_key=key),
        NOT_YET_KNOWN,
        "the meetings service knowing JPN's client, the five states and TRM+",
    )
    first = parsed(scheduled.parsed, MeetingRead)
    assert (scheduled.status_code, first.status) == (201, MeetingReadStatus.PLANNED)
    assert scheduled.headers["location"] == f"/v1/meetings/{first.id}"
    again = await schedule_meeting.asyncio_detailed(client=jpn.meetings, body=first_body, idempotency_key=key)
    assert parsed(again.parsed, MeetingRead).id == first.id
    assert again.headers["idempotent-replayed"] == "true"

    # Refused: holding a meeting that is only planned.
    refused = await record_meeting_held.asyncio(first.id, client=jpn.meetings, body=FIVE_ATTENDED)
    assert "confirmed" in problem(refused, 409, "conflict").additional_properties["allowed"]

    # Refused: KOR running JPN's meeting.
    async def refused_to_kor() -> MeetingsProblem | None:
        answer = await confirm_meeting.asyncio(first.id, client=kor.meetings)
        return None if getattr(answer, "status", None) == 401 else parsed(answer, MeetingsProblem)

    problem(
        await eventually(refused_to_kor, what="the meetings service knowing KOR's client"), 403, "forbidden"
    )

    # The ETag read before confirming is stale once the meeting is confirmed.
    read = await get_meeting.asyncio_detailed(first.id, client=jpn.meetings)
    etag = read.headers["etag"]
    confirmed = await confirm_meeting.asyncio(first.id, client=jpn.meetings, if_match=etag)
    assert parsed(confirmed, MeetingRead).status == MeetingReadStatus.CONFIRMED
    change = MeetingUpdate(city="Tokyo (Minato)")
    stale = await update_meeting.asyncio(first.id, client=jpn.meetings, body=change, if_match=etag)
    precondition = problem(stale, 412, "precondition-failed")
    assert precondition.field == "If-Match"
    assert precondition.additional_properties["current_version"] == int(etag.strip('"')) + 1

    held = await record_meeting_held.asyncio(first.id, client=jpn.meetings, body=FIVE_ATTENDED)
    assert parsed(held, MeetingRead).status == MeetingReadStatus.HELD

    async def stage_reached(wanted: str) -> bool:
        return await stage_of(kor, "nuclear_safety") == wanted

    await eventually(
        lambda: stage_reached("accumulate_practice"), what="nuclear_safety at accumulate_practice"
    )

    # Refused: a bad body, a title with no words in it (the document says so; the client sends it anyway).
    second_body = trm_plus("2nd", "KOR", date(2014, 5, 20), "Seoul", "Asia/Seoul")
    untitled = MeetingCreate.from_dict({**second_body.to_dict(), "title": {"en": "   "}})
    invalid = problem(
        await schedule_meeting.asyncio(client=kor.meetings, body=untitled), 422, "invalid-request"
    )
    assert invalid.field == "title"
    assert isinstance(invalid.errors, list)
    assert [error.field for error in invalid.errors] == ["title"]

    second = await schedule_confirm_and_hold(kor, second_body)
    await eventually(lambda: stage_reached("solid_framework"), what="nuclear_safety at solid_framework")
    history_answer = await get_roadmap_history.asyncio("NAPCI", client=kor.roadmap)
    lines = [line for line in parsed(history_answer, HistoryRead).items if line.track == "nuclear_safety"]
    assert [(line.to_stage, line.completed_by) for line in lines] == [
        ("accumulate_practice", str(first.id)),
        ("solid_framework", str(second.id)),
    ]

    # The focal point hears of both meetings and both stages: each webhook signed, each in the inbox.
    async def four_webhooks() -> list[dict[str, Any]] | None:
        hooks = apps.receiver.to("/hooks/kor")
        return [Webhook(secret).verify(h.body, h.headers) for h in hooks] if len(hooks) >= 4 else None

    events = await eventually(four_webhooks, what="four webhooks to KOR's focal point")
    assert sorted(event["type"] for event in events) == [HELD, HELD, STAGE_ADVANCED, STAGE_ADVANCED]

    async def inbox_pages() -> list[InboxPage] | None:
        pages: list[InboxPage] = []
        cursor: str | None = None
        while True:
            page = await list_inbox_items.asyncio("KOR", client=kor.notifications, limit=3, cursor=cursor)
            pages.append(parsed(page, InboxPage))
            cursor = pages[-1].next_cursor
            if cursor is None:
                break
        return pages if sum(len(p.items) for p in pages) >= 4 else None

    pages = await eventually(inbox_pages, what="four notifications in KOR's inbox")
    assert [len(p.items) for p in pages] == [3, 1]
    assert pages[0].unread == 4
    assert {item.language for p in pages for item in p.items} == {"ko"}


async def schedule_confirm_and_hold(partner: Ministry, body: MeetingCreate) -> MeetingRead:
    answer = await schedule_meeting.asyncio(client=partner.meetings, body=body)
    meeting = parsed(answer, MeetingRead)
    read = await get_meeting.asyncio_detailed(meeting.id, client=partner.meetings)
    confirmed = await confirm_meeting.asyncio(
        meeting.id, client=partner.meetings, if_match=read.headers["etag"]
    )
    parsed(confirmed, MeetingRead)
    held = await record_meeting_held.asyncio(meeting.id, client=partner.meetings, body=FIVE_ATTENDED)
    return parsed(held, MeetingRead)
