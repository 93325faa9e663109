"""The roadmap's copy of the registry: mechanisms with their memberships (which show their expansions),
issue areas (an open one has a track) and members with their status history (who must agree to a
decision). Implements `common.readmodel.RegistryCopy`; the events that feed it and their handlers come
from `common.readmodel.registry_handlers`, and `roadmap.consumers` settles the tracks a change concerns."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import IssueAreaState, MechanismState, MemberState
from common.readmodel import upsert_if_newer
from roadmap.models import KnownIssueArea, KnownMechanism, KnownMember


async def keep_member(session: AsyncSession, member: MemberState) -> None:
    values = {
        "code": member.code,
        "kind": member.kind,
        "status_history": [period.model_dump(mode="json") for period in member.status_history],
        "version": member.version,
    }
    await upsert_if_newer(session, KnownMember, values, key="code")


async def keep_mechanism(session: AsyncSession, mechanism: MechanismState) -> None:
    values = {
        "code": mechanism.code,
        "agenda": mechanism.agenda,
        "expands_code": mechanism.expands_code,
        "memberships": [m.model_dump(mode="json") for m in mechanism.memberships],
        "version": mechanism.version,
    }
    await upsert_if_newer(session, KnownMechanism, values, key="code")


async def keep_issue_area(session: AsyncSession, area: IssueAreaState) -> None:
    values = {"code": area.code, "kind": area.kind, "open": area.open, "version": area.version}
    await upsert_if_newer(session, KnownIssueArea, values, key="code")
