"""Every query about mechanisms and their memberships."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from registry.models import Mechanism, MechanismMembership, Member


def _with_memberships() -> Select[tuple[Mechanism]]:
    return select(Mechanism).options(selectinload(Mechanism.memberships))


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> Mechanism | None:
    statement = _with_memberships().where(Mechanism.code == code)
    if for_update:
        # Serialises changes to one mechanism, so one member cannot join, or leave, twice concurrently.
        # FOR NO KEY UPDATE (the code never changes) still lets others reference the row: a concurrent
        # "X expands this one" takes its foreign-key lock here while waiting for `lock_expansions`, and
        # under FOR UPDATE the two would deadlock.
        statement = statement.with_for_update(of=Mechanism, key_share=True)
    return (await session.execute(statement)).scalar_one_or_none()


async def exists(session: AsyncSession, code: str) -> bool:
    return (await session.scalar(select(func.count()).where(Mechanism.code == code))) == 1


async def expansions(session: AsyncSession) -> dict[str, str]:
    """What each mechanism that expands another expands, by code: the chains an expansion must not close."""
    rows = await session.execute(
        select(Mechanism.code, Mechanism.expands_code).where(Mechanism.expands_code.is_not(None))
    )
    return {code: expands for code, expands in rows.tuples() if expands is not None}


async def lock_expansions(session: AsyncSession) -> None:
    """Serialises changes of what mechanisms expand until the transaction ends.

    Locking the changed mechanism is not enough: "TRM expands TRM+" and "TRM+ expands TRM" lock different
    rows, and each would check its chain before the other commits, so together they would form a cycle.
    """
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("registry.mechanism.expands"))))


async def page(
    session: AsyncSession, *, member: str | None, on: date, after: str | None, limit: int
) -> list[Mechanism]:
    statement = _with_memberships().order_by(Mechanism.code).limit(limit)
    if member:
        statement = statement.where(
            Mechanism.code.in_(
                select(MechanismMembership.mechanism_code).where(
                    MechanismMembership.member_code == member,
                    or_(MechanismMembership.joined_on.is_(None), MechanismMembership.joined_on <= on),
                    or_(MechanismMembership.left_on.is_(None), MechanismMembership.left_on > on),
                )
            )
        )
    if after:
        statement = statement.where(Mechanism.code > after)
    return list((await session.execute(statement)).scalars().all())


async def expanded_by(session: AsyncSession, codes: Iterable[str]) -> dict[str, list[str]]:
    """For each of `codes`, the mechanisms that expand it, by code."""
    rows = await session.execute(
        select(Mechanism.expands_code, Mechanism.code)
        .where(Mechanism.expands_code.in_(list(codes)))
        .order_by(Mechanism.code)
    )
    found: dict[str, list[str]] = {}
    for expanded, code in rows.all():
        found.setdefault(expanded, []).append(code)
    return found


async def registered_members(session: AsyncSession, codes: Iterable[str]) -> set[str]:
    """Those of `codes` that are registered members."""
    return set((await session.scalars(select(Member.code).where(Member.code.in_(list(codes))))).all())


async def add(session: AsyncSession, mechanism: Mechanism) -> None:
    session.add(mechanism)
    await session.flush()


async def save(session: AsyncSession) -> None:
    """Writes the changes made to the loaded mechanism and its memberships; nothing is read back, so the
    event's full state is built from what was loaded and changed (no reload after a write, issue #15)."""
    await session.flush()


def membership_order(membership: MechanismMembership) -> tuple[str, int]:
    """The order `Mechanism.memberships` loads in (a member who left and joined again has two rows)."""
    return membership.member_code, membership.id
