"""Fan-out finds the subscriptions that may hear of an event through an index instead of reading every
active one (issue 15, item 3): each filter of `filters` becomes an array PostgreSQL keeps up to date (a
generated column), with {*} for a filter that has no values, since an empty filter accepts everything;
a GIN index over the five arrays answers "overlaps the event's values or {*}" for all of them at once.

Adding the generated columns computes them for the subscriptions already there: that is their backfill.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# notifications.subscriptions.domain.FACETS and the event types, frozen here.
FILTERS = ("event_types", "issue_areas", "members", "mechanisms", "tracks")


def upgrade() -> None:
    # IMMUTABLE, as a generated column requires: it reads nothing but its arguments. A filter that is
    # missing, empty or not a list accepts everything, as `Filters` reads it.
    op.execute(
        """CREATE FUNCTION subscription_filter(filters jsonb, facet text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT CASE
                WHEN jsonb_typeof(filters -> facet) = 'array' AND filters -> facet <> '[]'::jsonb
                THEN ARRAY(SELECT jsonb_array_elements_text(filters -> facet))
                ELSE ARRAY['*']
            END
        $$"""
    )
    for facet in FILTERS:
        op.add_column(
            "subscriptions",
            sa.Column(
                f"match_{facet}",
                postgresql.ARRAY(sa.Text()),
                sa.Computed(f"subscription_filter(filters, '{facet}'::text)", persisted=True),
                nullable=False,
            ),
        )
    op.create_index(
        "subscriptions_matching",
        "subscriptions",
        [f"match_{facet}" for facet in FILTERS],
        postgresql_using="gin",
        postgresql_where=sa.text("active"),
    )


def downgrade() -> None:
    op.drop_index("subscriptions_matching", table_name="subscriptions")
    for facet in FILTERS:
        op.drop_column("subscriptions", f"match_{facet}")
    op.execute("DROP FUNCTION subscription_filter(jsonb, text)")
