"""What every service's Alembic env.py runs: migrations on the async engine, URL from the environment."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from common.db import create_engine


def run_migrations(target_metadata: MetaData) -> None:
    url = (
        context.config.attributes.get("database_url")
        or os.environ.get("NEACOOP_DATABASE_URL")
        or context.config.get_main_option("sqlalchemy.url")
    )
    if not url:
        raise SystemExit("set NEACOOP_DATABASE_URL to the service's database (postgresql+asyncpg://...)")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_online(url, target_metadata))


async def _online(url: str, target_metadata: MetaData) -> None:
    engine = create_engine(url, pool_size=1)

    def upgrade(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()

    async with engine.connect() as connection:
        await connection.run_sync(upgrade)
        await connection.commit()
    await engine.dispose()


def upgrade_to_head(alembic_ini: str, database_url: str) -> None:
    """Runs a service's migrations from code (tests and the launcher); not inside a running event loop."""
    from alembic import command
    from alembic.config import Config

    config = Config(alembic_ini)
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")
