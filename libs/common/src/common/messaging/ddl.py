"""The messaging tables (common.messaging.tables) as every service's revisions create them: explicit DDL,
frozen as it was run, so that a revision never changes when the tables' definitions change.

Never edit these functions: a database migrated by them must keep matching a new one. A change to the
messaging tables is a new function here, called by a new revision in each of the four services (and the
migration tests of each service check that their schema then matches `messaging_metadata`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


def create_messaging_tables() -> None:
    """For a service's first revision: the outbox and its trigger, the inbox, the audit log, the copy of
    the API clients and the answers to idempotent writes, as they were when the first revisions froze them
    (audit log and quarantine included, so the later revisions that add those find them and do nothing)."""
    _create_audit_log(if_not_exists=False)
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", postgresql.JSONB(), nullable=True),
        sa.Column("response_headers", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key"),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("event_source", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column(
            "processed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("consumer", "event_source", "event_id"),
    )
    op.create_table(
        "known_clients",
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=True),
        sa.Column("scopes", postgresql.JSONB(), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_table(
        "outbox",
        sa.Column("position", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("envelope", postgresql.JSONB(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("publish_attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        *_quarantine_columns(),
        sa.PrimaryKeyConstraint("position"),
        sa.UniqueConstraint("event_id"),
    )
    _create_quarantine_index(if_not_exists=False)
    op.create_index(
        "outbox_unpublished",
        "outbox",
        ["position"],
        unique=False,
        postgresql_where=sa.text("published_at IS NULL"),
    )
    # Wakes the relay as soon as the transaction that recorded an event commits.
    op.execute(
        """CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('neacoop_outbox', ''); RETURN NULL; END $$"""
    )
    op.execute(
        "CREATE TRIGGER outbox_recorded AFTER INSERT ON outbox"
        " FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()"
    )


def drop_messaging_tables() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_recorded ON outbox")
    op.execute("DROP FUNCTION IF EXISTS outbox_notify()")
    for table in ("outbox", "known_clients", "inbox", "idempotency_keys", "audit_log"):
        op.drop_table(table, if_exists=True)


def create_audit_log() -> None:
    """For the revision that added the audit log. IF NOT EXISTS: on a database created since, the first
    revision's `create_messaging_tables()` has created it already; on one created before, it is made here."""
    _create_audit_log(if_not_exists=True)


def _create_audit_log(*, if_not_exists: bool) -> None:
    op.create_table(
        "audit_log",
        sa.Column("position", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("correlation_id", sa.Text(), nullable=True),
        sa.Column("data", postgresql.JSONB(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
        sa.UniqueConstraint("event_id"),
        if_not_exists=if_not_exists,
    )
    _create_audit_log_indexes(if_not_exists=if_not_exists)


def drop_audit_log() -> None:
    op.drop_table("audit_log", if_exists=True)


def add_outbox_quarantine() -> None:
    """For the revision that added the outbox's quarantine. IF NOT EXISTS: on a database created since, the
    first revision's `create_messaging_tables()` has added the columns and the index already."""
    for column in _quarantine_columns():
        op.add_column("outbox", column, if_not_exists=True)
    _create_quarantine_index(if_not_exists=True)


def drop_outbox_quarantine() -> None:
    op.drop_index("outbox_quarantined", table_name="outbox", if_exists=True)
    for column in _quarantine_columns():
        op.execute(f"ALTER TABLE outbox DROP COLUMN IF EXISTS {column.name}")


def _create_audit_log_indexes(*, if_not_exists: bool) -> None:
    for name, columns in (
        ("audit_log_actor", ["actor", "position"]),
        ("audit_log_occurred_at", ["occurred_at"]),
        ("audit_log_subject", ["subject", "position"]),
    ):
        op.create_index(name, "audit_log", columns, unique=False, if_not_exists=if_not_exists)


def _quarantine_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("quarantine_reason", sa.Text(), nullable=True),
        sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True),
    ]


def _create_quarantine_index(*, if_not_exists: bool) -> None:
    op.create_index(
        "outbox_quarantined",
        "outbox",
        ["topic", "subject", "position"],
        unique=False,
        postgresql_where=sa.text(
            "quarantined_at IS NOT NULL AND published_at IS NULL AND discarded_at IS NULL"
        ),
        if_not_exists=if_not_exists,
    )
