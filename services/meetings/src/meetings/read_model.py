"""The meetings service's copy of the registry: members (with their status history), mechanisms and
issue areas, which meetings are validated against. Implements `common.readmodel.RegistryCopy`; the
events that feed it and their handlers come from `common.readmodel.registry_handlers`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import IssueAreaState, MechanismState, MemberState
from common.readmodel import upsert_if_newer
from meetings.models import KnownIssueArea, KnownMechanism, KnownMember


async def keep_member(session: AsyncSession, member: MemberState) -> None:
    values = {
        "code": member.code,
        "kind": member.kind,
        "names": member.names,
        "status_history": [p.model_dump(mode="json") for p in member.status_history],
        "version": member.version,
    }
    await upsert_if_newer(session, KnownMember, values, key="code")


async def keep_mechanism(session: AsyncSession, mechanism: MechanismState) -> None:
    values = {
        "code": mechanism.code,
        "names": mechanism.names,
        "memberships": [m.model_dump(mode="json") for m in mechanism.memberships],
        "version": mechanism.version,
    }
    await upsert_if_newer(session, KnownMechanism, values, key="code")


async def keep_issue_area(session: AsyncSession, area: IssueAreaState) -> None:
    values = {
        "code": area.code,
        "names": area.names,
        "kind": area.kind,
        "open": area.open,
        "version": area.version,
    }
    await upsert_if_newer(session, KnownIssueArea, values, key="code")
