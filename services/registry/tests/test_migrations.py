"""Revisions after the first are explicit DDL, while the first creates the tables as mapped: a database
migrated before a revision must end with the same schema as a new one."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from common.db import create_engine
from common.migrations import upgrade_to_head
from common.testing.fixtures import migrated_database
from common.testing.infrastructure import Infrastructure, project_root

pytestmark = pytest.mark.integration

CORRECTION_TABLES = ("member_status_corrections", "superseded_member_statuses")

SCHEMA = text(
    """
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
           || ' ' || coalesce(column_default, '')
      FROM information_schema.columns WHERE table_name = ANY(:tables)
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE conrelid::regclass::text = ANY(:tables)
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE tablename = ANY(:tables)
    ORDER BY 1
    """
)


async def schema_of(url: str) -> list[str]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        found = list(await connection.scalars(SCHEMA, {"tables": list(CORRECTION_TABLES)}))
    await engine.dispose()
    return found


async def test_a_registry_migrated_before_corrections_gets_the_tables_a_new_one_has(
    infrastructure: Infrastructure,
) -> None:
    url = await migrated_database(infrastructure, "registry")
    new = await schema_of(url)
    assert any("superseded_member_statuses_correction_id_fkey" in line for line in new)

    # A registry at revision 0001 as it was released: without the tables revision 0002 adds.
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP TABLE superseded_member_statuses, member_status_corrections"))
        await connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    await engine.dispose()
    ini = str(project_root() / "services" / "registry" / "alembic.ini")
    await asyncio.to_thread(upgrade_to_head, ini, url)

    assert await schema_of(url) == new
