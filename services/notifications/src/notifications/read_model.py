"""The notifications service's copy of the registry: members with their contacts (the subscribers),
and the codes of mechanisms and issue areas that subscriptions filter on. Implements
`common.readmodel.RegistryCopy`; the events that feed it and their handlers come from
`common.readmodel.registry_handlers`, and `notifications.consumers` says what follows (subscriptions
follow the contacts, an opened issue area is told)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import IssueAreaState, MechanismState, MemberState
from common.readmodel import upsert_if_newer
from notifications.models import KnownIssueArea, KnownMechanism, KnownMember


async def keep_member(session: AsyncSession, member: MemberState) -> None:
    values = {
        "code": member.code,
        "kind": member.kind,
        "contacts": [contact.model_dump(mode="json") for contact in member.contacts],
        "version": member.version,
    }
    await upsert_if_newer(session, KnownMember, values, key="code")


async def keep_mechanism(session: AsyncSession, mechanism: MechanismState) -> None:
    values = {"code": mechanism.code, "version": mechanism.version}
    await upsert_if_newer(session, KnownMechanism, values, key="code")


async def keep_issue_area(session: AsyncSession, area: IssueAreaState) -> None:
    values = {"code": area.code, "version": area.version}
    await upsert_if_newer(session, KnownIssueArea, values, key="code")
