"""Meetings, participants and outcomes; the read models of the registry; the outbox, inbox, client copy
and idempotency keys every service keeps.

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
        "known_issue_areas",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("names", postgresql.JSONB(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "known_mechanisms",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("names", postgresql.JSONB(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "known_members",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("names", postgresql.JSONB(), nullable=False),
        sa.Column("status_history", postgresql.JSONB(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("title", postgresql.JSONB(), nullable=False),
        sa.Column("mechanism_code", sa.Text(), nullable=True),
        sa.Column("issue_area_codes", postgresql.JSONB(), nullable=False),
        sa.Column("track", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("host_code", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("country_code", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.Text(), nullable=False),
        sa.Column("documents", postgresql.JSONB(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "scheduled_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meetings_host_code", "meetings", ["host_code"], unique=False)
    op.create_index("ix_meetings_mechanism_code", "meetings", ["mechanism_code"], unique=False)
    op.create_index("ix_meetings_starts_at", "meetings", ["starts_at"], unique=False)
    op.create_index("ix_meetings_status", "meetings", ["status"], unique=False)
    op.create_table(
        "outcomes",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("meeting_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("member_codes", postgresql.JSONB(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outcomes_meeting_id", "outcomes", ["meeting_id"], unique=False)
    op.create_table(
        "participants",
        sa.Column("meeting_id", sa.UUID(), nullable=False),
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("attendance", sa.Text(), nullable=True),
        sa.Column("delegation_level", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"]),
        sa.PrimaryKeyConstraint("meeting_id", "member_code"),
    )
    op.create_index("ix_participants_member_code", "participants", ["member_code"], unique=False)


def downgrade() -> None:
    op.drop_table("participants")
    op.drop_table("outcomes")
    op.drop_table("meetings")
    op.drop_table("known_members")
    op.drop_table("known_mechanisms")
    op.drop_table("known_issue_areas")
    drop_messaging_tables()
