"""What one request costs the database: every statement it sends, and whether it ran in a transaction.

A listener on the service's engine records the statements issued in the context of the caller (the test
that sends the request through the in-process ASGI client), and none of the relay's, the consumers' or
the housekeeping's, which share the engine but run in tasks of their own. SQLAlchemy runs a listener in
the context of the awaiting task (it hands the task's context to its greenlet).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True)
class Statement:
    sql: str
    in_transaction: bool  # asyncpg's own view, after the statement ran: a BEGIN had been sent before it

    @property
    def verb(self) -> str:
        words = self.sql.split()
        # A data-modifying WITH names what it finally does last; its first word is only WITH.
        return next((w for w in words if w in {"INSERT", "UPDATE", "DELETE", "SELECT"}), words[0])


@dataclass
class StatementLog:
    statements: list[Statement] = field(default_factory=list)
    transactions: int = 0  # transactions begun (each is a BEGIN and a COMMIT or ROLLBACK on the wire)

    def verbs(self) -> list[str]:
        return [statement.verb for statement in self.statements]

    def describe(self) -> str:
        lines = [
            f"{'T' if s.in_transaction else '-'} {' '.join(s.sql.split())[:160]}" for s in self.statements
        ]
        return "\n".join(lines)


_recording: ContextVar[StatementLog | None] = ContextVar("recording_statements", default=None)


@contextmanager
def statements_of(engine: AsyncEngine) -> Iterator[StatementLog]:
    """Records what the block's own requests send through `engine` (a service's `runtime.uow.engine`)."""
    log = StatementLog()

    def executed(
        conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        recording = _recording.get()
        if recording is not None:
            driver = conn.connection.driver_connection
            in_transaction = bool(driver is not None and driver.is_in_transaction())
            recording.statements.append(Statement(statement, in_transaction))

    def began(conn: Connection) -> None:
        recording = _recording.get()
        # An autocommit connection "begins" only in SQLAlchemy's bookkeeping: asyncpg sends no BEGIN.
        autocommit = conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
        if recording is not None and not autocommit:
            recording.transactions += 1

    sync_engine = engine.sync_engine
    event.listen(sync_engine, "after_cursor_execute", executed)
    event.listen(sync_engine, "begin", began)
    token = _recording.set(log)
    try:
        yield log
    finally:
        _recording.reset(token)
        event.remove(sync_engine, "after_cursor_execute", executed)
        event.remove(sync_engine, "begin", began)
