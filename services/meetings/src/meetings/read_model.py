"""The meetings service's copy of the registry: members (with their status history), mechanisms and
issue areas, applied from the registry's full-state events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import (
    IssueAreaEvent,
    IssueAreaOpened,
    IssueAreaRegistered,
    IssueAreaUpdated,
    MechanismEvent,
    MechanismMembersAdded,
    MechanismMembershipEnded,
    MechanismRegistered,
    MechanismUpdated,
    MemberContactsChanged,
    MemberEvent,
    MemberRegistered,
    MemberStatusChanged,
    MemberStatusCorrected,
    MemberUpdated,
)
from common.messaging.consumer import Handler
from common.messaging.envelope import CloudEvent
from common.readmodel import upsert_if_newer
from meetings.models import KnownIssueArea, KnownMechanism, KnownMember


def _table(model: type[KnownMember] | type[KnownMechanism] | type[KnownIssueArea]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


async def learn_member(session: AsyncSession, event: CloudEvent, data: MemberEvent) -> None:
    member = data.member
    values = {
        "code": member.code,
        "kind": member.kind,
        "names": member.names,
        "status_history": [p.model_dump(mode="json") for p in member.status_history],
        "version": member.version,
    }
    await upsert_if_newer(session, _table(KnownMember), values, key="code")


async def learn_mechanism(session: AsyncSession, event: CloudEvent, data: MechanismEvent) -> None:
    mechanism = data.mechanism
    values = {"code": mechanism.code, "names": mechanism.names, "version": mechanism.version}
    await upsert_if_newer(session, _table(KnownMechanism), values, key="code")


async def learn_issue_area(session: AsyncSession, event: CloudEvent, data: IssueAreaEvent) -> None:
    area = data.issue_area
    values = {
        "code": area.code,
        "names": area.names,
        "kind": area.kind,
        "open": area.open,
        "version": area.version,
    }
    await upsert_if_newer(session, _table(KnownIssueArea), values, key="code")


HANDLERS: list[Handler[Any]] = [
    Handler(MemberRegistered, learn_member),
    Handler(MemberUpdated, learn_member),
    Handler(MemberStatusChanged, learn_member),
    Handler(MemberStatusCorrected, learn_member),
    Handler(MemberContactsChanged, learn_member),
    Handler(MechanismRegistered, learn_mechanism),
    Handler(MechanismUpdated, learn_mechanism),
    Handler(MechanismMembersAdded, learn_mechanism),
    Handler(MechanismMembershipEnded, learn_mechanism),
    Handler(IssueAreaRegistered, learn_issue_area),
    Handler(IssueAreaUpdated, learn_issue_area),
    Handler(IssueAreaOpened, learn_issue_area),
]
