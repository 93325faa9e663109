"""The registry copy, subscriptions, notified events, deliveries and their attempts, the inbox.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

from notifications.models import Base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The first revision with the service's own tables creates them exactly as mapped; later revisions
    # are explicit DDL.
    Base.metadata.create_all(op.get_bind())


def downgrade() -> None:
    Base.metadata.drop_all(op.get_bind())
