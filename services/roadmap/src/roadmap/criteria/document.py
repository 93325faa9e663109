"""Declarative, versioned advancement criteria: the data that says when a roadmap track moves on.

A criteria document is data (JSON validated by `criteria.schema.json`), never code (issue 5, item 2):

    {"roadmap_code": "NAPCI", "version": 1,
     "stages": [{"code": "gain_support", "order": 1, "name": "..."}, ...],
     "tracks": {"per_issue_area": true, "exclude_issue_areas": [...], "explicit": [...]},
     "advancement": {"accumulate_practice": <criterion>, "solid_framework": <criterion>}}

`advancement[S]` is the criterion a track must meet to advance INTO stage S from the stage before it;
the first stage has none. Criteria are a union discriminated on `kind`, combined by `all_of` / `any_of`.

Two different "tracks" meet here: a roadmap *track* is a line of progress (one per issue area, such as
nuclear_safety, or an explicit one such as the initiative as a whole); a meeting filter's `tracks` are
diplomatic tracks ("1" governmental, "1.5", "2"), as in `common.contracts.meetings.Track`.

Observers and members not in good standing on the meeting date never count where a criterion counts
members (attending members, participants, members behind outcomes): the statuses a criterion may name
are only those of `GOOD_STANDING`, and the evaluation drops attendees with the role `observer`.

This module is the document's model and the tracks it defines (`track_scopes`); refusing a document that
fails it, or names what the roadmap does not know, is `roadmap.criteria.domain`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

from common.contracts.meetings import Level, Track

# The statuses of `common.contracts.registry.GOOD_STANDING`, spelled out so the schema can enumerate
# them; a test keeps the two equal.
GoodStandingStatus = Literal["participant", "supporter", "partner"]
GOOD_STANDING_STATUSES: tuple[GoodStandingStatus, ...] = ("participant", "supporter", "partner")


class _Spec(BaseModel):
    # A typo in a criteria document must be refused, not ignored: unlike event data, extra is forbidden.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stage(_Spec):
    code: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    order: PositiveInt
    name: str = Field(min_length=1)


class TrackSpec(_Spec):
    """An explicit roadmap track and the meetings (and mechanisms) that belong to it."""

    code: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    issue_areas: list[str] = Field(
        default_factory=list, description="Meetings on any of these issue areas belong to the track"
    )
    untagged: bool = Field(
        default=False,
        description="Meetings tagged with no issue area (events read from older topics) belong",
    )
    levels: list[Level] = Field(
        default_factory=list,
        description="Meetings at any of these levels belong, whatever their issue areas (summits on the "
        "initiative itself: the meetings service asks every meeting for at least one issue area)",
    )

    @model_validator(mode="after")
    def _scopes_something(self) -> TrackSpec:
        if not self.issue_areas and not self.untagged and not self.levels:
            raise ValueError("a track needs issue_areas, levels or untagged")
        return self


class Tracks(_Spec):
    per_issue_area: bool = Field(
        default=True, description="One track per known issue area, coded as the area, scoped to its meetings"
    )
    exclude_issue_areas: list[str] = Field(
        default_factory=list, description="Issue areas that get no track of their own (e.g. locked ones)"
    )
    explicit: list[TrackSpec] = Field(default_factory=list)


# A century: longer windows mean nothing for a roadmap, and one reaching back before year 1 would make the
# evaluation's date arithmetic overflow (OverflowError: a 500 wherever a track is judged).
MAX_WINDOW_DAYS = 36_500


class Rolling(_Spec):
    days: PositiveInt = Field(le=MAX_WINDOW_DAYS)


class RollingWindow(_Spec):
    """Facts dated in the `days` days up to and including the day of evaluation."""

    rolling: Rolling


SinceStageBegan = Literal["since_stage_began"]
Window = SinceStageBegan | RollingWindow


class MinAttending(_Spec):
    """At least `count` members of `member_kind` (any kind if absent) attended in one of `statuses`."""

    count: PositiveInt
    member_kind: str | None = None
    statuses: list[GoodStandingStatus] = Field(default_factory=lambda: list(GOOD_STANDING_STATUSES))


class MeetingFilter(_Spec):
    """Which held meetings count; every field narrows, an empty list means any. Always within the track."""

    issue_areas: list[str] = Field(default_factory=list, description="Any of these issue areas")
    tracks: list[Track] = Field(default_factory=list, description="Diplomatic tracks: 1, 1.5, 2")
    mechanisms: list[str] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)
    min_attending: MinAttending | None = None


class MeetingsHeld(_Spec):
    kind: Literal["meetings_held"]
    count: PositiveInt
    filter: MeetingFilter = Field(default_factory=MeetingFilter)
    window: Window = "since_stage_began"


class DistinctParticipants(_Spec):
    kind: Literal["distinct_participants"]
    count: PositiveInt
    member_kind: str | None = None
    statuses: list[GoodStandingStatus] = Field(default_factory=lambda: list(GOOD_STANDING_STATUSES))
    filter: MeetingFilter = Field(default_factory=MeetingFilter)
    window: Window = "since_stage_began"


class Outcomes(_Spec):
    """At least `count` outcomes of `types`, behind which stand at least `distinct_members` members.

    A member stands behind an outcome when it is among the outcome's members and attended the meeting in
    good standing, not as an observer.
    """

    kind: Literal["outcomes"]
    count: PositiveInt
    types: list[str] = Field(min_length=1)
    distinct_members: PositiveInt = 1
    member_kind: str | None = None
    statuses: list[GoodStandingStatus] = Field(default_factory=lambda: list(GOOD_STANDING_STATUSES))
    filter: MeetingFilter = Field(default_factory=MeetingFilter)
    window: Window = "since_stage_began"


class Regularity(_Spec):
    """Matching meetings held in at least `count` distinct periods: the seed's "on a regular basis"."""

    kind: Literal["regularity"]
    count: PositiveInt
    periods: Literal["year", "quarter"]
    filter: MeetingFilter = Field(default_factory=MeetingFilter)
    window: Window = "since_stage_began"


class MechanismExpansion(_Spec):
    """Mechanisms of the track gained at least `count` members: "revitalising existing mechanisms".

    A mechanism belongs to a track when its agenda is one of the track's issue areas (never through
    `untagged` or `levels`, which place meetings). What an expansion is (roadmap.evaluation,
    `expansions_of`): a member joining a mechanism after its founding, on its joining date; and, for a
    mechanism that `expands` another (TRM+ -> TRM), its founding members that the expanded mechanism did
    not have, on the founding date. A mechanism's founding members are never an expansion.
    """

    kind: Literal["mechanism_expansion"]
    count: PositiveInt = 1
    mechanism_codes: list[str] = Field(default_factory=list, description="Any mechanism if empty")
    window: Window = "since_stage_began"


class AllOf(_Spec):
    kind: Literal["all_of"]
    criteria: list[Criterion] = Field(min_length=1)


class AnyOf(_Spec):
    kind: Literal["any_of"]
    criteria: list[Criterion] = Field(min_length=1)


Criterion = Annotated[
    MeetingsHeld | DistinctParticipants | Outcomes | Regularity | MechanismExpansion | AllOf | AnyOf,
    Field(discriminator="kind"),
]
LeafCriterion = MeetingsHeld | DistinctParticipants | Outcomes | Regularity | MechanismExpansion

AllOf.model_rebuild()
AnyOf.model_rebuild()


class IssueAreaOpening(_Spec):
    """When a traditional issue area may open: the seed's "consensus-based agenda expansion", from the
    framework stage of the initiative as a whole. The track named here must stand at `stage` (or beyond)
    on the decision's date; who must agree is not configurable: every state participating that day."""

    track: str = Field(
        min_length=1,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="The track that stands for the initiative as a whole (napci)",
    )
    stage: str = Field(min_length=1, description="The stage that track must have reached")


class CriteriaDocument(_Spec):
    """One version of a roadmap's advancement criteria."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Roadmap criteria",
        json_schema_extra={"$id": "criteria.schema.json"},
    )

    roadmap_code: str = Field(min_length=1)
    version: PositiveInt
    stages: list[Stage] = Field(min_length=1)
    tracks: Tracks = Field(default_factory=Tracks)
    advancement: dict[str, Criterion] = Field(
        description="Stage code -> the criterion to advance INTO that stage from the one before"
    )
    opening: IssueAreaOpening | None = Field(
        default=None,
        description="When a locked traditional issue area may open by decision; without it, none may",
    )

    @model_validator(mode="after")
    def _stages_are_distinct(self) -> CriteriaDocument:
        codes = [stage.code for stage in self.stages]
        orders = [stage.order for stage in self.stages]
        if len(set(codes)) != len(codes):
            raise ValueError("stage codes must be distinct")
        if len(set(orders)) != len(orders):
            raise ValueError("stage orders must be distinct")
        return self

    def ordered_stages(self) -> list[Stage]:
        return sorted(self.stages, key=lambda stage: stage.order)

    def first_stage(self) -> str:
        return self.ordered_stages()[0].code

    def next_stage(self, current: str) -> str | None:
        """The stage after `current`, or None at the last one. Raises KeyError for an unknown stage."""
        codes = [stage.code for stage in self.ordered_stages()]
        position = codes.index(current) if current in codes else None
        if position is None:
            raise KeyError(current)
        return codes[position + 1] if position + 1 < len(codes) else None


@dataclass(frozen=True)
class TrackScope:
    """The meetings and mechanisms a roadmap track looks at."""

    code: str
    issue_areas: frozenset[str]
    untagged: bool
    levels: frozenset[str] = frozenset()

    def covers(self, issue_area_codes: Iterable[str], level: str | None = None) -> bool:
        """Whether a held meeting on these areas, at this level, belongs to the track."""
        if level is not None and level in self.levels:
            return True
        codes = set(issue_area_codes)
        return bool(codes & self.issue_areas) if codes else self.untagged

    def covers_mechanism(self, agenda: str | None) -> bool:
        """Whether a mechanism with this agenda belongs: only through the track's issue areas, so a
        mechanism without an agenda belongs to no track (not even one that takes untagged meetings)."""
        return agenda is not None and agenda in self.issue_areas


def _explicit_scope(spec: TrackSpec) -> TrackScope:
    return TrackScope(
        code=spec.code,
        issue_areas=frozenset(spec.issue_areas),
        untagged=spec.untagged,
        levels=frozenset(spec.levels),
    )


def track_scopes(document: CriteriaDocument, known_issue_areas: Iterable[str]) -> list[TrackScope]:
    """Every track of the document: explicit ones, then one per issue area if asked for.

    `known_issue_areas` are the areas that may have a track: callers pass the open ones, so a locked
    traditional area has no track (nothing advances it) until a consensus decision opens it.
    """
    scopes = [_explicit_scope(track) for track in document.tracks.explicit]
    if document.tracks.per_issue_area:
        taken = {scope.code for scope in scopes} | set(document.tracks.exclude_issue_areas)
        scopes += [
            TrackScope(code=area, issue_areas=frozenset({area}), untagged=False)
            for area in sorted(set(known_issue_areas) - taken)
        ]
    return scopes


def track_scope(document: CriteriaDocument, track: str) -> TrackScope:
    """The scope of one track, by code. Raises KeyError when the document has no such track."""
    for spec in document.tracks.explicit:
        if spec.code == track:
            return _explicit_scope(spec)
    if document.tracks.per_issue_area and track not in document.tracks.exclude_issue_areas:
        return TrackScope(code=track, issue_areas=frozenset({track}), untagged=False)
    raise KeyError(track)
