"""Use cases of the registry. They change state and record events in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import MemberRegistered
from common.errors import Conflict, RuleViolated
from common.messaging.outbox import Outbox
from registry import repository
from registry.models import Member
from registry.schemas import MemberCreate


async def register_member(session: AsyncSession, outbox: Outbox, *, command: MemberCreate) -> Member:
    if await repository.get_member(session, command.code) is not None:
        raise Conflict(f"member {command.code} is already registered", field="code")
    if command.parent_code is not None and await repository.get_member(session, command.parent_code) is None:
        raise RuleViolated(f"parent member {command.parent_code} is not registered", field="parent_code")
    member = Member(
        code=command.code, kind=command.kind, names=command.names, parent_code=command.parent_code, version=1
    )
    await repository.add_member(session, member)
    await outbox.record(
        session,
        MemberRegistered(
            code=member.code, kind=command.kind, names=member.names, parent_code=member.parent_code
        ),
        subject=member.code,
    )
    return member
