"""Test support for the meetings service (like common.testing): a stand-in for the registry on the bus,
and plain factories and readers shared by the tests."""

from __future__ import annotations

import secrets
import string
import time
from datetime import date
from typing import Any

import httpx

from common.auth import hash_secret
from common.contracts import EventData, make_event
from common.contracts.meetings import MEETING_TOPIC, MEMBER_TOPIC
from common.contracts.registry import (
    ClientCreated,
    ClientState,
    IssueAreaOpened,
    IssueAreaRegistered,
    IssueAreaState,
    MechanismMembership,
    MechanismRegistered,
    MechanismState,
    MemberKind,
    MemberRegistered,
    MemberState,
    MemberStatusChanged,
    ParticipationStatus,
    StatusPeriod,
)
from common.messaging.envelope import CloudEvent
from common.messaging.kafka import read_topic
from common.testing import bus, history
from common.testing.fixtures import admin_headers, eventually
from meetings.config import MeetingsSettings

ADMIN = admin_headers()


def meeting_body(host: str, areas: list[str], **overrides: Any) -> dict[str, Any]:
    """A meeting in Seoul in 2015: in the past, so it can be recorded as held."""
    body: dict[str, Any] = {
        "title": {"en": "NAPCI forum", "ko": "동북아평화협력 포럼"},
        "issue_area_codes": areas,
        "track": "1",
        "level": "senior_officials",
        "host_code": host,
        "city": "Seoul",
        "country_code": "KOR",
        "starts_at": "2015-11-04T09:00:00+09:00",
        "ends_at": "2015-11-05T18:00:00+09:00",
        "time_zone": "Asia/Seoul",
        "documents": ["https://example.org/napci/2015/concept-note.pdf"],
    }
    body.update(overrides)
    return body


async def schedule(
    meetings: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    answer = await meetings.post("/v1/meetings", json=body, headers=headers or ADMIN)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def confirm(meetings: httpx.AsyncClient, meeting_id: str) -> dict[str, Any]:
    answer = await meetings.post(f"/v1/meetings/{meeting_id}/confirm", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def problem_of(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return dict(answer.json())


async def events_about(settings: MeetingsSettings, meeting_id: str) -> list[CloudEvent]:
    events = [CloudEvent.from_kafka(r.value, r.headers) for r in await read_topic(settings, MEETING_TOPIC)]
    return [e for e in events if e.subject == meeting_id]


async def wait_for_events(settings: MeetingsSettings, meeting_id: str, count: int) -> list[CloudEvent]:
    """The meeting's events once at least `count` are on the topic, in order."""

    async def probe() -> list[CloudEvent] | None:
        found = await events_about(settings, meeting_id)
        return found if len(found) >= count else None

    return await eventually(probe, what=f"{count} events about meeting {meeting_id}")


async def engagement_events(settings: MeetingsSettings, member_code: str) -> list[CloudEvent]:
    """The member's `member.engagement_changed` events on the topic, in order."""
    events = [CloudEvent.from_kafka(r.value, r.headers) for r in await read_topic(settings, MEMBER_TOPIC)]
    return [e for e in events if e.subject == member_code]


def short_types(events: list[CloudEvent]) -> list[str]:
    """`org.neacoop.meetings.meeting.held.v1` -> `held`."""
    return [e.type.split(".")[-2] for e in events]


LONG_AGO = date(2000, 1, 1)


def unique_code(prefix: str = "Z") -> str:
    """A member code of this test alone: the registry's topics are shared by every test of the session."""
    return prefix + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))


def unique_area(name: str = "area") -> str:
    return f"{name}_{secrets.token_hex(4)}"


_last_version = 0


def fresh_version() -> int:
    """Newer than anything published before, in this run or an earlier one on the same broker.

    The read model keeps the newest version of each aggregate (common.readmodel.upsert_if_newer), so
    codes that are not unique to a test (KOR, JPN, ...) must be published with versions that win.
    """
    global _last_version
    _last_version = max(_last_version + 1, int(time.time()))
    return _last_version


class RegistryOnTheBus:
    """Publishes what the registry's relay would publish, then waits until the meetings service applied it."""

    def __init__(self, settings: MeetingsSettings) -> None:
        self.settings = settings

    async def publish(self, data: EventData, *, subject: str) -> bus.Sent:
        """Publishes without waiting, for a test that watches the outcome itself."""
        contract, event = make_event(data, service="registry", subject=subject)
        return await bus.send(self.settings, event, contract.topic, client_id="test-registry")

    async def _publish_applied(self, data: EventData, *, subject: str) -> None:
        await bus.applied_by(self.settings, "meetings", [await self.publish(data, subject=subject)])

    async def member(
        self,
        code: str,
        *,
        kind: MemberKind = "state",
        history: list[tuple[ParticipationStatus, date]] | None = None,
        version: int | None = None,
    ) -> MemberState:
        """Registers a member, participant since 2000 unless a status history is given (oldest first)."""
        periods = [
            StatusPeriod(status=status, effective_from=since, reason="test")
            for status, since in (history or [("participant", LONG_AGO)])
        ]
        state = MemberState(
            code=code,
            kind=kind,
            names={"en": f"Member {code}"},
            status_history=periods,
            version=version or fresh_version(),
        )
        if len(periods) == 1:
            await self._publish_applied(MemberRegistered(member=state), subject=code)
        else:
            last = periods[-1]
            changed = MemberStatusChanged(
                member=state,
                previous_status=periods[-2].status,
                status=last.status,
                effective_from=last.effective_from,
                reason=last.reason,
            )
            await self._publish_applied(changed, subject=code)
        return state

    async def mechanism(self, code: str, members: dict[str, date | None] | None = None) -> MechanismState:
        """Registers a mechanism, with its members and the day each joined when given."""
        state = MechanismState(
            code=code,
            names={"en": f"Mechanism {code}"},
            memberships=[
                MechanismMembership(member_code=member, joined_on=joined)
                for member, joined in (members or {}).items()
            ],
            version=fresh_version(),
        )
        await self._publish_applied(MechanismRegistered(mechanism=state), subject=code)
        return state

    async def reference(self, reference: dict[str, Any]) -> None:
        """The reference file's members, mechanisms and issue areas, as the registry's seed registers them:
        each member's status from its `status_since` (else history.STATUS_SINCE), none before."""
        sent = []
        for member in reference["members"]:
            since = member.get("status_since") or history.STATUS_SINCE.isoformat()
            status = member.get("status", history.STATUS_IF_NOT_GIVEN)
            state = MemberState(
                code=member["code"],
                kind=member["kind"],
                names={"en": member.get("name") or member["code"]},
                status_history=[StatusPeriod(status=status, effective_from=since, reason="reference")],
                version=fresh_version(),
            )
            sent.append(await self.publish(MemberRegistered(member=state), subject=state.code))
        for mechanism in reference["mechanisms"]:
            registered = MechanismState(
                code=mechanism["code"],
                names={"en": mechanism.get("name") or mechanism["code"]},
                memberships=[
                    MechanismMembership(member_code=code, joined_on=None)
                    for code in mechanism.get("members", [])
                ],
                version=fresh_version(),
            )
            sent.append(
                await self.publish(MechanismRegistered(mechanism=registered), subject=registered.code)
            )
        for area in reference["issue_areas"]:
            opened = IssueAreaState(
                code=area["code"],
                names={"en": area.get("name") or area["code"]},
                kind=area["kind"],
                open=area["kind"] == "non_traditional",
                version=fresh_version(),
            )
            sent.append(await self.publish(IssueAreaRegistered(issue_area=opened), subject=opened.code))
        await bus.applied_by(self.settings, "meetings", sent)

    async def issue_area(self, code: str, *, open: bool = True) -> IssueAreaState:
        state = IssueAreaState(
            code=code,
            names={"en": code.replace("_", " ").capitalize()},
            kind="non_traditional" if open else "traditional",
            open=open,
            version=fresh_version(),
        )
        await self._publish_applied(IssueAreaRegistered(issue_area=state), subject=code)
        return state

    async def open_issue_area(self, area: IssueAreaState) -> None:
        opened = area.model_copy(
            update={"open": True, "opened_by_decision": "test-decision", "version": fresh_version()}
        )
        await self._publish_applied(IssueAreaOpened(issue_area=opened), subject=area.code)

    async def client(self, member_code: str, scopes: list[str]) -> dict[str, str]:
        """A partner API client of `member_code`; returns the headers that authenticate as it."""
        client_id, secret = f"cl_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
        state = ClientState(
            client_id=client_id,
            name=f"partner of {member_code}",
            member_code=member_code,
            scopes=scopes,
            secret_hash=hash_secret(secret),
            revoked=False,
            version=1,
        )
        await self._publish_applied(ClientCreated(client=state), subject=client_id)
        return {"Authorization": f"Bearer {client_id}.{secret}"}
