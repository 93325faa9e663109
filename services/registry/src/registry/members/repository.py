"""Every query about members, their status history and their contacts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row, Select, and_, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from registry.models import (
    Contact,
    MechanismMembership,
    Member,
    MemberStatus,
    MemberStatusCorrection,
    SupersededMemberStatus,
)


def _with_state() -> Select[tuple[Member]]:
    return select(Member).options(selectinload(Member.status_history), selectinload(Member.contacts))


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> Member | None:
    statement = _with_state().where(Member.code == code)
    if for_update:
        # Serialises changes to one member, so two status changes cannot both pass the ordering rule.
        statement = statement.with_for_update(of=Member)
    return (await session.execute(statement)).scalar_one_or_none()


async def exists(session: AsyncSession, code: str) -> bool:
    return (await session.scalar(select(func.count()).where(Member.code == code))) == 1


def status_on(day: date) -> Select[tuple[str, str, date]]:
    """Each member's status in force on `day`: the latest period that began on or before it."""
    return (
        select(MemberStatus.member_code, MemberStatus.status, MemberStatus.effective_from)
        .where(MemberStatus.effective_from <= day)
        .order_by(MemberStatus.member_code, MemberStatus.effective_from.desc(), MemberStatus.id.desc())
        .distinct(MemberStatus.member_code)
    )


async def page(
    session: AsyncSession,
    *,
    on: date,
    kind: str | None,
    status: str | None,
    mechanism: str | None,
    after: str | None,
    limit: int,
) -> list[Member]:
    """A page of members, with their history loaded: the status in force on `on` is read from it, as it
    is filtered here (`common.participation.in_force` and `status_on` agree on which period is in force)."""
    current = status_on(on).subquery()
    statement = (
        _with_state()
        .outerjoin(current, current.c.member_code == Member.code)
        .order_by(Member.code)
        .limit(limit)
    )
    if kind:
        statement = statement.where(Member.kind == kind)
    if status:
        statement = statement.where(current.c.status == status)
    if mechanism:
        statement = statement.where(
            Member.code.in_(
                select(MechanismMembership.member_code).where(
                    MechanismMembership.mechanism_code == mechanism,
                    or_(MechanismMembership.joined_on.is_(None), MechanismMembership.joined_on <= on),
                    or_(MechanismMembership.left_on.is_(None), MechanismMembership.left_on > on),
                )
            )
        )
    if after:
        statement = statement.where(Member.code > after)
    return list((await session.scalars(statement)).all())


async def add(session: AsyncSession, member: Member) -> None:
    session.add(member)
    await session.flush()


async def recording_time(session: AsyncSession) -> datetime:
    """The moment a change to a member's history is recorded, read after its row is locked.

    Not `now()`, the start of the transaction: a transaction that waited for the lock would otherwise
    record its change as earlier than the change it waited for, and `as_recorded` reads would see the
    two in the wrong order.
    """
    moment = await session.scalar(select(func.clock_timestamp()))
    assert isinstance(moment, datetime)
    return moment


async def history_as_recorded(
    session: AsyncSession, code: str, moment: datetime
) -> Sequence[Row[tuple[str, date, str]]]:
    """The member's periods (status, effective_from, reason) as recorded at `moment`, oldest first.

    A period's current version counts from its `recorded_at`; each superseded version counted from its
    own `recorded_at` until the correction that replaced or removed it.
    """
    current = select(MemberStatus.status, MemberStatus.effective_from, MemberStatus.reason).where(
        MemberStatus.member_code == code, MemberStatus.recorded_at <= moment
    )
    superseded = select(
        SupersededMemberStatus.status, SupersededMemberStatus.effective_from, SupersededMemberStatus.reason
    ).where(
        SupersededMemberStatus.member_code == code,
        SupersededMemberStatus.recorded_at <= moment,
        SupersededMemberStatus.superseded_at > moment,
    )
    both = union_all(current, superseded).subquery()
    rows = await session.execute(select(both).order_by(both.c.effective_from))
    return rows.all()


async def corrections(
    session: AsyncSession, code: str, *, until: datetime | None = None
) -> list[MemberStatusCorrection]:
    statement = select(MemberStatusCorrection).where(MemberStatusCorrection.member_code == code)
    if until is not None:
        statement = statement.where(MemberStatusCorrection.recorded_at <= until)
    return list(await session.scalars(statement.order_by(MemberStatusCorrection.recorded_at)))


async def add_correction(session: AsyncSession, correction: MemberStatusCorrection) -> None:
    session.add(correction)
    await session.flush()


async def supersede(
    session: AsyncSession, period: MemberStatus, *, correction: MemberStatusCorrection
) -> None:
    """Keeps the period's version in force until now, before the correction changes or removes it."""
    session.add(
        SupersededMemberStatus(
            period_id=period.id,
            member_code=period.member_code,
            status=period.status,
            effective_from=period.effective_from,
            reason=period.reason,
            recorded_by=period.recorded_by,
            recorded_at=period.recorded_at,
            superseded_at=correction.recorded_at,
            correction_id=correction.id,
        )
    )
    await session.flush()


async def delete_status(session: AsyncSession, period: MemberStatus) -> None:
    await session.delete(period)
    await session.flush()


async def get_contact(session: AsyncSession, member_code: str, contact_id: uuid.UUID) -> Contact | None:
    return (
        await session.execute(
            select(Contact).where(and_(Contact.member_code == member_code, Contact.id == contact_id))
        )
    ).scalar_one_or_none()


async def delete_contact(session: AsyncSession, contact: Contact) -> None:
    await session.delete(contact)
    await session.flush()


async def save(session: AsyncSession) -> None:
    """Writes the changes made to the loaded member, its history and contacts; nothing is read back, so
    the event's full state is built from what was loaded and changed (no reload after a write, issue #15)."""
    await session.flush()


def holds_history(member: Member, periods: Sequence[MemberStatus]) -> None:
    """What the member's history now holds (after a correction: a period moved or removed), in the order
    it loads in, as if loaded: setting it changes nothing in the database."""
    ordered = sorted(periods, key=lambda p: (p.effective_from, p.id))
    set_committed_value(member, "status_history", ordered)


def holds_contacts(member: Member, contacts: Sequence[Contact]) -> None:
    """What the member's contacts now are (after one was removed), as if loaded."""
    set_committed_value(member, "contacts", list(contacts))
