"""Use cases for mechanisms: registration, edits, members joining and leaving over time, and the counts
partners read.

Each change bumps the mechanism's version and records an event carrying its full state in the caller's
transaction. Memberships are never deleted: a member that leaves keeps its row with `left_on` set, so
"who belonged to TRM in 2015" stays answerable. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import (
    MechanismMembersAdded,
    MechanismMembershipEnded,
    MechanismRegistered,
    MechanismUpdated,
)
from common.errors import Conflict, NotFound, RuleViolated
from common.http import check_if_match
from common.messaging.outbox import Outbox
from registry.mechanisms import repository
from registry.mechanisms.schemas import MechanismCreate, MechanismUpdate, MembersAdd
from registry.models import Mechanism, MechanismMembership
from registry.state import mechanism_state


def current_memberships(mechanism: Mechanism, on: date) -> list[MechanismMembership]:
    """Memberships in force on `on`; one without a joined date counts from always."""
    return [
        m
        for m in mechanism.memberships
        if (m.joined_on is None or m.joined_on <= on) and (m.left_on is None or m.left_on > on)
    ]


def member_count(mechanism: Mechanism, on: date) -> tuple[int, Literal["registered", "declared"]]:
    """Registered members win over a declared count as soon as any are registered: the declared figure
    only stands in where the sources give a number but no list (ARF: 27)."""
    if mechanism.memberships or mechanism.declared_member_count is None:
        return len(current_memberships(mechanism, on)), "registered"
    return mechanism.declared_member_count, "declared"


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
    """`code` may expand `expands_code` if that is another registered mechanism which does not already
    expand `code`, directly or through others: TRM+ expands TRM, so TRM cannot expand TRM+."""
    if expands_code == code:
        raise RuleViolated("a mechanism cannot expand itself", field="expands_code")
    if not await repository.exists(session, expands_code):
        raise RuleViolated(
            f"mechanism {expands_code} is not registered; register it first", field="expands_code"
        )
    chain = [expands_code]
    while (expanded := await repository.expands_of(session, chain[-1])) is not None and expanded not in chain:
        chain.append(expanded)
        if expanded == code:
            raise RuleViolated(
                f"{expands_code} already expands {code} ({' -> '.join(chain)}), so {code} cannot expand it",
                field="expands_code",
                expansion_chain=chain,
            )


async def _check_new_members(
    session: AsyncSession,
    existing: Sequence[MechanismMembership],
    codes: Sequence[str],
    joined_on: date | None,
) -> None:
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise RuleViolated(f"listed more than once: {', '.join(repeated)}", field="member_codes")
    unknown = sorted(set(codes) - await repository.registered_members(session, codes))
    if unknown:
        raise RuleViolated(
            f"not registered members: {', '.join(unknown)}; register them first",
            field="member_codes",
            unknown_member_codes=unknown,
        )
    # A membership still running, or one that ended after the new joining date, would overlap the new one.
    # With no joining date the overlap cannot be ruled out, so an earlier membership blocks it too.
    already = sorted(
        {
            m.member_code
            for m in existing
            if m.member_code in codes and (m.left_on is None or joined_on is None or m.left_on > joined_on)
        }
    )
    if already:
        raise Conflict(
            f"already members of this mechanism: {', '.join(already)}",
            field="member_codes",
            current_member_codes=already,
        )


async def register_mechanism(session: AsyncSession, outbox: Outbox, *, command: MechanismCreate) -> Mechanism:
    if await repository.exists(session, command.code):
        raise Conflict(f"mechanism {command.code} is already registered", field="code")
    if command.expands_code is not None:
        await _check_expands(session, command.code, command.expands_code)
    if command.joined_on is not None and not command.member_codes:
        raise RuleViolated("joined_on dates member_codes; give them too or leave it out", field="joined_on")
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
    await repository.add(session, mechanism)
    await repository.add_memberships(
        session,
        (
            MechanismMembership(mechanism_code=command.code, member_code=c, joined_on=command.joined_on)
            for c in command.member_codes
        ),
    )
    mechanism = await repository.refresh_state(session, mechanism)
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
    await repository.add_memberships(
        session,
        (
            MechanismMembership(mechanism_code=code, member_code=c, joined_on=joined_on)
            for c in command.member_codes
        ),
    )
    mechanism.version += 1
    mechanism = await repository.refresh_state(session, mechanism)
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
    if "names" in changes and changes["names"] is None:
        raise RuleViolated("names cannot be removed; an English name is required", field="names")
    expands_code = changes.get("expands_code")
    if expands_code is not None and expands_code != mechanism.expands_code:
        await repository.lock_expansions(session)
        await _check_expands(session, code, expands_code)
    for name, value in changes.items():
        setattr(mechanism, name, value)
    mechanism.version += 1
    mechanism = await repository.refresh_state(session, mechanism)
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
    running = next(
        (m for m in mechanism.memberships if m.member_code == member_code and m.left_on is None), None
    )
    if running is None:
        left = sorted(m.left_on for m in mechanism.memberships if m.member_code == member_code and m.left_on)
        raise NotFound(
            f"{member_code} is not a member of {code}" + (f"; it left on {left[-1]}" if left else ""),
            field="member_code",
        )
    if running.joined_on is not None and left_on < running.joined_on:
        raise RuleViolated(
            f"{member_code} joined {code} on {running.joined_on}; it cannot leave before that",
            field="left_on",
            joined_on=running.joined_on.isoformat(),
        )
    running.left_on = left_on
    mechanism.version += 1
    mechanism = await repository.refresh_state(session, mechanism)
    await outbox.record(
        session,
        MechanismMembershipEnded(
            mechanism=mechanism_state(mechanism), member_code=member_code, left_on=left_on
        ),
        subject=code,
    )
    return mechanism
