"""The outbox's quarantine: rows Kafka can never take are set aside with their reason, holding back only
their own aggregate's later events, until an operator releases or discards them (docs/runbook.md).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from common.messaging.ddl import add_outbox_quarantine, drop_outbox_quarantine

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Idempotent: on a new database revision 0001 has created the columns with the other messaging tables.
    add_outbox_quarantine()


def downgrade() -> None:
    drop_outbox_quarantine()
