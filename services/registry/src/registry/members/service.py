"""Use cases for members: registration, edits, participation status over time and its corrections,
contacts.

Each change bumps the member's version and records an event carrying the member's full state in the
caller's transaction. Nothing here commits.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.contracts.registry import (
    MemberContactsChanged,
    MemberRegistered,
    MemberStatusChanged,
    MemberStatusCorrected,
    MemberUpdated,
    StatusPeriod,
)
from common.errors import Conflict, NotFound
from common.http import check_if_match
from common.messaging.outbox import Outbox
from registry.members import domain, repository
from registry.members.schemas import (
    ContactCreate,
    ContactUpdate,
    MemberCreate,
    MemberUpdate,
    StatusChange,
    StatusCorrection,
)
from registry.models import Contact, Member, MemberStatus, MemberStatusCorrection
from registry.state import member_state


def today() -> date:
    return datetime.now(UTC).date()


async def get_member(session: AsyncSession, code: str) -> Member:
    member = await repository.get(session, code)
    if member is None:
        raise NotFound(f"no member with code {code}", field="code")
    return member


async def _member_for_change(session: AsyncSession, code: str, if_match: str | None) -> Member:
    # Who may change the member was decided before the request was validated (members/api.py).
    member = await repository.get(session, code, for_update=True)
    if member is None:
        raise NotFound(f"no member with code {code}", field="code")
    check_if_match(if_match, member.version)
    return member


async def _check_parent(session: AsyncSession, code: str | None, kind: str, parent_code: str | None) -> None:
    parent = None if parent_code in (None, code) else await repository.get(session, parent_code)
    domain.check_parent(code, kind, parent_code, parent.kind if parent is not None else None)


async def register_member(
    session: AsyncSession, outbox: Outbox, *, command: MemberCreate, recorded_by: str
) -> Member:
    if await repository.exists(session, command.code):
        raise Conflict(f"member {command.code} is already registered", field="code")
    await _check_parent(session, None, command.kind, command.parent_code)
    member = Member(
        code=command.code,
        kind=command.kind,
        names=command.names,
        parent_code=command.parent_code,
        role_note=command.role_note,
        version=1,
        status_history=[
            MemberStatus(
                member_code=command.code,
                status=command.status,
                effective_from=command.status_effective_from or today(),
                reason=command.status_reason,
                recorded_by=recorded_by,
            )
        ],
        contacts=[],
    )
    await repository.add(session, member)
    await outbox.record(session, MemberRegistered(member=member_state(member)), subject=member.code)
    return member


async def update_member(
    session: AsyncSession, outbox: Outbox, *, code: str, command: MemberUpdate, if_match: str | None
) -> Member:
    member = await _member_for_change(session, code, if_match)
    changes = command.model_dump(exclude_unset=True)
    domain.check_names_kept(changes)
    if "parent_code" in changes:
        await _check_parent(session, code, member.kind, changes["parent_code"])
    for name, value in changes.items():
        setattr(member, name, value)
    member.version += 1
    await repository.save(session)
    await outbox.record(session, MemberUpdated(member=member_state(member)), subject=member.code)
    return member


async def change_status(
    session: AsyncSession,
    outbox: Outbox,
    *,
    principal: Principal,
    code: str,
    command: StatusChange,
    if_match: str | None,
) -> Member:
    member = await _member_for_change(session, code, if_match)
    last = member.status_history[-1] if member.status_history else None
    domain.check_status_change(
        code,
        domain.Period(last.status, last.effective_from) if last else None,
        command.status,
        command.effective_from,
    )
    # The ordering rule puts the new period last: where the history, ordered by its start, loads it.
    member.status_history.append(
        MemberStatus(
            member_code=code,
            status=command.status,
            effective_from=command.effective_from,
            reason=command.reason,
            recorded_by=principal.client_id,
            recorded_at=await repository.recording_time(session),
        )
    )
    member.version += 1
    await repository.save(session)
    await outbox.record(
        session,
        MemberStatusChanged(
            member=member_state(member),
            previous_status=last.status if last else None,
            status=command.status,
            effective_from=command.effective_from,
            reason=command.reason,
        ),
        subject=code,
    )
    return member


async def correct_status(
    session: AsyncSession,
    outbox: Outbox,
    *,
    principal: Principal,
    code: str,
    command: StatusCorrection,
    if_match: str | None,
) -> Member:
    """Corrects or removes one recorded period, keeping its version until now readable (`as_recorded`)."""
    member = await _member_for_change(session, code, if_match)
    periods: list[MemberStatus] = list(member.status_history)
    index, corrected = domain.check_correction(
        [domain.Period(p.status, p.effective_from) for p in periods], command
    )
    period = periods[index]
    before = StatusPeriod.model_validate(
        {"status": period.status, "effective_from": period.effective_from, "reason": period.reason}
    )
    after = (
        None
        if corrected is None
        else before.model_copy(
            update={"status": corrected.status, "effective_from": corrected.effective_from}
        )
    )

    correction = MemberStatusCorrection(
        id=uuid.uuid4(),
        member_code=code,
        period_before=before.model_dump(mode="json"),
        period_after=after.model_dump(mode="json") if after else None,
        reason=command.reason,
        recorded_by=principal.client_id,
        recorded_at=await repository.recording_time(session),
    )
    await repository.add_correction(session, correction)
    await repository.supersede(session, period, correction=correction)
    if corrected is None:
        await repository.delete_status(session, period)
        periods.remove(period)
    else:
        period.status = corrected.status
        period.effective_from = corrected.effective_from
        period.recorded_by = principal.client_id
        period.recorded_at = correction.recorded_at
    member.version += 1
    await repository.save(session)
    repository.holds_history(member, periods)
    await outbox.record(
        session,
        MemberStatusCorrected(
            member=member_state(member),
            correction_id=str(correction.id),
            period_before=before,
            period_after=after,
            reason=command.reason,
            corrected_by=principal.client_id,
        ),
        subject=code,
    )
    return member


async def add_contact(session: AsyncSession, outbox: Outbox, *, code: str, command: ContactCreate) -> Contact:
    member = await _member_for_change(session, code, None)
    contact = Contact(id=uuid.uuid4(), member_code=code, **command.model_dump())
    member.contacts.append(contact)
    await repository.save(session)
    # Its `created_at` came back with the INSERT: in the order contacts load (by creation).
    member.contacts.sort(key=lambda c: c.created_at)
    await _contacts_changed(session, outbox, member)
    return contact


async def update_contact(
    session: AsyncSession, outbox: Outbox, *, code: str, contact_id: uuid.UUID, command: ContactUpdate
) -> Contact:
    member = await _member_for_change(session, code, None)
    contact = await _contact(session, code, contact_id)
    for name, value in command.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(contact, name, value)
    await _contacts_changed(session, outbox, member)
    return contact


async def remove_contact(session: AsyncSession, outbox: Outbox, *, code: str, contact_id: uuid.UUID) -> None:
    member = await _member_for_change(session, code, None)
    contact = await _contact(session, code, contact_id)
    await repository.delete_contact(session, contact)
    repository.holds_contacts(member, [c for c in member.contacts if c.id != contact_id])
    await _contacts_changed(session, outbox, member)


async def _contact(session: AsyncSession, code: str, contact_id: uuid.UUID) -> Contact:
    contact = await repository.get_contact(session, code, contact_id)
    if contact is None:
        raise NotFound(f"member {code} has no contact {contact_id}", field="contact_id")
    return contact


async def _contacts_changed(session: AsyncSession, outbox: Outbox, member: Member) -> None:
    member.version += 1
    await repository.save(session)
    await outbox.record(session, MemberContactsChanged(member=member_state(member)), subject=member.code)
