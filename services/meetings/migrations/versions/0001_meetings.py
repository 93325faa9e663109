"""Meetings, participants and outcomes; the read models of the registry; the outbox, inbox, client copy
and idempotency keys every service keeps.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

from alembic import op

from common.messaging.tables import create_messaging_tables, drop_messaging_tables
from meetings.models import Base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    # The first revision creates the tables exactly as mapped; later revisions are explicit DDL.
    Base.metadata.create_all(op.get_bind())


def downgrade() -> None:
    Base.metadata.drop_all(op.get_bind())
    drop_messaging_tables()
