"""The notifications service's tables: its copy of the registry (members with their contacts, issue areas,
mechanisms), subscriptions, the events it notified about, one delivery per event and subscription with
its attempts, and the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Computed, DateTime, ForeignKey, Index, Integer, Text, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class KnownMember(Base):
    """A member as the registry's events carry it: who may be filtered on, and its contacts."""

    __tablename__ = "known_members"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    # [{id, name, email, preferred_language, role}]
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer)


class KnownIssueArea(Base):
    __tablename__ = "known_issue_areas"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class KnownMechanism(Base):
    __tablename__ = "known_mechanisms"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


def _filter_values(facet: str) -> Computed:
    # As PostgreSQL writes the expression back (pg_get_expr), so that autogenerate finds it unchanged.
    return Computed(f"subscription_filter(filters, '{facet}'::text)", persisted=True)


class Subscription(Base):
    """Who hears of which events, through which channel, in which language.

    `subscriber` groups a subscriber's channels: the member's code for a member's contact, or the API
    client's id. When a delivery dies, the subscriber's other subscriptions are told.
    """

    __tablename__ = "subscriptions"
    # Fan-out finds the active subscriptions that may hear of an event through this index: one `&&` per
    # filter (`subscriptions.repository.recipients_of`), all answered by one scan of it.
    __table_args__ = (
        Index(
            "subscriptions_matching",
            "match_event_types",
            "match_issue_areas",
            "match_members",
            "match_mechanisms",
            "match_tracks",
            postgresql_using="gin",
            postgresql_where=text("active"),
        ),
        Index("subscriptions_digest_due", "digest_due_at", postgresql_where="digest_due_at IS NOT NULL"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    subscriber: Mapped[str] = mapped_column(Text, index=True)
    member_code: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    # [{"secret": "whsec_...", "expires_at": iso or null}]: every unexpired secret signs (rotation overlap).
    secrets: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    email: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(Text)
    # Taken from the contact (none was given): a change of the contact in the registry changes them too.
    follows_contact_email: Mapped[bool] = mapped_column(default=False, server_default="false")
    follows_contact_language: Mapped[bool] = mapped_column(default=False, server_default="false")
    # {"event_types": [...], "issue_areas": [...], "members": [...], "mechanisms": [...], "tracks": [...]}
    filters: Mapped[dict[str, list[str]]] = mapped_column(JSONB)
    # Each filter as an array PostgreSQL keeps from `filters` (migration 0009), for the index above: its
    # values, or {*} when it has none, since an empty filter accepts every event. Only SQL reads them.
    match_event_types: Mapped[list[str]] = mapped_column(
        ARRAY(Text), _filter_values("event_types"), deferred=True
    )
    match_issue_areas: Mapped[list[str]] = mapped_column(
        ARRAY(Text), _filter_values("issue_areas"), deferred=True
    )
    match_members: Mapped[list[str]] = mapped_column(ARRAY(Text), _filter_values("members"), deferred=True)
    match_mechanisms: Mapped[list[str]] = mapped_column(
        ARRAY(Text), _filter_values("mechanisms"), deferred=True
    )
    match_tracks: Mapped[list[str]] = mapped_column(ARRAY(Text), _filter_values("tracks"), deferred=True)
    description: Mapped[str | None] = mapped_column(Text)
    # {"every", "at", "time_zone", "weekday"} (`digests.domain.Digest`): one message a day or a week
    # listing what matched; None (SQL NULL) for a message per event.
    digest: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    # When its next digest is due (the digest scheduler sends it then); None without a digest.
    digest_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    @property
    def secret_expirations(self) -> list[datetime | None]:
        """When each signing secret stops signing (None: never); the secrets themselves are never read."""
        return [
            datetime.fromisoformat(entry["expires_at"]) if entry.get("expires_at") else None
            for entry in self.secrets
        ]


class NotifiedEvent(Base):
    """An event the service fanned out, as received: the webhook body is built from it (CloudEvents
    structured mode) and `replay` matches subscriptions against it again."""

    __tablename__ = "notified_events"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    type: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The whole CloudEvent in structured mode (https://github.com/cloudevents/spec, JSON format).
    cloudevent: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # What subscriptions filter on: {"issue_areas": [...], "members": [...], ...}.
    facets: Mapped[dict[str, list[str]]] = mapped_column(JSONB)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Delivery(Base):
    """One event to one subscription: recorded before anything is sent, then attempted until delivered
    or dead. Its id is the webhook's `webhook-id` and the email's Message-ID, the same on every attempt."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("deliveries_due", "next_attempt_at", postgresql_where="status IN ('pending', 'failed')"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(ForeignKey("notified_events.id"), index=True)
    event_type: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text)
    # pending -> delivered | failed (retried) -> delivered | dead; cancelled when its subscription goes.
    status: Mapped[str] = mapped_column(Text, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When it is next due; while an attempt is under way, the lease after which another worker may retry.
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    # For email and inbox: the notification rendered in the subscription's language when it was recorded.
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The W3C traceparent of the span that recorded it (the consumer's process span of the event, a
    # replay's request): each attempt's send span is its child, in the trace of what caused it. None for
    # deliveries recorded before traces were kept.
    traceparent: Mapped[str | None] = mapped_column(Text)


class DigestItem(Base):
    """An event a digest subscription matched, kept for its next digest: one per subscription and event,
    recorded in the consumer's transaction like a delivery would be. `delivery_id` is the digest that
    listed it (or, when the subscription went back to a message per event, the event's own delivery);
    None while it waits."""

    __tablename__ = "digest_items"
    __table_args__ = (
        Index("digest_items_waiting", "subscription_id", postgresql_where="delivery_id IS NULL"),
    )

    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(ForeignKey("notified_events.id"), primary_key=True)
    matched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    delivery_id: Mapped[str | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )


class DeliveryAttempt(Base):
    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # delivered | failed | gone | refused | deferred; an email's attempt is `sending` while under way (it
    # holds its place in the address's rate limit), `unknown` if the process stopped before its outcome.
    outcome: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)


class InboxItem(Base):
    """A notification kept for a subscriber to read (the inbox channel)."""

    __tablename__ = "inbox_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), unique=True)
    subscriber: Mapped[str] = mapped_column(Text, index=True)
    subscription_id: Mapped[str] = mapped_column(Text)
    event_id: Mapped[str] = mapped_column(Text)
    event_type: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def read(self) -> bool:
        return self.read_at is not None
