"""The meeting's lifecycle as an explicit state machine, and the rules that are more than a few lines.

planned -> confirmed -> held; planned or confirmed -> postponed (new dates, a reason) or cancelled (a
reason); postponed -> confirmed, postponed again, or cancelled. `held` and `cancelled` are final
(issue 4, "Lifecycle"). Who may be invited, and what recording a meeting as held requires (`Holding`),
are decided here on plain values the service reads from its tables. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from common.contracts.meetings import Attendance, Level, MeetingStatus
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


def check_invitations(invitations: Sequence[tuple[str, str]], existing: Collection[str], prefix: str) -> None:
    """Each (member code, role) invited is someone new, invited once, and not as the host: the host is set
    at scheduling. One already a participant is a 409; the other mistakes are the body's (422)."""
    seen: set[str] = set()
    for i, (member_code, role) in enumerate(invitations):
        field = f"{prefix}.{i}.member_code"
        if role == "host":
            raise RuleViolated(
                "the host is the meeting's host_code; invite others with another role",
                field=f"{prefix}.{i}.role",
            )
        if member_code in existing:
            raise Conflict(f"{member_code} is already a participant", field=field)
        if member_code in seen:
            raise RuleViolated(f"{member_code} is invited twice", field=field)
        seen.add(member_code)


def check_invitable(invited: Sequence[tuple[str, str]], statuses: Mapping[str, str | None], on: date) -> None:
    """Each (member code, field) names a member the registry copy knows (a key of `statuses`, its status
    on `on`) and that is not barred on that day."""
    for code, field in invited:
        if code not in statuses:
            raise RuleViolated(f"member {code} is not known to the registry", field=field, member_code=code)
        check_not_barred(code, statuses[code], on, field=field)


def check_issue_areas(codes: Sequence[str], open_by_code: Mapping[str, bool]) -> list[str]:
    """The issue areas once each, if every one is known to the registry copy (a key of `open_by_code`)
    and open."""
    unique = list(dict.fromkeys(codes))
    for code in unique:
        if code not in open_by_code:
            raise RuleViolated(
                f"issue area {code} is not known to the registry",
                field="issue_area_codes",
                issue_area_code=code,
            )
        if not open_by_code[code]:
            # Traditional areas open only by the roadmap's consensus decision, announced by the registry.
            raise RuleViolated(
                f"issue area {code} is locked until a consensus decision opens it",
                field="issue_area_codes",
                issue_area_code=code,
            )
    return unique


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


@dataclass(frozen=True)
class Presence:
    """One participant's presence as the host records it: listed in `attendance`, or absent."""

    member_code: str
    attendance: Attendance
    delegation_level: Level | None = None


@dataclass(frozen=True)
class Holding:
    """A confirmed meeting being recorded as held (issue 4, item 4), with the guards that record passes.

    `roles` holds every participant's role by member code, as invited; `held_on` is the meeting's date.
    Each guard raises the problem the partner reads (422, naming the field) and records nothing; the
    service runs them in order and writes only once all have passed.
    """

    host_code: str
    roles: Mapping[str, str]
    held_on: date

    def check_date(self, today: date) -> None:
        """A meeting is recorded as held from its date on, never ahead of it (`today` where it meets)."""
        if self.held_on > today:
            raise RuleViolated(
                f"the meeting's date {self.held_on.isoformat()} is in the future; record it as held from "
                "that day on",
                field="starts_at",
            )

    def presences(self, listed: Sequence[Presence]) -> dict[str, Presence]:
        """Every participant's presence: as listed, or absent when not listed. Each member listed must be
        a participant, listed once, and the host must have attended its meeting."""
        seen: set[str] = set()
        for i, entry in enumerate(listed):
            field = f"attendance.{i}.member_code"
            if entry.member_code not in self.roles:
                raise RuleViolated(f"{entry.member_code} was not invited to this meeting", field=field)
            if entry.member_code in seen:
                raise RuleViolated(f"{entry.member_code} is listed twice", field=field)
            seen.add(entry.member_code)
        if not any(e.member_code == self.host_code and e.attendance == "attended" for e in listed):
            raise RuleViolated(
                f"the host {self.host_code} must attend its meeting",
                field="attendance",
                member_code=self.host_code,
            )
        by_member = {entry.member_code: entry for entry in listed}
        return {code: by_member.get(code, Presence(code, "absent")) for code in self.roles}

    def standings(self, attended: Collection[str], statuses: Mapping[str, str | None]) -> dict[str, Standing]:
        """Each attendee's standing: its role, and its status on the meeting's date from the registry copy
        (`statuses`, by member code). Invited members were known, and a copy never forgets one; a member
        missing from it is refused rather than guessed."""
        standing: dict[str, Standing] = {}
        for code in sorted(attended):
            if code not in statuses:
                raise RuleViolated(f"member {code} is not known to the registry", field="attendance")
            standing[code] = Standing(code, self.roles[code], statuses[code])
        return standing

    def check_outcomes(
        self, member_codes_by_outcome: Sequence[Sequence[str]], standing: Mapping[str, Standing]
    ) -> None:
        """Outcomes are signed or supported by attendees in good standing only (`check_outcome_members`)."""
        check_outcome_members(member_codes_by_outcome, standing, self.held_on)
