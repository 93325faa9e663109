"""Subscriptions of a member's contact follow the contact: its address and language, unless given.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = ("follows_contact_email", "follows_contact_language")


def upgrade() -> None:
    # IF NOT EXISTS: revision 0002 creates the tables from the mapped models, so on a new database they
    # already carry these columns; on one migrated before this revision they are added here.
    for column in COLUMNS:
        op.execute(
            f"ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS {column} BOOLEAN NOT NULL DEFAULT false"
        )


def downgrade() -> None:
    for column in COLUMNS:
        op.execute(f"ALTER TABLE subscriptions DROP COLUMN IF EXISTS {column}")
