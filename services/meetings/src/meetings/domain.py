"""The meeting's lifecycle as an explicit state machine, and the rules that are more than a few lines.

planned -> confirmed -> held; planned or confirmed -> postponed (new dates, a reason) or cancelled (a
reason); postponed -> confirmed, postponed again, or cancelled. `held` and `cancelled` are final
(issue 4, "Lifecycle"). Nothing here touches the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from common.contracts.meetings import MeetingStatus
from common.errors import Conflict, RuleViolated

TRANSITIONS: dict[str, tuple[MeetingStatus, ...]] = {
    "planned": ("confirmed", "postponed", "cancelled"),
    "confirmed": ("held", "postponed", "cancelled"),
    "postponed": ("confirmed", "postponed", "cancelled"),
    "held": (),
    "cancelled": (),
}
FINAL: frozenset[str] = frozenset(s for s, allowed in TRANSITIONS.items() if not allowed)

# Participation statuses that bar a member from a meeting on that date (issue 4, item 5).
BARRED_STATUSES: frozenset[str] = frozenset({"suspended", "withdrawn"})


def check_transition(current: str, target: MeetingStatus) -> None:
    """Refuses a transition the lifecycle does not have, naming the ones it does (409)."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        options = ", ".join(allowed) if allowed else f"none: {current} is final"
        raise Conflict(
            f"a {current} meeting cannot become {target}; allowed: {options}",
            field="status",
            current_status=current,
            allowed=list(allowed),
        )


def check_open_for_changes(current: str) -> None:
    """Details and participants change until the meeting is held or cancelled (409 after)."""
    if current in FINAL:
        raise Conflict(
            f"the meeting is {current}; its details and participants no longer change",
            field="status",
            current_status=current,
            allowed=[],
        )


def check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at < starts_at:
        raise RuleViolated(
            f"the meeting ends ({ends_at.isoformat()}) before it starts ({starts_at.isoformat()})",
            field="ends_at",
        )


def meeting_date(starts_at: datetime, time_zone: str) -> date:
    """The meeting's date is the day it starts where it takes place: statuses are read on that day."""
    return starts_at.astimezone(ZoneInfo(time_zone)).date()


def today_in(time_zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(time_zone)).date()


def check_not_barred(member_code: str, status: str | None, on: date, *, field: str) -> None:
    if status in BARRED_STATUSES:
        raise RuleViolated(
            f"{member_code} is {status} on the meeting date {on.isoformat()} and cannot take part",
            field=field,
            member_code=member_code,
            status_on_meeting_date=status,
        )
