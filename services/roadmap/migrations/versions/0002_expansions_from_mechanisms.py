"""Mechanism expansions are derived from the mechanisms' memberships (issue 11, item 3): the roadmap keeps
each mechanism's expanded mechanism and memberships, and no longer a row per `members_added` event. A
track's origin may start after a fact (where criteria had taken it), not only on a decision's date.

Revision 0001 creates the tables as mapped, so on a new database these columns exist already: the DDL
here is idempotent.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE known_mechanisms ADD COLUMN IF NOT EXISTS expands_code TEXT")
    op.execute(
        "ALTER TABLE known_mechanisms ADD COLUMN IF NOT EXISTS memberships JSONB NOT NULL DEFAULT '[]'"
    )
    op.execute("ALTER TABLE tracks ADD COLUMN IF NOT EXISTS origin_after TEXT")
    op.execute("DROP TABLE IF EXISTS mechanism_expansions")
    # The copies of mechanisms learnt before this revision lack their memberships: the next event of each
    # mechanism brings them, and `python -m roadmap.rebuild` brings them all at once.


def downgrade() -> None:
    op.execute("ALTER TABLE tracks DROP COLUMN IF EXISTS origin_after")
    op.execute("ALTER TABLE known_mechanisms DROP COLUMN IF EXISTS memberships")
    op.execute("ALTER TABLE known_mechanisms DROP COLUMN IF EXISTS expands_code")
