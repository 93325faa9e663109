"""Corrections of the participation history, and the superseded versions of the periods they changed.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# IF NOT EXISTS: revision 0001 creates the tables from the mapped models, so on a new database they
# already exist; on one migrated before this revision they are created here, exactly as mapped.
STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS member_status_corrections (
        id UUID NOT NULL,
        member_code TEXT NOT NULL,
        period_before JSONB NOT NULL,
        period_after JSONB,
        reason TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY (member_code) REFERENCES members (code)
    )
    """,
    "CREATE INDEX IF NOT EXISTS ix_member_status_corrections_member_code"
    " ON member_status_corrections (member_code)",
    """
    CREATE TABLE IF NOT EXISTS superseded_member_statuses (
        id BIGSERIAL NOT NULL,
        period_id BIGINT NOT NULL,
        member_code TEXT NOT NULL,
        status TEXT NOT NULL,
        effective_from DATE NOT NULL,
        reason TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
        superseded_at TIMESTAMP WITH TIME ZONE NOT NULL,
        correction_id UUID NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY (member_code) REFERENCES members (code),
        FOREIGN KEY (correction_id) REFERENCES member_status_corrections (id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS ix_superseded_member_statuses_member_code"
    " ON superseded_member_statuses (member_code)",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS superseded_member_statuses")
    op.execute("DROP TABLE IF EXISTS member_status_corrections")
