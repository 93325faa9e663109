"""The roadmap service's tables: the facts it keeps of other services' events, the issue areas and
mechanisms it knows, the versioned criteria documents, and each track's stage and history."""

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


class MechanismExpansion(Base):
    """A `mechanism.members_added` event: one fact per mechanism version (`mechanism:<code>@<version>`)."""

    __tablename__ = "mechanism_expansions"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    mechanism_code: Mapped[str] = mapped_column(Text, index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    added_member_codes: Mapped[list[str]] = mapped_column(JSONB)
    # The agenda the event carried; the newest known agenda of the mechanism wins when judging.
    issue_area_codes: Mapped[list[str]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer)


class KnownMechanism(Base):
    __tablename__ = "known_mechanisms"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    agenda: Mapped[str | None] = mapped_column(Text)
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
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class StageChange(Base):
    """One advancement of a track, with the explanation its `stage_advanced` event carried."""

    __tablename__ = "stage_history"
    __table_args__ = (UniqueConstraint("roadmap_code", "track", "to_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    roadmap_code: Mapped[str] = mapped_column(Text, index=True)
    track: Mapped[str] = mapped_column(Text)
    from_stage: Mapped[str] = mapped_column(Text)
    to_stage: Mapped[str] = mapped_column(Text)
    advanced_on: Mapped[date] = mapped_column(Date)
    completed_by: Mapped[str] = mapped_column(Text)
    criteria_version: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
