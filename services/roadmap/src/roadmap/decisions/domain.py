"""The rules of a decision: how it moves a track (`decided`), when it may be dated
(`check_decision_date`), when a traditional issue area may open (`opening_rule`, `check_opening_stage`),
and who must agree (`consensus`).

Consensus, as the seed's principles mean it ("consensus-based agenda expansion", "ownership by all
participants", "open participation"): observers watch rather than decide, and the DPRK may join at any
stage, from which day it is a party. The parties to a decision are the states whose status on the
decision's date is `participant`: every one of them must be among `agreed_by`, and nobody else may be
(an unknown code, a member that is not a state, or a state that is not participating on that date is
refused by name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from common.errors import Conflict, RuleViolated
from common.participation import StatusSince, status_on
from roadmap.criteria.document import CriteriaDocument, IssueAreaOpening
from roadmap.facts import StageStart
from roadmap.models import KnownIssueArea
from roadmap.tracks.domain import Origin, Position, stage_order


def decided(
    document: CriteriaDocument, track: str, stored: Position, *, kind: str, on: date, decision_id: str
) -> Position:
    """The position a decision leaves: advance / move_back go one stage on / back (409 at either end)
    and criteria count from that stage and the decision's date; hold keeps the stage and stops criteria
    until a later advance or move_back."""
    stored = stored.known_to(document)
    if kind == "hold":
        return Position(
            stage=stored.stage,
            since=stored.since,
            origin=Origin(stage=stored.stage, start=stored.since, key=decision_id),
            held=True,
        )
    stages = [stage.code for stage in document.ordered_stages()]
    position = stages.index(stored.stage)
    if kind == "advance":
        if position + 1 >= len(stages):
            raise Conflict(f"track {track!r} is at the last stage, {stored.stage!r}", field="kind")
        target = stages[position + 1]
    else:
        if position == 0:
            raise Conflict(f"track {track!r} is at the first stage, {stored.stage!r}", field="kind")
        target = stages[position - 1]
    start = StageStart(on=on)
    return Position(stage=target, since=start, origin=Origin(stage=target, start=start, key=decision_id))


def check_decision_date(decided_on: date, *, today: date, last_change: date | None, what: str) -> None:
    """A decision is dated no later than today and no earlier than the last change of what it judges,
    so every rule is judged as of `decided_on` on the record as it stood then, and the history of a
    track reads in date order."""
    if decided_on > today:
        raise RuleViolated(f"decided_on {decided_on} is in the future (today is {today})", field="decided_on")
    if last_change is not None and decided_on < last_change:
        raise Conflict(
            f"decided_on {decided_on} is before the last change of {what} ({last_change}); "
            "a decision cannot rewrite what was recorded after it",
            field="decided_on",
            last_change=last_change.isoformat(),
        )


# --- Opening a traditional issue area ------------------------------------------------------------


def opening_rule(document: CriteriaDocument, code: str, area: KnownIssueArea | None) -> IssueAreaOpening:
    """What an opening of `code` must meet, from the criteria in force; refused unless `area` is a
    traditional, locked area the roadmap knows (422) and the criteria say how one opens (409)."""
    if area is None:
        raise RuleViolated(f"issue area {code!r} is not known to the roadmap", field="issue_area_code")
    if area.kind != "traditional" or area.open:
        raise RuleViolated(
            f"issue area {code!r} is not a locked traditional area (kind {area.kind}, open {area.open})",
            field="issue_area_code",
        )
    if document.opening is None:
        raise Conflict(
            f"criteria version {document.version} does not say when an issue area opens (`opening`); "
            "adopt a version that does",
            field="issue_area_code",
        )
    return document.opening


def check_opening_stage(document: CriteriaDocument, rule: IssueAreaOpening, reached: str, on: date) -> None:
    """The track standing for the initiative as a whole must stand at the rule's stage, or beyond, on
    the decision's date (409)."""
    if stage_order(document, reached) < stage_order(document, rule.stage):
        raise Conflict(
            f"track {rule.track!r} (the initiative as a whole) is at {reached!r} on {on}; "
            f"an issue area opens only from the {rule.stage!r} stage",
            field="issue_area_code",
            stage=reached,
            required_stage=rule.stage,
        )


# --- Consensus -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A member as the roadmap knows it: its kind and its participation status over time."""

    code: str
    kind: str
    status_history: tuple[tuple[date, str], ...]

    def status_on(self, day: date) -> str | None:
        return status_on((StatusSince(status, since) for since, status in self.status_history), day)


def parties_on(members: Iterable[Party], day: date) -> list[str]:
    """The parties to a consensus on `day`: the states whose status then is `participant`."""
    return sorted(m.code for m in members if m.kind == "state" and m.status_on(day) == "participant")


def consensus(agreed_by: Sequence[str], members: Mapping[str, Party], on: date) -> list[str]:
    """Checks that `agreed_by` is the consensus of the parties on `on`; returns it sorted.

    422 naming each code that is not a party (unknown, not a state, or not participating on that date);
    409 naming every party that is missing.
    """
    parties = set(parties_on(members.values(), on))
    refused = []
    for code in sorted(set(agreed_by)):
        member = members.get(code)
        if member is None:
            refused.append({"code": code, "reason": "not a known member"})
        elif member.kind != "state":
            refused.append({"code": code, "reason": f"a {member.kind}, not a state"})
        elif code not in parties:
            status = member.status_on(on) or "no status"
            refused.append({"code": code, "reason": f"{status} on {on}, not a participant"})
    if refused:
        named = ", ".join(f"{r['code']} ({r['reason']})" for r in refused)
        raise RuleViolated(
            f"agreed_by names members that are not parties to a consensus on {on}: {named}",
            field="agreed_by",
            refused=refused,
        )
    missing = sorted(parties - set(agreed_by))
    if missing:
        raise Conflict(
            f"every state participating on {on} must agree; missing: {', '.join(missing)}",
            field="agreed_by",
            missing=missing,
        )
    return sorted(set(agreed_by))
