"""Which failures are outages (common.outages), on exceptions built here: no server needed to raise them."""

from __future__ import annotations

import asyncpg
import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, RecordTooLargeError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from common.db import is_database_outage
from common.outages import is_outage, outage_of


class AdaptedError(Exception):
    """Stands for what SQLAlchemy's asyncpg adapter raises: the SQLSTATE copied onto a DBAPI-style error,
    raised from asyncpg's own exception."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def wrapped_by_sqlalchemy(error: BaseException, *, invalidated: bool = False) -> DBAPIError:
    adapted = AdaptedError(f"{type(error)}: {error}", getattr(error, "sqlstate", None))
    adapted.__cause__ = error
    wrapper = DBAPIError("SELECT 1", {}, adapted, connection_invalidated=invalidated)
    wrapper.__cause__ = adapted
    return wrapper


class FakeSqlstateError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"a server error with SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


DATABASE_OUTAGES: list[BaseException] = [
    asyncpg.CannotConnectNowError("the database system is starting up"),
    asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.CrashShutdownError("terminating connection because of crash of another server process"),
    asyncpg.TooManyConnectionsError("sorry, too many clients already"),
    asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    asyncpg.InterfaceError("cannot perform operation: connection is closed"),
    FakeSqlstateError("08006"),  # connection_failure: anything of class 08 is
    FakeSqlstateError("08P01"),
    FakeSqlstateError("57P05"),
    ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5433)"),
    ConnectionResetError(104, "Connection reset by peer"),
    OSError("Multiple exceptions: [Errno 111] Connect call failed"),
    TimeoutError(),
    PoolTimeoutError("QueuePool limit of size 10 overflow 10 reached, connection timed out, timeout 30.00"),
]

NOT_OUTAGES: list[BaseException] = [
    asyncpg.QueryCanceledError("canceling statement due to statement timeout"),  # 57014, class 57 too
    asyncpg.CharacterNotInRepertoireError('invalid byte sequence for encoding "UTF8": 0x00'),
    asyncpg.UniqueViolationError("duplicate key value violates unique constraint"),
    asyncpg.InterfaceError("cannot perform operation: another operation is in progress"),
    FakeSqlstateError("22021"),
    FileNotFoundError(2, "No such file or directory", "templates/held.txt"),
    ZeroDivisionError("a bug"),
    RecordTooLargeError("the message is too large"),
]


@pytest.mark.parametrize("error", DATABASE_OUTAGES, ids=lambda e: type(e).__name__)
def test_each_way_the_database_is_unavailable_is_a_database_outage(error: BaseException) -> None:
    assert outage_of(error) == "database"
    assert is_database_outage(error)


@pytest.mark.parametrize("error", DATABASE_OUTAGES, ids=lambda e: type(e).__name__)
def test_the_same_failures_wrapped_by_sqlalchemy_are_outages_too(error: BaseException) -> None:
    assert outage_of(wrapped_by_sqlalchemy(error)) == "database"


@pytest.mark.parametrize("error", NOT_OUTAGES, ids=lambda e: type(e).__name__)
def test_a_failure_of_the_statement_or_of_our_code_is_not_an_outage(error: BaseException) -> None:
    assert not is_outage(error)
    assert not is_outage(wrapped_by_sqlalchemy(error))


def test_a_connection_sqlalchemy_found_invalidated_is_an_outage_whatever_the_driver_said() -> None:
    assert is_database_outage(wrapped_by_sqlalchemy(RuntimeError("lost"), invalidated=True))


def test_an_integrity_error_is_not_an_outage() -> None:
    error = IntegrityError("INSERT ...", {}, FakeSqlstateError("23505"))
    assert not is_outage(error)


def test_a_broker_that_cannot_be_reached_is_a_kafka_outage() -> None:
    assert outage_of(KafkaConnectionError("Unable to bootstrap from 127.0.0.1:9092")) == "kafka"
    assert outage_of(KafkaTimeoutError()) == "kafka"
    assert not is_database_outage(KafkaConnectionError())


def test_an_outage_raised_from_another_error_is_found_through_the_cause() -> None:
    error = RuntimeError("could not load the members")
    error.__cause__ = asyncpg.CannotConnectNowError("the database system is starting up")
    assert is_database_outage(error)


def test_a_group_of_failures_is_an_outage_only_when_every_one_is() -> None:
    outages = ExceptionGroup("both", [ConnectionResetError(), asyncpg.AdminShutdownError("bye")])
    mixed = ExceptionGroup("mixed", [ConnectionResetError(), ZeroDivisionError()])
    assert is_database_outage(outages)
    assert not is_outage(mixed)
