"""Use cases for mechanisms: registration, edits, members joining and leaving over time, and the counts
partners read.

Each change bumps the mechanism's version and records an event carrying its full state in the caller's
transaction. Memberships are never deleted: a member that leaves keeps its row with `left_on` set, so
"who belonged to TRM in 2015" stays answerable. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import (
    MechanismMembersAdded,
    MechanismMembershipEnded,
    MechanismRegistered,
    MechanismUpdated,
)
from common.errors import Conflict, NotFound
from common.http import check_if_match
from common.messaging.outbox import Outbox
from registry.mechanisms import domain, repository
from registry.mechanisms.repository import membership_order
from registry.mechanisms.schemas import MechanismCreate, MechanismUpdate, MembersAdd
from registry.members.domain import check_names_kept
from registry.models import Mechanism, MechanismMembership
from registry.state import mechanism_state


async def get_mechanism(session: AsyncSession, code: str) -> Mechanism:
    mechanism = await repository.get(session, code)
    if mechanism is None:
        raise NotFound(f"no mechanism with code {code}", field="code")
    return mechanism


async def _mechanism_for_change(session: AsyncSession, code: str, if_match: str | None) -> Mechanism:
    mechanism = await repository.get(session, code, for_update=True)
    if mechanism is None:
        raise NotFound(f"no mechanism with code {code}", field="code")
    check_if_match(if_match, mechanism.version)
    return mechanism


async def _check_expands(session: AsyncSession, code: str, expands_code: str) -> None:
    registered = expands_code != code and await repository.exists(session, expands_code)
    expands_of = await repository.expansions(session) if registered else {}
    domain.check_expands(code, expands_code, registered=registered, expands_of=expands_of)


async def _check_new_members(
    session: AsyncSession,
    existing: Sequence[MechanismMembership],
    codes: Sequence[str],
    joined_on: date | None,
) -> None:
    registered = await repository.registered_members(session, codes)
    domain.check_new_members(existing, codes, registered, joined_on)


async def register_mechanism(session: AsyncSession, outbox: Outbox, *, command: MechanismCreate) -> Mechanism:
    if await repository.exists(session, command.code):
        raise Conflict(f"mechanism {command.code} is already registered", field="code")
    if command.expands_code is not None:
        await _check_expands(session, command.code, command.expands_code)
    domain.check_founding_members(command.member_codes, command.joined_on)
    await _check_new_members(session, [], command.member_codes, command.joined_on)
    mechanism = Mechanism(
        code=command.code,
        names=command.names,
        agenda=command.agenda,
        nature=command.nature,
        participation=command.participation,
        declared_member_count=command.declared_member_count,
        expands_code=command.expands_code,
        version=1,
    )
    mechanism.memberships = [
        MechanismMembership(
            mechanism_code=command.code, member_code=c, joined_on=command.joined_on, left_on=None
        )
        for c in command.member_codes
    ]
    await repository.add(session, mechanism)
    mechanism.memberships.sort(key=membership_order)
    # The founding members are part of the registration, not MechanismMembersAdded. The roadmap derives
    # expansions from the memberships in the state: founders never count; a mechanism that expands another
    # counts its founders beyond the other's members.
    await outbox.record(
        session, MechanismRegistered(mechanism=mechanism_state(mechanism)), subject=mechanism.code
    )
    return mechanism


async def add_members(
    session: AsyncSession, outbox: Outbox, *, code: str, command: MembersAdd, if_match: str | None
) -> Mechanism:
    mechanism = await _mechanism_for_change(session, code, if_match)
    # Members added to a registered mechanism join on the day they are recorded unless told otherwise:
    # "from always" (a null date) fits the founding members the sources list undated, not a later
    # joiner, and the roadmap dates the mechanism's expansion by it.
    joined_on = command.joined_on or datetime.now(UTC).date()
    await _check_new_members(session, mechanism.memberships, command.member_codes, joined_on)
    mechanism.memberships.extend(
        MechanismMembership(mechanism_code=code, member_code=c, joined_on=joined_on, left_on=None)
        for c in command.member_codes
    )
    mechanism.version += 1
    await repository.save(session)
    # The new rows have their ids now: in the order the relationship loads them.
    mechanism.memberships.sort(key=membership_order)
    await outbox.record(
        session,
        MechanismMembersAdded(
            mechanism=mechanism_state(mechanism),
            added_member_codes=list(command.member_codes),
            joined_on=joined_on,
        ),
        subject=code,
    )
    return mechanism


async def update_mechanism(
    session: AsyncSession, outbox: Outbox, *, code: str, command: MechanismUpdate, if_match: str | None
) -> Mechanism:
    mechanism = await _mechanism_for_change(session, code, if_match)
    changes = command.model_dump(exclude_unset=True)
    check_names_kept(changes)
    expands_code = changes.get("expands_code")
    if expands_code is not None and expands_code != mechanism.expands_code:
        await repository.lock_expansions(session)
        await _check_expands(session, code, expands_code)
    for name, value in changes.items():
        setattr(mechanism, name, value)
    mechanism.version += 1
    await repository.save(session)
    await outbox.record(session, MechanismUpdated(mechanism=mechanism_state(mechanism)), subject=code)
    return mechanism


async def end_membership(
    session: AsyncSession,
    outbox: Outbox,
    *,
    code: str,
    member_code: str,
    left_on: date,
    if_match: str | None,
) -> Mechanism:
    """Ends the member's running membership on `left_on`; the row stays, so the history is never erased."""
    mechanism = await _mechanism_for_change(session, code, if_match)
    running = domain.running_membership(mechanism.memberships, code, member_code, left_on)
    running.left_on = left_on
    mechanism.version += 1
    await repository.save(session)
    await outbox.record(
        session,
        MechanismMembershipEnded(
            mechanism=mechanism_state(mechanism), member_code=member_code, left_on=left_on
        ),
        subject=code,
    )
    return mechanism
