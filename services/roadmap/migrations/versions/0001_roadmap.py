"""Facts, known issue areas and mechanisms, criteria documents (seeded with the default NAPCI criteria),
tracks and their history; the outbox, inbox, client copy and idempotency keys every service keeps.

Explicit DDL: the schema this revision created on a new database while it still created the tables from
the mapped models, frozen, so that a change of a model never changes what the revision does.

Revision ID: 0001
Revises:
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from common.messaging.ddl import create_messaging_tables, drop_messaging_tables

NAPCI_CRITERIA: dict[str, Any] = {
    "roadmap_code": "NAPCI",
    "version": 1,
    "stages": [
        {"code": "gain_support", "order": 1, "name": "Gain support from the international community"},
        {"code": "accumulate_practice", "order": 2, "name": "Accumulate a practice of cooperation"},
        {"code": "solid_framework", "order": 3, "name": "Establish a solid framework for cooperation"},
    ],
    "tracks": {
        "per_issue_area": True,
        "exclude_issue_areas": [],
        "explicit": [
            {
                "code": "napci",
                "name": "The initiative as a whole",
                "issue_areas": [],
                "untagged": True,
                "levels": ["summit"],
            }
        ],
    },
    "advancement": {
        "accumulate_practice": {
            "kind": "any_of",
            "criteria": [
                {
                    "kind": "outcomes",
                    "count": 2,
                    "types": ["support_expressed"],
                    "distinct_members": 2,
                    "member_kind": None,
                    "statuses": ["participant", "supporter", "partner"],
                    "filter": {
                        "issue_areas": [],
                        "tracks": [],
                        "mechanisms": [],
                        "levels": [],
                        "min_attending": None,
                    },
                    "window": "since_stage_began",
                },
                {
                    "kind": "meetings_held",
                    "count": 1,
                    "filter": {
                        "issue_areas": [],
                        "tracks": ["1"],
                        "mechanisms": [],
                        "levels": [],
                        "min_attending": {
                            "count": 3,
                            "member_kind": "state",
                            "statuses": ["participant", "supporter", "partner"],
                        },
                    },
                    "window": "since_stage_began",
                },
                {
                    "kind": "mechanism_expansion",
                    "count": 1,
                    "mechanism_codes": [],
                    "window": "since_stage_began",
                },
            ],
        },
        "solid_framework": {
            "kind": "all_of",
            "criteria": [
                {
                    "kind": "meetings_held",
                    "count": 1,
                    "filter": {
                        "issue_areas": [],
                        "tracks": ["1"],
                        "mechanisms": [],
                        "levels": [],
                        "min_attending": {
                            "count": 3,
                            "member_kind": "state",
                            "statuses": ["participant", "supporter", "partner"],
                        },
                    },
                    "window": "since_stage_began",
                },
                {
                    "kind": "regularity",
                    "count": 2,
                    "periods": "year",
                    "filter": {
                        "issue_areas": [],
                        "tracks": [],
                        "mechanisms": [],
                        "levels": [],
                        "min_attending": {
                            "count": 3,
                            "member_kind": "state",
                            "statuses": ["participant", "supporter", "partner"],
                        },
                    },
                    "window": {"rolling": {"days": 1096}},
                },
            ],
        },
    },
    "opening": {"track": "napci", "stage": "solid_framework"},
}

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "criteria_documents",
        sa.Column("roadmap_code", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", postgresql.JSONB(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("roadmap_code", "version"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("roadmap_code", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("track", sa.Text(), nullable=True),
        sa.Column("issue_area_code", sa.Text(), nullable=True),
        sa.Column("agreed_by", postgresql.JSONB(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("from_stage", sa.Text(), nullable=True),
        sa.Column("to_stage", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_decisions_roadmap_code", "decisions", ["roadmap_code"], unique=False)
    op.create_table(
        "held_meetings",
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("issue_area_codes", postgresql.JSONB(), nullable=False),
        sa.Column("data", postgresql.JSONB(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id"),
    )
    op.create_index("ix_held_meetings_held_on", "held_meetings", ["held_on"], unique=False)
    op.create_table(
        "known_issue_areas",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "known_mechanisms",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("expands_code", sa.Text(), nullable=True),
        sa.Column("memberships", postgresql.JSONB(), server_default="[]", nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "known_members",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("status_history", postgresql.JSONB(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "stage_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("roadmap_code", sa.Text(), nullable=False),
        sa.Column("track", sa.Text(), nullable=False),
        sa.Column("from_stage", sa.Text(), nullable=False),
        sa.Column("to_stage", sa.Text(), nullable=False),
        sa.Column("advanced_on", sa.Date(), nullable=False),
        sa.Column("completed_by", sa.Text(), nullable=False),
        sa.Column("criteria_version", sa.Integer(), nullable=False),
        sa.Column("explanation", postgresql.JSONB(), nullable=False),
        sa.Column("kind", sa.Text(), server_default="advanced", nullable=False),
        sa.Column("origin", sa.Text(), server_default="", nullable=False),
        sa.Column("decision_id", sa.Text(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("roadmap_code", "track", "to_stage", "origin"),
    )
    op.create_index("ix_stage_history_roadmap_code", "stage_history", ["roadmap_code"], unique=False)
    op.create_table(
        "tracks",
        sa.Column("roadmap_code", sa.Text(), nullable=False),
        sa.Column("track", sa.Text(), nullable=False),
        sa.Column("current_stage", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("since_after", sa.Text(), nullable=True),
        sa.Column("criteria_version", sa.Integer(), nullable=False),
        sa.Column("origin_stage", sa.Text(), nullable=True),
        sa.Column("origin_on", sa.Date(), nullable=True),
        sa.Column("origin_after", sa.Text(), nullable=True),
        sa.Column("origin_decision", sa.Text(), nullable=True),
        sa.Column("held", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("roadmap_code", "track"),
    )
    # The default NAPCI criteria as roadmap/defaults.py shipped them, once: a later version recorded by an
    # admin wins. Frozen here, not read from defaults.py, so this revision seeds the same row whatever
    # becomes of the defaults.
    criteria_documents = sa.table(
        "criteria_documents",
        sa.column("roadmap_code", sa.Text()),
        sa.column("version", sa.Integer()),
        sa.column("document", postgresql.JSONB()),
    )
    op.execute(
        postgresql.insert(criteria_documents)
        # As JSON text cast to jsonb, so that `alembic upgrade --sql` can write the statement out too.
        .values(
            roadmap_code="NAPCI",
            version=1,
            document=sa.cast(sa.literal(json.dumps(NAPCI_CRITERIA), sa.Text()), postgresql.JSONB()),
        )
        .on_conflict_do_nothing()
    )


def downgrade() -> None:
    op.drop_table("tracks")
    op.drop_table("stage_history")
    op.drop_table("known_members")
    op.drop_table("known_mechanisms")
    op.drop_table("known_issue_areas")
    op.drop_table("held_meetings")
    op.drop_table("decisions")
    op.drop_table("criteria_documents")
    drop_messaging_tables()
