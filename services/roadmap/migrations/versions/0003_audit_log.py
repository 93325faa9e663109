"""The audit log: who changed what and when, one row per event the service records (`GET /v1/audit`).

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from common.messaging.ddl import create_audit_log, drop_audit_log

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Idempotent: on a new database revision 0001 has created it with the other messaging tables.
    create_audit_log()


def downgrade() -> None:
    drop_audit_log()
