"""The day each track was last judged on: a held meeting dated after where the track's stage began is
judged from there on, over the facts the criteria's windows hold, only when the track was judged on
the same day (a fact dated later than that day was not known to the judgement).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tracks", sa.Column("judged_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("tracks", "judged_on")
