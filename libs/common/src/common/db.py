"""Async SQLAlchemy engine, sessions, and the unit of work: the one place that commits (STYLE 1)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, SessionTransaction

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


_AFTER_COMMIT = "common.db.after_commit"
# Each action with the transaction it was registered in: the innermost savepoint, or the outermost one.
_Pending = list[tuple[SessionTransaction | None, Callable[[], None]]]


def after_commit(session: AsyncSession, action: Callable[[], None]) -> None:
    """Runs `action` once the session's transaction has committed, and never if it rolls back: for what
    must count only what happened (a metric), where the unit of work that commits is the caller's.

    Registered inside a savepoint (the consumer applies each record of a batch in one), it waits for the
    outermost commit, not the savepoint's release, and is forgotten if that savepoint rolls back.
    SQLAlchemy sends `after_commit` for a released savepoint too (`SessionTransaction.commit`), so the
    first `after_commit` may come before the commit that counts."""
    sync = session.sync_session
    pending: _Pending | None = sync.info.get(_AFTER_COMMIT)
    if pending is None:
        pending = sync.info[_AFTER_COMMIT] = []
        event.listen(sync, "after_commit", _run_after_commit)
        event.listen(sync, "after_soft_rollback", _forget_after_rollback)
    pending.append((sync.get_nested_transaction() or sync.get_transaction(), action))


def _run_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the transaction around it may still roll back
    pending: _Pending = session.info.get(_AFTER_COMMIT, [])
    session.info[_AFTER_COMMIT] = []
    for _, action in pending:
        action()


def _forget_after_rollback(session: Session, rolled_back: SessionTransaction) -> None:
    pending: _Pending = session.info.get(_AFTER_COMMIT, [])
    session.info[_AFTER_COMMIT] = [
        (registered, action) for registered, action in pending if not _within(registered, rolled_back)
    ]


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    """Whether `transaction` is `outer` or began inside it; an action registered outside any transaction
    belongs to the outermost one."""
    if outer.parent is None:
        return True
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


def is_database_outage(exc: BaseException) -> bool:
    """A failure to reach the database, as opposed to a failure of the statement or of our code
    (`common.outages` says how each way of being unavailable is recognised)."""
    return outage_of(exc) == "database"
