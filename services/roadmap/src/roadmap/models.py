"""The roadmap service's tables: the held meetings it keeps of other services' events, the issue areas,
mechanisms and members it knows, the versioned criteria documents, and each track's stage and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Integer, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class HeldMeeting(Base):
    """A `meeting.held` event as received (its data, as JSON); of two versions the higher one is kept."""

    __tablename__ = "held_meetings"

    meeting_id: Mapped[str] = mapped_column(Text, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    issue_area_codes: Mapped[list[str]] = mapped_column(JSONB)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer)


class KnownMechanism(Base):
    """A mechanism as the registry's latest event carries it: its expansions are derived from this
    (roadmap.facts.expansions_of), whatever order the events came in."""

    __tablename__ = "known_mechanisms"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    agenda: Mapped[str | None] = mapped_column(Text)
    expands_code: Mapped[str | None] = mapped_column(Text, default=None)
    # [{"member_code", "joined_on", "left_on"}], as `MechanismState.memberships`.
    memberships: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
    version: Mapped[int] = mapped_column(Integer)


class KnownIssueArea(Base):
    """Issue areas the registry announced: each gets a track (unless the criteria exclude it)."""

    __tablename__ = "known_issue_areas"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    open: Mapped[bool] = mapped_column()
    version: Mapped[int] = mapped_column(Integer)


class CriteriaVersion(Base):
    """One version of a roadmap's criteria document; the highest version is in force."""

    __tablename__ = "criteria_documents"

    roadmap_code: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSONB)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TrackRecord(Base):
    """A track's current stage. No row yet means the track is at the first stage, since the beginning."""

    __tablename__ = "tracks"

    roadmap_code: Mapped[str] = mapped_column(Text, primary_key=True)
    track: Mapped[str] = mapped_column(Text, primary_key=True)
    current_stage: Mapped[str] = mapped_column(Text)
    since: Mapped[date | None] = mapped_column(Date)
    # The fact that completed the stage: a `since_stage_began` window holds only facts after it.
    since_after: Mapped[str | None] = mapped_column(Text)
    criteria_version: Mapped[int] = mapped_column(Integer)
    # Where criteria count from: the stage and date the last advance / move_back decision set (issue 5,
    # item 4), or the first stage since the beginning when both are null.
    origin_stage: Mapped[str | None] = mapped_column(Text, default=None)
    origin_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The fact after which criteria count, when the origin is where criteria had taken the track.
    origin_after: Mapped[str | None] = mapped_column(Text, default=None)
    # The decision that set the origin ("" / null: none); it also keys the history lines counted from it.
    origin_decision: Mapped[str | None] = mapped_column(Text, default=None)
    # A `hold` decision: criteria do not advance the track until a later advance or move_back decision.
    held: Mapped[bool] = mapped_column(default=False, server_default="false")
    # The day of the last judgement: facts dated after it were not known to it (null: never judged).
    judged_on: Mapped[date | None] = mapped_column(Date, default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class StageChange(Base):
    """One line of a track's history. `kind`:
    - `advanced`: criteria were met, with the explanation its `stage_advanced` event carried;
    - `decision`: a recorded decision (advance, hold, move_back), `completed_by` its id, with its
      justification;
    - `criteria_adopted`: a new criteria version re-evaluated the track (`to_stage` where it stands).
    `origin` is what the line counts from (the decision that set the track's origin, "" for the beginning,
    `criteria@<version>` for an adoption): an advancement is recorded once per origin.
    """

    __tablename__ = "stage_history"
    __table_args__ = (UniqueConstraint("roadmap_code", "track", "to_stage", "origin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    roadmap_code: Mapped[str] = mapped_column(Text, index=True)
    track: Mapped[str] = mapped_column(Text)
    from_stage: Mapped[str] = mapped_column(Text)
    to_stage: Mapped[str] = mapped_column(Text)
    advanced_on: Mapped[date] = mapped_column(Date)
    completed_by: Mapped[str] = mapped_column(Text)
    criteria_version: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    kind: Mapped[str] = mapped_column(Text, default="advanced", server_default="advanced")
    origin: Mapped[str] = mapped_column(Text, default="", server_default="")
    decision_id: Mapped[str | None] = mapped_column(Text, default=None)
    justification: Mapped[str | None] = mapped_column(Text, default=None)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Decision(Base):
    """A recorded consensus decision (issue 5, item 4), announced as `decision.recorded`."""

    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    roadmap_code: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(Text)
    track: Mapped[str | None] = mapped_column(Text)
    issue_area_code: Mapped[str | None] = mapped_column(Text)
    agreed_by: Mapped[list[str]] = mapped_column(JSONB)
    justification: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    from_stage: Mapped[str | None] = mapped_column(Text)
    to_stage: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class KnownMember(Base):
    """The registry's members as their events carry them: who must agree to open an issue area."""

    __tablename__ = "known_members"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    status_history: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer)
