"""Facts, known issue areas and mechanisms, criteria documents (seeded with the default NAPCI criteria),
tracks and their history; the outbox, inbox, client copy and idempotency keys every service keeps.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import insert

from common.messaging.tables import create_messaging_tables, drop_messaging_tables
from roadmap.defaults import napci_criteria
from roadmap.models import Base, CriteriaVersion

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    # The first revision creates the tables exactly as mapped; later revisions are explicit DDL.
    Base.metadata.create_all(op.get_bind())
    # The shipped default criteria (roadmap/defaults.py), once: a later version recorded by an admin wins.
    document = napci_criteria()
    table = CriteriaVersion.__table__
    assert isinstance(table, sa.Table)
    op.execute(
        insert(table)
        .values(
            roadmap_code=document.roadmap_code,
            version=document.version,
            document=document.model_dump(mode="json"),
        )
        .on_conflict_do_nothing()
    )


def downgrade() -> None:
    Base.metadata.drop_all(op.get_bind())
    drop_messaging_tables()
