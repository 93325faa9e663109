"""Rules of a member: where it belongs (its parent), and its participation history over time.

A status change only appends a period from a date on (`check_status_change`). When the recorded past
itself is wrong (a period with the wrong status, the wrong start, or one that never was), an
administrator corrects that one period with a reason (`service.correct_status`); `check_correction` says
whether the corrected history is still a history. Everything here works on plain values: the service
reads them from the tables, asks, and records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from common.errors import Conflict, NotFound, RuleViolated
from registry.members.schemas import StatusCorrection


@dataclass(frozen=True)
class Period:
    status: str
    effective_from: date


def check_parent(code: str | None, kind: str, parent_code: str | None, parent_kind: str | None) -> None:
    """A local government belongs to a state: its parent, a registered member (`parent_kind` is None when
    it is not registered) of kind `state`, and never the member itself (`code`; None when registering)."""
    if parent_code is None:
        if kind == "local_government":
            raise RuleViolated("a local government belongs to a state: give parent_code", field="parent_code")
        return
    if parent_code == code:
        raise RuleViolated("a member cannot be its own parent", field="parent_code")
    if parent_kind is None:
        raise RuleViolated(f"parent member {parent_code} is not registered", field="parent_code")
    if parent_kind != "state":
        raise RuleViolated(f"parent {parent_code} is not a state", field="parent_code")


def check_names_kept(changes: Mapping[str, object]) -> None:
    """An edit may change the names but not remove them: every member has an English name."""
    if "names" in changes and changes["names"] is None:
        raise RuleViolated("names cannot be removed; an English name is required", field="names")


def check_status_change(code: str, last: Period | None, status: str, effective_from: date) -> None:
    """A change appends a period after the last one, to a status other than the one in force (409s).

    Dating it earlier would rewrite the past, which is a correction with a reason, not a change: the
    refusal says where corrections go.
    """
    if last is None:
        return
    if effective_from < last.effective_from:
        raise Conflict(
            f"{code} has been {last.status} since {last.effective_from}; a change cannot be dated earlier. "
            f"To correct a mistaken history, an administrator posts the period, the correction and a reason "
            f"to /v1/members/{code}/status/corrections",
            field="effective_from",
            current_status=last.status,
            current_since=last.effective_from.isoformat(),
            corrections=f"/v1/members/{code}/status/corrections",
        )
    if status == last.status:
        raise Conflict(
            f"{code} is already {last.status} (since {last.effective_from})",
            field="status",
            current_status=last.status,
        )


def check_correction(history: Sequence[Period], command: StatusCorrection) -> tuple[int, Period | None]:
    """Which period the command corrects and what it becomes (None: removed), if the corrected history
    is still a history: periods strictly ordered by date, each a change from the one before.

    Mistakes in the command alone are 422s; a correction that would break the history around the
    period is a 409, like a status change that contradicts the current history.
    """
    if command.remove and (command.status is not None or command.effective_from is not None):
        raise RuleViolated("remove a period or correct it, not both", field="remove")
    if not command.remove and command.status is None and command.effective_from is None:
        raise RuleViolated(
            "give the corrected status or effective_from, or remove the period", field="status"
        )
    index = next(
        (i for i, p in enumerate(history) if p.effective_from == command.period_effective_from), None
    )
    if index is None:
        raise NotFound(
            f"no period begins on {command.period_effective_from}; the history has "
            + (", ".join(str(p.effective_from) for p in history) or "no periods"),
            field="period_effective_from",
        )
    before = history[index - 1] if index > 0 else None
    after = history[index + 1] if index + 1 < len(history) else None

    if command.remove:
        if before is None and after is None:
            raise Conflict(
                "the only period cannot be removed: a member has a status from its registration on; "
                "correct its status or effective_from instead",
                field="remove",
            )
        if before is not None and after is not None and before.status == after.status:
            raise Conflict(
                f"removing it would leave two {before.status} periods in a row (from {before.effective_from} "
                f"and {after.effective_from}); remove the one from {after.effective_from} first",
                field="remove",
            )
        return index, None

    current = history[index]
    corrected = Period(
        status=command.status or current.status,
        effective_from=command.effective_from or current.effective_from,
    )
    if corrected == current:
        field = "status" if command.status is not None else "effective_from"
        raise RuleViolated("the correction changes nothing: the period is recorded so already", field=field)
    # A period keeps its place between its neighbours: moving it past one would reorder the history,
    # which is a removal and a new change, not a correction of this period.
    if before is not None and corrected.effective_from <= before.effective_from:
        raise Conflict(
            f"the period must begin after the one before it ({before.status} from {before.effective_from})",
            field="effective_from",
        )
    if after is not None and corrected.effective_from >= after.effective_from:
        raise Conflict(
            f"the period must begin before the one after it ({after.status} from {after.effective_from})",
            field="effective_from",
        )
    for neighbour in (before, after):
        if neighbour is not None and neighbour.status == corrected.status:
            raise Conflict(
                f"the period next to it ({neighbour.effective_from}) is already {corrected.status}: "
                "a period is a change of status; remove this one instead",
                field="status",
            )
    return index, corrected
