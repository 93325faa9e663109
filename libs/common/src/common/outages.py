"""Which failures are outages: the database or the broker cannot be reached right now.

An outage is nobody's fault and passes by itself, so it is answered differently from a bug: a request
gets a 503 with `Retry-After` (never a 500), and a consumer pauses with its offset where it was (never
spending one of a record's attempts, which would send good records to the dead letters during a long
restart). Both ask `outage_of`.

PostgreSQL says why it refuses by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html):
class 08 is "connection exception"; 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now
("the database system is starting up"), 57P04 database_dropped and 57P05 idle_session_timeout are the
operator intervention codes that end or refuse a session (57014, a cancelled statement, is not one); 53300
is too_many_connections. asyncpg raises one class per SQLSTATE with a `sqlstate` attribute, also when
it refuses a connection at start-up. SQLAlchemy wraps what its asyncpg adapter translates into a
`DBAPIError` whose `orig` carries the same `sqlstate` and whose `__cause__` is asyncpg's exception
(sqlalchemy/dialects/postgresql/asyncpg.py, `_handle_exception`); what it does not translate (an error
while connecting, a socket error) escapes as it is. So the chain is walked through `orig` and `__cause__`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import asyncpg
from aiokafka.errors import KafkaError, KafkaTimeoutError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

Outage = Literal["database", "kafka"]

OUTAGE_SQLSTATE_CLASSES = ("08",)
OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "57P04", "57P05", "53300"})
# How long a client should wait before retrying; a restart of PostgreSQL or Kafka takes seconds.
RETRY_AFTER_SECONDS = 5

_FILE_ERRORS = (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError)


def outage_of(exc: BaseException) -> Outage | None:
    """What is unavailable, when `exc` means the database or Kafka cannot be reached; None otherwise."""
    if isinstance(exc, BaseExceptionGroup):
        # Only when every failure of the group is an outage: one bug among them is still a bug.
        found = [outage_of(inner) for inner in exc.exceptions]
        return found[0] if found and all(found) else None
    for link in _chain(exc):
        if _is_database_outage(link):
            return "database"
        if isinstance(link, KafkaTimeoutError) or (isinstance(link, KafkaError) and link.retriable):
            return "kafka"
    return None


def is_outage(exc: BaseException) -> bool:
    return outage_of(exc) is not None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, what SQLAlchemy wrapped (`orig`) and what it was raised from (`__cause__`), each once."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        link = pending.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        for inner in (getattr(link, "orig", None), link.__cause__):
            if isinstance(inner, BaseException):
                pending.append(inner)


def _is_database_outage(exc: BaseException) -> bool:
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(sqlstate, str) and (
        sqlstate in OUTAGE_SQLSTATES or sqlstate.startswith(OUTAGE_SQLSTATE_CLASSES)
    ):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    # QueuePool's "connection timed out": every connection is taken, typically by requests that wait on
    # a database which stopped answering.
    if isinstance(exc, PoolTimeoutError):
        return True
    # asyncpg's words for a connection that is already gone (connection.py, `_check_open`), which is also
    # how SQLAlchemy's asyncpg dialect recognises a disconnect (`is_disconnect`).
    if isinstance(exc, asyncpg.InterfaceError) and "connection is closed" in str(exc):
        return True
    # Refused, reset, unreachable, timed out (TimeoutError is an OSError; asyncio reports a connection
    # tried on several addresses as a plain OSError): the socket got no answer. A file that cannot be
    # read is a fault of the deployment, not of the network, and stays a 500.
    return isinstance(exc, OSError) and not isinstance(exc, _FILE_ERRORS)
