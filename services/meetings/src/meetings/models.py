"""The meetings service's tables: meetings, their participants and outcomes, and its read models of the
registry's members, mechanisms and issue areas (fed by events; validation reads them, never the registry).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from common.participation import periods_of, status_on


class Base(DeclarativeBase):
    pass


class KnownMember(Base):
    __tablename__ = "known_members"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    names: Mapped[dict[str, str]] = mapped_column(JSONB)
    # [{"status": ..., "effective_from": "YYYY-MM-DD", "reason": ...}], oldest first, as the registry sent it.
    status_history: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer)

    def status_on(self, day: date) -> str | None:
        return status_on(periods_of(self.status_history), day)


class KnownMechanism(Base):
    __tablename__ = "known_mechanisms"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSONB)
    # [{"member_code": ..., "joined_on": "YYYY-MM-DD" | null, "left_on": ...}], as the registry sent them.
    memberships: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    version: Mapped[int] = mapped_column(Integer)


class KnownIssueArea(Base):
    __tablename__ = "known_issue_areas"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSONB)
    kind: Mapped[str] = mapped_column(Text)
    open: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    title: Mapped[dict[str, str]] = mapped_column(JSONB)
    mechanism_code: Mapped[str | None] = mapped_column(Text, index=True)
    issue_area_codes: Mapped[list[str]] = mapped_column(JSONB)
    track: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(Text)
    host_code: Mapped[str] = mapped_column(Text, index=True)
    city: Mapped[str] = mapped_column(Text)
    country_code: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    time_zone: Mapped[str] = mapped_column(Text)
    documents: Mapped[list[str]] = mapped_column(JSONB, default=list)
    status: Mapped[str] = mapped_column(Text, index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    held_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    scheduled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    # Bytewise ("C"), whatever the database's collation: the order a write keeps its new participants in
    # (sorted in Python) is the order a read loads them in.
    participants: Mapped[list[Participant]] = relationship(
        lazy="raise", order_by=lambda: Participant.member_code.collate("C")
    )
    outcomes: Mapped[list[OutcomeRecord]] = relationship(lazy="raise", order_by="OutcomeRecord.position")


class Participant(Base):
    __tablename__ = "participants"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    member_code: Mapped[str] = mapped_column(Text, primary_key=True, index=True)
    role: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text, default="invited")
    attendance: Mapped[str | None] = mapped_column(Text)
    delegation_level: Mapped[str | None] = mapped_column(Text)


class OutcomeRecord(Base):
    __tablename__ = "outcomes"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    member_codes: Mapped[list[str]] = mapped_column(JSONB)


class MemberEngagement(Base):
    """A member's engagement as last judged (meetings.analytics): a judgement that differs from it is a
    change, announced once; one that does not is nothing."""

    __tablename__ = "member_engagements"

    member_code: Mapped[str] = mapped_column(Text, primary_key=True)
    engagement: Mapped[str] = mapped_column(Text)
    last_meeting_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    last_attended_on: Mapped[date | None] = mapped_column(Date)
    judged_on: Mapped[date] = mapped_column(Date)
    rule_version: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
