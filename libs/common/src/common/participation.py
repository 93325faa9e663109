"""A member's participation over time: which status was in force on a given day.

The registry answers it from its own periods, and every service that keeps a copy of a member answers
it from the `status_history` of the member's last event (`common.contracts.registry.MemberState`). All of
them ask here, so "the status on a date" means one thing across the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar


class Period(Protocol):
    """One period of a status history: the status, in force from `effective_from` until the next one."""

    @property
    def status(self) -> str: ...

    @property
    def effective_from(self) -> date: ...


P = TypeVar("P", bound=Period)


@dataclass(frozen=True)
class StatusSince:
    """A period as a copy keeps it: the status and its first day, without the reason."""

    status: str
    effective_from: date


def periods_of(stored: Iterable[Mapping[str, Any]]) -> list[StatusSince]:
    """The periods of a `status_history` kept as JSON, as a copy stores the member's event."""
    return [StatusSince(str(p["status"]), date.fromisoformat(p["effective_from"])) for p in stored]


def in_force(history: Iterable[P], day: date) -> P | None:
    """The period in force on `day`: the latest that began on or before it; none before the first.

    A period counts from its first day. Two periods may begin on the same day (a status changed twice
    that day); the one recorded later wins, as in the registry (`members.repository.status_on` orders by
    the period's id). The history is oldest first as recorded, so the sort is stable on the date alone.
    A corrected history is simply the history as it now stands: the correction replaced the period.
    """
    current: P | None = None
    for period in sorted(history, key=lambda p: p.effective_from):
        if period.effective_from > day:
            break
        current = period
    return current


def status_on(history: Iterable[Period], day: date) -> str | None:
    """The status in force on `day`, or None when the member had no status yet."""
    period = in_force(history, day)
    return period.status if period is not None else None
