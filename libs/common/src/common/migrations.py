"""What every service's Alembic env.py runs: migrations on the async engine, URL from the environment.

A service's database holds its own tables and the messaging tables of common.messaging.tables, so both
MetaData are the target autogenerate compares with: with the service's alone, `alembic revision
--autogenerate` would propose dropping the outbox, the inbox and the rest. A change to the messaging
tables then shows in every service's autogenerate, which is where it needs a revision.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any, cast

from alembic import context
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection, make_url

from common.db import create_engine
from common.messaging.tables import messaging_metadata

if TYPE_CHECKING:
    from alembic.config import Config

# Server defaults too: a revision that forgets one would otherwise match the models and still differ.
COMPARISON: dict[str, Any] = {"compare_type": True, "compare_server_default": True}


def compared_metadata(service_metadata: MetaData) -> list[MetaData]:
    return [service_metadata, messaging_metadata]


def differences_from_models(connection: Connection, service_metadata: MetaData) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty when they agree)."""
    migration = MigrationContext.configure(connection, opts=COMPARISON)
    # Annotated as one MetaData, but it takes a sequence as env.py's target_metadata does (AutogenContext).
    target = cast(MetaData, compared_metadata(service_metadata))
    return list(compare_metadata(migration, target))


def run_migrations(service_metadata: MetaData) -> None:
    url = (
        context.config.attributes.get("database_url")
        or os.environ.get("NEACOOP_DATABASE_URL")
        or context.config.get_main_option("sqlalchemy.url")
    )
    if not url:
        raise SystemExit("set NEACOOP_DATABASE_URL to the service's database (postgresql+asyncpg://...)")
    target_metadata = compared_metadata(service_metadata)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True, **COMPARISON)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_online(url, target_metadata))


async def _online(url: str, target_metadata: list[MetaData]) -> None:
    engine = create_engine(url, pool_size=1)

    def upgrade(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata, **COMPARISON)
        with context.begin_transaction():
            context.run_migrations()

    try:
        async with engine.connect():
            pass
    except Exception as error:
        await engine.dispose()
        # What an operator reads in `docker compose logs`: one line naming the setting, not a traceback.
        raise SystemExit(unreachable_database(url, error)) from None
    async with engine.connect() as connection:
        await connection.run_sync(upgrade)
        await connection.commit()
    await engine.dispose()


def unreachable_database(url: str, error: BaseException) -> str:
    """One line saying which database of NEACOOP_DATABASE_URL could not be reached and why (the password
    left out): a wrong password, a host that does not resolve or does not answer."""
    where = make_url(url)
    reason = " ".join(str(error).split()) or "no reason given"
    database = f"{where.username}@{where.host}:{where.port or 5432}/{where.database}"
    return f"cannot reach the database of NEACOOP_DATABASE_URL ({database}): {type(error).__name__}: {reason}"


def upgrade_to_head(alembic_ini: str, database_url: str) -> None:
    """Runs a service's migrations from code (tests and the launcher); not inside a running event loop."""
    upgrade_to(alembic_ini, database_url, "head")


def upgrade_to(alembic_ini: str, database_url: str, revision: str) -> None:
    from alembic import command

    command.upgrade(_config(alembic_ini, database_url), revision)


def check_autogenerate(alembic_ini: str, database_url: str) -> None:
    """`alembic check` from code: raises when `alembic revision --autogenerate` would write any operation."""
    from alembic import command

    command.check(_config(alembic_ini, database_url))


def _config(alembic_ini: str, database_url: str) -> Config:
    from alembic.config import Config

    config = Config(alembic_ini)
    config.attributes["database_url"] = database_url
    return config
