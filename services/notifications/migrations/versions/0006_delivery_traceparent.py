"""Each delivery keeps the traceparent of the span that recorded it, so that its sends continue that trace
(issue 17).

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: the deliveries recorded before have no trace to continue; their sends start new ones.
    op.add_column("deliveries", sa.Column("traceparent", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("deliveries", "traceparent")
