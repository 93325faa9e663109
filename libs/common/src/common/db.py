"""Async SQLAlchemy engine, sessions, and the unit of work: the one place that commits (STYLE 1)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from common.outages import outage_of


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    # No pre-ping: it costs a round trip on every checkout (issue #15). After a PostgreSQL restart the first
    # statement on a stale connection fails as a disconnect, which invalidates the whole pool at once
    # (https://docs.sqlalchemy.org/en/20/core/pooling.html#pessimistic-vs-optimistic-disconnect-handling);
    # that request is answered 503 with Retry-After and a consumer waits without spending an attempt
    # (common.outages), so a restart costs one retried request per process rather than a ping per request.
    return create_async_engine(database_url, pool_size=pool_size, max_overflow=10)


def asyncpg_dsn(database_url: str) -> str:
    """The plain libpq DSN asyncpg accepts, for the relay's LISTEN connection."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class UnitOfWork:
    """Opens a session in a transaction that commits when the block ends and rolls back on error.

    Services and repositories receive the session and never commit; routes and consumers open the unit.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        # Same pool; its connections only switch to autocommit while a read holds them.
        self._reads = async_sessionmaker(
            engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading only, outside any transaction: no BEGIN and no COMMIT, two round trips
        fewer per request (issue #15). Under PostgreSQL's default READ COMMITTED each statement sees its
        own snapshot even inside a transaction, so a read of several statements sees exactly what it did in
        one; anything written through this session would commit statement by statement, so never write."""
        async with self._reads() as session:
            yield session

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("SELECT 1"))


def after_commit(session: AsyncSession, action: Callable[[], None]) -> None:
    """Runs `action` once the session's transaction has committed, and never if it rolls back: for what
    must count only what happened (a metric), where the unit of work that commits is the caller's."""
    event.listen(session.sync_session, "after_commit", lambda _session: action(), once=True)


def is_database_outage(exc: BaseException) -> bool:
    """A failure to reach the database, as opposed to a failure of the statement or of our code
    (`common.outages` says how each way of being unavailable is recognised)."""
    return outage_of(exc) == "database"
