"""Rules of a mechanism: what it may expand, who may join it and when, who leaves, and what it counts.

A mechanism expands at most one other (TRM+ expands TRM) and never, through others, itself. Its members
join and leave over time; a membership is never erased, so a member that left keeps its period, and a
new one may not overlap it. Everything here works on plain values: the service reads them from the
tables, asks, and records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Literal, Protocol, TypeVar

from common.errors import Conflict, NotFound, RuleViolated


class Membership(Protocol):
    """A member's period in a mechanism: from `joined_on` (None: from always) until `left_on` (None: still
    a member), the day it is no longer one."""

    @property
    def member_code(self) -> str: ...

    @property
    def joined_on(self) -> date | None: ...

    @property
    def left_on(self) -> date | None: ...


M = TypeVar("M", bound=Membership)


def current_memberships(memberships: Iterable[M], on: date) -> list[M]:
    """Memberships in force on `on`; one without a joined date counts from always."""
    return [
        m
        for m in memberships
        if (m.joined_on is None or m.joined_on <= on) and (m.left_on is None or m.left_on > on)
    ]


def member_count(
    memberships: Sequence[Membership], declared_member_count: int | None, on: date
) -> tuple[int, Literal["registered", "declared"]]:
    """Registered members win over a declared count as soon as any are registered: the declared figure
    only stands in where the sources give a number but no list (ARF: 27)."""
    if memberships or declared_member_count is None:
        return len(current_memberships(memberships, on)), "registered"
    return declared_member_count, "declared"


def check_expands(code: str, expands_code: str, *, registered: bool, expands_of: Mapping[str, str]) -> None:
    """`code` may expand `expands_code` if that is another registered mechanism (`registered`) which does
    not already expand `code`, directly or through others (`expands_of`: what each mechanism expands):
    TRM+ expands TRM, so TRM cannot expand TRM+."""
    if expands_code == code:
        raise RuleViolated("a mechanism cannot expand itself", field="expands_code")
    if not registered:
        raise RuleViolated(
            f"mechanism {expands_code} is not registered; register it first", field="expands_code"
        )
    chain = [expands_code]
    while (expanded := expands_of.get(chain[-1])) is not None and expanded not in chain:
        chain.append(expanded)
        if expanded == code:
            raise RuleViolated(
                f"{expands_code} already expands {code} ({' -> '.join(chain)}), so {code} cannot expand it",
                field="expands_code",
                expansion_chain=chain,
            )


def check_founding_members(member_codes: Sequence[str], joined_on: date | None) -> None:
    """A registration's `joined_on` is the day its founding members joined: it means nothing without them."""
    if joined_on is not None and not member_codes:
        raise RuleViolated("joined_on dates member_codes; give them too or leave it out", field="joined_on")


def check_new_members(
    existing: Iterable[Membership], codes: Sequence[str], registered: Collection[str], joined_on: date | None
) -> None:
    """The members joining on `joined_on` are each listed once, registered (`registered`: those of `codes`
    the registry has), and not members already: a new period may not overlap one they have."""
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise RuleViolated(f"listed more than once: {', '.join(repeated)}", field="member_codes")
    unknown = sorted(set(codes) - set(registered))
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


def running_membership(memberships: Sequence[M], code: str, member_code: str, left_on: date) -> M:
    """The membership of `member_code` in mechanism `code` that leaving on `left_on` ends: the one still
    running (404 if none, naming when it left), which it cannot leave before joining (422)."""
    running = next((m for m in memberships if m.member_code == member_code and m.left_on is None), None)
    if running is None:
        left = sorted(m.left_on for m in memberships if m.member_code == member_code and m.left_on)
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
    return running
