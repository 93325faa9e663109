"""The facts the roadmap judges tracks by, kept from other services' events.

`HeldMeetingFact` comes from `meeting.held`; `MechanismExpansionFact` is derived from the latest state of
the registry's mechanisms (`expansions_of`). A fact has an id and a date; `distinct_facts` keeps one per
id and orders them by (date, id), the order every judgement walks in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from common.contracts.meetings import MeetingHeld
from common.contracts.registry import GOOD_STANDING, MechanismState


@dataclass(frozen=True)
class AttendeeFact:
    member_code: str
    kind: str
    status: str | None
    role: str

    def counts(self, member_kind: str | None, statuses: Iterable[str]) -> bool:
        """Observers and members not in good standing on the meeting date never count (issue 5)."""
        return (
            self.role != "observer"
            and self.status in GOOD_STANDING
            and self.status in set(statuses)
            and (member_kind is None or self.kind == member_kind)
        )


@dataclass(frozen=True)
class OutcomeFact:
    id: str
    type: str
    member_codes: tuple[str, ...]


@dataclass(frozen=True)
class HeldMeetingFact:
    meeting_id: str
    held_on: date
    issue_area_codes: tuple[str, ...]
    track: str
    level: str
    mechanism_code: str | None
    attendees: tuple[AttendeeFact, ...]
    outcomes: tuple[OutcomeFact, ...]
    version: int = 1

    @property
    def id(self) -> str:
        return self.meeting_id

    @property
    def on(self) -> date:
        return self.held_on

    @classmethod
    def normalised(
        cls,
        *,
        meeting_id: str,
        held_on: date,
        issue_area_codes: Iterable[str],
        track: str,
        level: str,
        mechanism_code: str | None,
        attendees: Iterable[AttendeeFact],
        outcomes: Iterable[OutcomeFact],
        version: int = 1,
    ) -> HeldMeetingFact:
        """A fact in one canonical form (sorted, de-duplicated), so equal meetings compare equal."""
        return cls(
            meeting_id=meeting_id,
            held_on=held_on,
            issue_area_codes=tuple(sorted(set(issue_area_codes))),
            track=track,
            level=level,
            mechanism_code=mechanism_code,
            attendees=tuple(sorted(attendees, key=lambda a: a.member_code)),
            outcomes=tuple(
                sorted(
                    (OutcomeFact(o.id, o.type, tuple(sorted(set(o.member_codes)))) for o in outcomes),
                    key=lambda o: o.id,
                )
            ),
            version=version,
        )

    @classmethod
    def from_event(cls, data: MeetingHeld) -> HeldMeetingFact:
        meeting = data.meeting
        return cls.normalised(
            meeting_id=meeting.meeting_id,
            held_on=data.held_on,
            issue_area_codes=meeting.issue_area_codes,
            track=meeting.track,
            level=meeting.level,
            mechanism_code=meeting.mechanism_code,
            attendees=(
                AttendeeFact(a.member_code, a.kind, a.status_on_meeting_date, a.role) for a in data.attendees
            ),
            outcomes=(OutcomeFact(o.id, o.type, tuple(o.member_codes)) for o in data.outcomes),
            version=meeting.version,
        )

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> HeldMeetingFact:
        """The fact from a `meeting.held` as stored (`MeetingHeld.model_dump(mode="json")`, validated
        when it arrived): read directly, since validating every stored meeting again on every event
        was most of what an event cost."""
        meeting = data["meeting"]
        return cls.normalised(
            meeting_id=meeting["meeting_id"],
            held_on=date.fromisoformat(data["held_on"]),
            issue_area_codes=meeting["issue_area_codes"],
            track=meeting["track"],
            level=meeting["level"],
            mechanism_code=meeting["mechanism_code"],
            attendees=(
                AttendeeFact(a["member_code"], a["kind"], a["status_on_meeting_date"], a["role"])
                for a in data["attendees"]
            ),
            outcomes=(OutcomeFact(o["id"], o["type"], tuple(o["member_codes"])) for o in data["outcomes"]),
            version=meeting["version"],
        )


@dataclass(frozen=True)
class MechanismExpansionFact:
    """Members a mechanism gained on `joined_on` beyond its founding (see `expansions_of`)."""

    id: str
    mechanism_code: str
    joined_on: date
    added_member_codes: tuple[str, ...]
    agenda: str | None
    version: int = 1

    @property
    def on(self) -> date:
        return self.joined_on


@dataclass(frozen=True)
class Membership:
    member_code: str
    joined_on: date | None
    left_on: date | None = None

    def in_force_on(self, day: date) -> bool:
        """As the registry says: a membership without a joining date counts from always."""
        joined = self.joined_on is None or self.joined_on <= day
        return joined and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class MechanismRecord:
    """What the roadmap keeps of a mechanism: its agenda, the mechanism it expands, its memberships."""

    code: str
    agenda: str | None
    expands_code: str | None
    memberships: tuple[Membership, ...]

    @classmethod
    def from_state(cls, state: MechanismState) -> MechanismRecord:
        return cls(
            code=state.code,
            agenda=state.agenda,
            expands_code=state.expands_code,
            memberships=tuple(
                sorted(
                    (Membership(m.member_code, m.joined_on, m.left_on) for m in state.memberships),
                    key=lambda m: (m.member_code, m.joined_on or date.min),
                )
            ),
        )

    def founded_on(self) -> date | None:
        """The earliest joining date: the founding. None while no membership is dated."""
        dated = [m.joined_on for m in self.memberships if m.joined_on is not None]
        return min(dated) if dated else None


def expansions_of(mechanisms: Iterable[MechanismRecord]) -> list[MechanismExpansionFact]:
    """The expansions the mechanisms' memberships show: "revitalising existing mechanisms".

    - A mechanism's founding members (those that joined on its earliest joining date, and those
      registered without a date, which the registry counts "from always") are not an expansion.
    - A member joining after the founding is: one fact per mechanism and joining date.
    - A mechanism that expands another (TRM+ -> TRM) gained, on its founding date, the founding members
      the expanded mechanism did not have on that date; while the expanded mechanism has no registered
      members (only a declared count), nobody can say who is new, and nothing counts.
    An expansion needs a date: a mechanism whose memberships carry none (the reference file gives none)
    shows no expansion; registering or importing it with `joined_on` does.

    Derived from the latest state of every mechanism, so the order the registry's events arrive in
    does not change the result.
    """
    by_code = {mechanism.code: mechanism for mechanism in mechanisms}
    facts: list[MechanismExpansionFact] = []
    for mechanism in by_code.values():
        founded = mechanism.founded_on()
        if founded is None:
            continue
        later: dict[date, set[str]] = {}
        for membership in mechanism.memberships:
            if membership.joined_on is not None and membership.joined_on > founded:
                later.setdefault(membership.joined_on, set()).add(membership.member_code)
        for day, codes in sorted(later.items()):
            facts.append(
                MechanismExpansionFact(
                    id=f"mechanism:{mechanism.code}:joined:{day.isoformat()}",
                    mechanism_code=mechanism.code,
                    joined_on=day,
                    added_member_codes=tuple(sorted(codes)),
                    agenda=mechanism.agenda,
                )
            )
        expanded = by_code.get(mechanism.expands_code or "")
        if expanded is None or not expanded.memberships:
            continue
        founders = {
            m.member_code for m in mechanism.memberships if m.joined_on is None or m.joined_on == founded
        }
        before = {m.member_code for m in expanded.memberships if m.in_force_on(founded)}
        beyond = founders - before
        if beyond:
            facts.append(
                MechanismExpansionFact(
                    id=f"mechanism:{mechanism.code}:expands:{expanded.code}",
                    mechanism_code=mechanism.code,
                    joined_on=founded,
                    added_member_codes=tuple(sorted(beyond)),
                    agenda=mechanism.agenda,
                )
            )
    return facts


Fact = HeldMeetingFact | MechanismExpansionFact


def distinct_facts(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per id (the highest version, then a fixed tie-break), sorted by (date, id)."""
    chosen: dict[str, Fact] = {}
    for fact in facts:
        kept = chosen.get(fact.id)
        if kept is None or (fact.version, repr(fact)) > (kept.version, repr(kept)):
            chosen[fact.id] = fact
    return sorted(chosen.values(), key=position)


def position(fact: Fact) -> tuple[date, str]:
    return (fact.on, fact.id)


@dataclass(frozen=True, order=True)
class StageStart:
    """Where a stage began: on `on`, after the fact `after_fact_id` (or at the start of that day)."""

    on: date
    after_fact_id: str | None = None

    @classmethod
    def beginning(cls) -> StageStart:
        return cls(on=date.min)

    def precedes(self, fact: Fact) -> bool:
        return position(fact) > (self.on, self.after_fact_id or "")
