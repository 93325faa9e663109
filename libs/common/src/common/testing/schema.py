"""A database's schema as sorted lines of text, read from PostgreSQL's own catalog: what the migration tests
compare, between a database migrated now and the reading saved from the revisions as they were released
(`services/<name>/tests/schema_at_head.txt`).

The catalog rather than `pg_dump --schema-only`: pg_dump's text changes with the server's version (its
header, `SET` lines, the order of statements), the catalog's definitions do not.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from common.db import create_engine

# Everything a revision can create in the public schema, each with its name so that a constraint or an
# index named differently is a difference; the alembic_version table is the migrations' own bookkeeping.
SCHEMA = text(
    """
    SELECT 'column ' || c.relname || '.' || a.attname || ' #' || a.attnum
           || ' ' || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
           || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
           || coalesce(' COMMENT ' || col_description(c.oid, a.attnum), '')
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname <> 'alembic_version'
    UNION ALL
    SELECT 'table ' || c.relname || coalesce(' COMMENT ' || obj_description(c.oid, 'pg_class'), '')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid <> 0
       AND conrelid::regclass::text <> 'alembic_version'
    UNION ALL
    SELECT 'index ' || indexdef
      FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'alembic_version'
    UNION ALL
    SELECT 'sequence ' || sequencename || ' ' || data_type::text || ' ' || start_value || ' ' || increment_by
      FROM pg_sequences WHERE schemaname = 'public'
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(t.oid)
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT 'function ' || pg_get_functiondef(p.oid)
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'type ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname
    ORDER BY 1
    """
)


async def read_schema(connection: AsyncConnection) -> list[str]:
    return list(await connection.scalars(SCHEMA))


async def schema_of(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await read_schema(connection)
    finally:
        await engine.dispose()
