"""The meeting's lifecycle as an explicit state machine, and the rules that are more than a few lines.

planned -> confirmed -> held; planned or confirmed -> postponed (new dates, a reason) or cancelled (a
reason); postponed -> confirmed, postponed again, or cancelled. `held` and `cancelled` are final
(issue 4, "Lifecycle"). Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from common.contracts.meetings import MeetingStatus
from common.contracts.registry import GOOD_STANDING
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


@dataclass(frozen=True)
class Standing:
    """An attendee as the outcome rule sees it: its role at the meeting and its participation status on the
    meeting's date, read from the service's own copy of the registry (None: no status yet on that day)."""

    member_code: str
    role: str
    status: str | None

    @property
    def decides(self) -> bool:
        """Signs or supports outcomes. Standing decides, not the invitation: an observer by status invited
        as a participant still only watches, and an observer by role never decides whatever its status.
        The roadmap counts the same attendees (README, "The default criteria")."""
        return self.role != "observer" and self.status in GOOD_STANDING

    def why_not(self, on: date) -> str:
        if self.role == "observer":
            return f"{self.member_code} attends as an observer"
        if self.status is None:
            return f"{self.member_code} has no participation status on {on.isoformat()}"
        return f"{self.member_code} is {self.status} on {on.isoformat()}"

    def problem(self) -> dict[str, Any]:
        return {"member_code": self.member_code, "role": self.role, "status_on_meeting_date": self.status}


def check_outcome_members(
    member_codes_by_outcome: Sequence[Sequence[str]], attendees: Mapping[str, Standing], on: date
) -> None:
    """Each outcome is signed (or, for `support_expressed`, supported) only by members that attended and
    were in good standing on the meeting's date: participant, supporter or partner by status, and not an
    observer by role. NAPCI's principles (`roadmap.principles` of shared/domain/nea-reference.json) are
    "open participation" and "ownership by all participants": anyone may be invited and attend, but
    observers watch rather than decide (issue 11). A refusal is a 422 naming the outcome's
    `member_codes` and, for standing, listing every member at fault with its role and status that day.
    """
    for i, member_codes in enumerate(member_codes_by_outcome):
        field = f"outcomes.{i}.member_codes"
        for code in member_codes:
            if code not in attendees:
                raise RuleViolated(
                    f"{code} did not attend, so cannot sign or support", field=field, member_code=code
                )
        if len(set(member_codes)) != len(member_codes):
            raise RuleViolated("a member is listed twice", field=field)
        at_fault = [attendees[code] for code in member_codes if not attendees[code].decides]
        if at_fault:
            reasons = "; ".join(member.why_not(on) for member in at_fault)
            raise RuleViolated(
                f"only attendees in good standing on the meeting date ({', '.join(sorted(GOOD_STANDING))}, "
                f"not attending as observers) sign or support: {reasons}",
                field=field,
                member_code=at_fault[0].member_code,
                not_in_good_standing=[member.problem() for member in at_fault],
            )
