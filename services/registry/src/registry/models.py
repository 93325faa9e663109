"""The registry's tables (SQLAlchemy 2 typed mappings). Relationships are never lazy: load on purpose."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    names: Mapped[dict[str, str]] = mapped_column(JSONB)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("members.code"))
    role_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    status_history: Mapped[list[MemberStatus]] = relationship(
        lazy="raise", order_by="MemberStatus.effective_from, MemberStatus.id"
    )
    contacts: Mapped[list[Contact]] = relationship(lazy="raise", order_by="Contact.created_at")


class MemberStatus(Base):
    """One period of participation as the history now stands.

    A status change appends a period. Only an administrator's correction rewrites or removes one, and
    it first copies the period as it was into `superseded_member_statuses`, so nothing is erased.
    `recorded_at` is when this version of the period was recorded.
    """

    __tablename__ = "member_statuses"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    member_code: Mapped[str] = mapped_column(ForeignKey("members.code"), index=True)
    status: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MemberStatusCorrection(Base):
    """An administrator's correction of one period of a member's history: who, when, why, before, after."""

    __tablename__ = "member_status_corrections"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    member_code: Mapped[str] = mapped_column(ForeignKey("members.code"), index=True)
    # {"status", "effective_from", "reason"}, as in the event's StatusPeriod.
    period_before: Mapped[dict[str, str]] = mapped_column(JSONB)
    period_after: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SupersededMemberStatus(Base):
    """A version of a period that a correction replaced or removed, kept to answer the history as it was
    recorded at any moment: it was the record from `recorded_at` until `superseded_at`."""

    __tablename__ = "superseded_member_statuses"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    period_id: Mapped[int] = mapped_column(BigInteger, doc="The member_statuses row it was a version of")
    member_code: Mapped[str] = mapped_column(ForeignKey("members.code"), index=True)
    status: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    correction_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member_status_corrections.id"))


class Contact(Base):
    """A focal point of a member; the notifications service uses contacts as subscribers."""

    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    member_code: Mapped[str] = mapped_column(ForeignKey("members.code"), index=True)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(Text)
    preferred_language: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Mechanism(Base):
    __tablename__ = "mechanisms"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSONB)
    agenda: Mapped[str | None] = mapped_column(Text)
    nature: Mapped[str | None] = mapped_column(Text)
    participation: Mapped[str | None] = mapped_column(Text)
    declared_member_count: Mapped[int | None] = mapped_column(Integer)
    expands_code: Mapped[str | None] = mapped_column(ForeignKey("mechanisms.code"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    memberships: Mapped[list[MechanismMembership]] = relationship(
        # Bytewise ("C"), whatever the database's collation, as a write sorts them in Python.
        lazy="raise",
        order_by=lambda: (MechanismMembership.member_code.collate("C"), MechanismMembership.id),
    )


class MechanismMembership(Base):
    """A member's period in a mechanism; `left_on` is set when it leaves, the row stays."""

    __tablename__ = "mechanism_memberships"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    mechanism_code: Mapped[str] = mapped_column(ForeignKey("mechanisms.code"), index=True)
    member_code: Mapped[str] = mapped_column(ForeignKey("members.code"), index=True)
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


class IssueArea(Base):
    __tablename__ = "issue_areas"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSONB)
    kind: Mapped[str] = mapped_column(Text)
    open: Mapped[bool] = mapped_column(Boolean)
    opened_by_decision: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ApiClient(Base):
    """A partner's credentials. Only a hash of the secret is kept; the secret is shown once."""

    __tablename__ = "api_clients"

    client_id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    member_code: Mapped[str | None] = mapped_column(ForeignKey("members.code"))
    scopes: Mapped[list[str]] = mapped_column(JSONB)
    secret_hash: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
