"""A stand-in for the registry, the meetings service and the roadmap on the bus: publishes what their
relays would publish, then waits until the notifications service applied it."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from common.auth import hash_secret
from common.contracts import EventData, make_event
from common.contracts.meetings import MeetingHeld
from common.contracts.registry import (
    ClientCreated,
    ClientState,
    Contact,
    IssueAreaRegistered,
    IssueAreaState,
    MechanismRegistered,
    MechanismState,
    MemberContactsChanged,
    MemberRegistered,
    MemberState,
    StatusPeriod,
)
from common.contracts.roadmap import DecisionRecorded, StageAdvanced
from common.messaging.envelope import CloudEvent
from common.testing import bus
from notifications.config import NotificationsSettings
from support.notifications.factories import fresh_version


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
