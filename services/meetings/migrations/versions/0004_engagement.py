"""Engagement from attendance (issue 18, item 2): the mechanisms' memberships, which decide whose meetings
count for a member, and each member's engagement as last judged, which a change is measured against.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The mechanisms kept before this revision have no memberships until their next event: a mechanism
    # with none listed lets every attended meeting of it count, as for one whose members are not registered.
    op.add_column(
        "known_mechanisms",
        sa.Column("memberships", postgresql.JSONB(), server_default=sa.text("'[]'::jsonb"), nullable=False),
    )
    op.create_table(
        "member_engagements",
        sa.Column("member_code", sa.Text(), nullable=False),
        sa.Column("engagement", sa.Text(), nullable=False),
        sa.Column("last_meeting_id", sa.UUID(), nullable=True),
        sa.Column("last_attended_on", sa.Date(), nullable=True),
        sa.Column("judged_on", sa.Date(), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("member_code"),
    )


def downgrade() -> None:
    op.drop_table("member_engagements")
    op.drop_column("known_mechanisms", "memberships")
