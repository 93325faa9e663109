"""The registry: members and their status history, contacts, mechanisms and memberships, issue areas,
API clients; and the outbox, inbox and client copy every service keeps.

Explicit DDL: the schema this revision created on a new database while it still created the tables from
the mapped models, frozen, so that a change of a model never changes what the revision does.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from common.messaging.ddl import create_messaging_tables, drop_messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "issue_areas",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("names", postgresql.JSONB(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("opened_by_decision", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "mechanisms",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("names", postgresql.JSONB(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("nature", sa.Text(), nullable=True),
        sa.Column("participation", sa.Text(), nullable=True),
        sa.Column("declared_member_count", sa.Integer(), nullable=True),
        sa.Column("expands_code", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "registered_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(["expands_code"], ["mechanisms.code"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "members",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("names", postgresql.JSONB(), nullable=False),
        sa.Column("parent_code", sa.Text(), nullable=True),
        sa.Column("role_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "registered_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(["parent_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "api_clients",
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=True),
        sa.Column("scopes", postgresql.JSONB(), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["member_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("preferred_language", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["member_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_contacts_member_code", "contacts", ["member_code"], unique=False)
    op.create_table(
        "mechanism_memberships",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("mechanism_code", sa.Text(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["mechanism_code"], ["mechanisms.code"]),
        sa.ForeignKeyConstraint(["member_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_mechanism_memberships_mechanism_code", "mechanism_memberships", ["mechanism_code"], unique=False
    )
    op.create_index(
        "ix_mechanism_memberships_member_code", "mechanism_memberships", ["member_code"], unique=False
    )
    op.create_table(
        "member_status_corrections",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("period_before", postgresql.JSONB(), nullable=False),
        sa.Column("period_after", postgresql.JSONB(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_member_status_corrections_member_code", "member_status_corrections", ["member_code"], unique=False
    )
    op.create_table(
        "member_statuses",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["member_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_member_statuses_member_code", "member_statuses", ["member_code"], unique=False)
    op.create_table(
        "superseded_member_statuses",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("period_id", sa.BigInteger(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("correction_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(["correction_id"], ["member_status_corrections.id"]),
        sa.ForeignKeyConstraint(["member_code"], ["members.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_superseded_member_statuses_member_code",
        "superseded_member_statuses",
        ["member_code"],
        unique=False,
    )


def downgrade() -> None:
    # IF EXISTS: revision 0002's downgrade has dropped these two already.
    op.drop_table("superseded_member_statuses", if_exists=True)
    op.drop_table("member_statuses")
    op.drop_table("member_status_corrections", if_exists=True)
    op.drop_table("mechanism_memberships")
    op.drop_table("contacts")
    op.drop_table("api_clients")
    op.drop_table("members")
    op.drop_table("mechanisms")
    op.drop_table("issue_areas")
    drop_messaging_tables()
