"""Digests (issue 18, item 3): a subscription may ask for a daily or weekly digest, and the events it
matched wait in `digest_items` until the digest that lists them.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: every subscription so far is told of each event.
    op.add_column("subscriptions", sa.Column("digest", postgresql.JSONB(none_as_null=True), nullable=True))
    op.add_column("subscriptions", sa.Column("digest_due_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "subscriptions_digest_due",
        "subscriptions",
        ["digest_due_at"],
        unique=False,
        postgresql_where=sa.text("digest_due_at IS NOT NULL"),
    )
    op.create_table(
        "digest_items",
        sa.Column("subscription_id", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("delivery_id", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["delivery_id"], ["deliveries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["notified_events.id"]),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("subscription_id", "event_id"),
    )
    op.create_index("ix_digest_items_delivery_id", "digest_items", ["delivery_id"], unique=False)
    op.create_index(
        "digest_items_waiting",
        "digest_items",
        ["subscription_id"],
        unique=False,
        postgresql_where=sa.text("delivery_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "digest_items_waiting", table_name="digest_items", postgresql_where=sa.text("delivery_id IS NULL")
    )
    op.drop_index("ix_digest_items_delivery_id", table_name="digest_items")
    op.drop_table("digest_items")
    op.drop_index(
        "subscriptions_digest_due",
        table_name="subscriptions",
        postgresql_where=sa.text("digest_due_at IS NOT NULL"),
    )
    op.drop_column("subscriptions", "digest_due_at")
    op.drop_column("subscriptions", "digest")
