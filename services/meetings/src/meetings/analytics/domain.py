"""The rules of co-participation and engagement, pure: no database, no clock.

The co-participation network is the members x meetings graph of attendance projected on the members
(networkx's `bipartite.weighted_projected_graph`): two members are linked by the meetings both attended,
weighted by how many. Each member's measures are networkx's: degree, weighted degree, and closeness
centrality (`nx.closeness_centrality`, Wasserman and Faust's variant, which stays meaningful when the
network falls apart into several components: https://networkx.org/documentation/stable/reference/
algorithms/generated/networkx.algorithms.centrality.closeness_centrality.html).

Engagement is judged from the meetings that count for a member (`counts_for`) against the declarative
thresholds of `engagement.json`, as of any day.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from networkx.algorithms import bipartite
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from common.contracts.meetings import Engagement

RULE_FILE = Path(__file__).with_name("engagement.json")
# The measure each member's `centrality` is; published in the OpenAPI text and the README.
CENTRALITY = "closeness"
CENTRALITY_DIGITS = 4


@dataclass(frozen=True)
class HeldMeeting:
    """A held meeting as the analytics read it: when, of which mechanism, and who attended."""

    id: str
    held_on: date
    mechanism_code: str | None
    attendees: frozenset[str]


@dataclass(frozen=True)
class MemberMeasures:
    code: str
    meetings: int
    degree: int
    weighted_degree: int
    centrality: float


@dataclass(frozen=True)
class Link:
    members: tuple[str, str]
    weight: int
    meetings: list[str]


@dataclass(frozen=True)
class Network:
    members: list[MemberMeasures]
    links: list[Link]
    least_attending: list[str]


@dataclass(frozen=True)
class YearOfGrowth:
    year: int
    meetings: int
    members: int
    links: int
    weight: int


Node = tuple[Literal["member", "meeting"], str]


def _attendance_graph(meetings: Iterable[HeldMeeting]) -> tuple[nx.Graph[Node], list[Node]]:
    graph: nx.Graph[Node] = nx.Graph()
    members: set[Node] = set()
    for meeting in meetings:
        node: Node = ("meeting", meeting.id)
        graph.add_node(node, bipartite=1)
        for code in meeting.attendees:
            members.add(("member", code))
            graph.add_node(("member", code), bipartite=0)
            graph.add_edge(("member", code), node)
    return graph, sorted(members)


def _projected(meetings: Iterable[HeldMeeting]) -> tuple[nx.Graph[Node], nx.Graph[Node]]:
    attendance, members = _attendance_graph(meetings)
    if not members:
        # networkx refuses to project a graph with nothing on either side; no meeting, no network.
        return attendance, nx.Graph()
    return attendance, bipartite.weighted_projected_graph(attendance, members)


def network(meetings: Sequence[HeldMeeting], *, members_of_filter: Iterable[str] = ()) -> Network:
    """The co-participation network of these meetings. Links are ordered strongest first (then by the
    members' codes), members by weighted degree, most first; `least_attending` lists every member of the
    filter (those that attended, those invited, the filtered mechanism's members), fewest attended
    meetings first."""
    attendance, projected = _projected(meetings)
    closeness: Mapping[Node, float] = nx.closeness_centrality(projected)
    measures = [
        MemberMeasures(
            code=node[1],
            meetings=attendance.degree(node),
            degree=projected.degree(node),
            weighted_degree=projected.degree(node, weight="weight"),
            centrality=round(closeness[node], CENTRALITY_DIGITS),
        )
        for node in projected.nodes
    ]
    measures.sort(key=lambda m: (-m.weighted_degree, -m.meetings, m.code))
    links = [
        Link(
            members=(min(a[1], b[1]), max(a[1], b[1])),
            weight=int(projected[a][b]["weight"]),
            meetings=sorted(node[1] for node in nx.common_neighbors(attendance, a, b)),
        )
        for a, b in projected.edges
    ]
    links.sort(key=lambda link: (-link.weight, link.members))
    attended = {m.code: m.meetings for m in measures}
    everyone = set(attended) | set(members_of_filter)
    least = sorted(everyone, key=lambda code: (attended.get(code, 0), code))
    return Network(members=measures, links=links, least_attending=least)


def growth(meetings: Sequence[HeldMeeting]) -> list[YearOfGrowth]:
    """The network as it stood at the end of each year, from the first meeting's year to the last's."""
    if not meetings:
        return []
    years = range(min(m.held_on.year for m in meetings), max(m.held_on.year for m in meetings) + 1)
    grown = []
    for year in years:
        held = [m for m in meetings if m.held_on.year <= year]
        _, projected = _projected(held)
        grown.append(
            YearOfGrowth(
                year=year,
                meetings=len(held),
                members=projected.number_of_nodes(),
                links=projected.number_of_edges(),
                weight=int(projected.size(weight="weight")),
            )
        )
    return grown


# --- Engagement ---------------------------------------------------------------------------------------


class EngagementRule(BaseModel):
    """`engagement.json`: the thresholds, versioned; the answer publishes them as they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    lapsing_after_months: int = Field(ge=1)
    lapsed_after_months: int = Field(ge=1)
    counts: str

    @model_validator(mode="after")
    def _lapsed_after_lapsing(self) -> EngagementRule:
        if self.lapsed_after_months <= self.lapsing_after_months:
            raise ValueError("lapsed_after_months must be longer than lapsing_after_months")
        return self


@cache
def rule() -> EngagementRule:
    return EngagementRule.model_validate(json.loads(RULE_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Membership:
    member_code: str
    joined_on: date | None
    left_on: date | None

    def in_force_on(self, day: date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or day < self.left_on
        )


def memberships_of(rows: Sequence[Mapping[str, Any]]) -> list[Membership]:
    """The memberships as the read model keeps them (the registry's JSON)."""
    return [
        Membership(
            member_code=str(row["member_code"]),
            joined_on=date.fromisoformat(row["joined_on"]) if row.get("joined_on") else None,
            left_on=date.fromisoformat(row["left_on"]) if row.get("left_on") else None,
        )
        for row in rows
    ]


def counts_for(code: str, meeting: HeldMeeting, memberships: Mapping[str, Sequence[Membership]]) -> bool:
    """Whether an attended meeting counts toward the member's engagement: the meetings of its mechanisms.
    A meeting of no mechanism (a summit) counts for whoever attended, and so does one of a mechanism whose
    members the registry does not list (it declares only a count): nothing says the member is a guest."""
    if code not in meeting.attendees:
        return False
    if meeting.mechanism_code is None:
        return True
    listed = memberships.get(meeting.mechanism_code, ())
    if not listed:
        return True
    return any(m.member_code == code and m.in_force_on(meeting.held_on) for m in listed)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day where it is shorter (31 March - 1: 28 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    if year < date.min.year:
        return date.min  # before the calendar begins: nothing held can be earlier
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Judgement:
    member_code: str
    engagement: Engagement
    last_attended: HeldMeeting | None
    justified_by: list[str]


def judge(
    code: str,
    meetings: Iterable[HeldMeeting],
    memberships: Mapping[str, Sequence[Membership]],
    as_of: date,
    thresholds: EngagementRule,
) -> Judgement:
    """The member's engagement on `as_of`, from the meetings held up to that day that count for it.

    Justified by the meetings that count within the lapsing threshold when active, else by the last one
    that counts; by nothing when none ever counted (lapsed)."""
    counted = sorted(
        (m for m in meetings if m.held_on <= as_of and counts_for(code, m, memberships)),
        key=lambda m: (m.held_on, m.id),
    )
    if not counted:
        return Judgement(code, "lapsed", None, [])
    last = counted[-1]
    lapsing_from = months_before(as_of, thresholds.lapsing_after_months)
    if last.held_on > lapsing_from:
        recent = [m.id for m in counted if m.held_on > lapsing_from]
        return Judgement(code, "active", last, recent)
    engagement: Engagement = (
        "lapsing" if last.held_on > months_before(as_of, thresholds.lapsed_after_months) else "lapsed"
    )
    return Judgement(code, engagement, last, [last.id])


_ENGAGEMENT: TypeAdapter[Engagement] = TypeAdapter(Engagement)


def engagement_of(stored: str) -> Engagement:
    """An engagement as stored, checked: a value the rules do not know is a bug, never a default."""
    return _ENGAGEMENT.validate_python(stored)


def changed(previous: str | None, judged: Judgement) -> bool:
    """A judgement is news only when it differs from the last one stored: the sweep is idempotent."""
    return previous != judged.engagement
