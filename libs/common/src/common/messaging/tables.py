"""The tables every service keeps in its own database: outbox, inbox, audit log, its copy of the API
clients and the answers to idempotent writes.

They live in their own MetaData so that no service's models see another's. Each service's revisions
create them with the explicit DDL of common.messaging.ddl, never from these definitions; each service's
Alembic env.py compares its database with this MetaData as well as its own, and the migration tests check
that the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

messaging_metadata = MetaData()

# The revisions' trigger (common.messaging.ddl) notifies this channel by name: renaming it takes a
# revision in every service that replaces the trigger's function.
OUTBOX_CHANNEL = "neacoop_outbox"

outbox = Table(
    "outbox",
    messaging_metadata,
    # The position orders publication: events of one aggregate leave in the order they were recorded.
    Column("position", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False, unique=True),
    Column("topic", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("envelope", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True)),
    Column("publish_attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text),
    # A row Kafka can never take (too large, not a CloudEvent) is set aside by the relay with its reason
    # (common.messaging.quarantine), holding back only the later events of its own aggregate, until an
    # operator releases it (publication is tried again) or discards it (it is never published).
    Column("quarantined_at", DateTime(timezone=True)),
    Column("quarantine_reason", Text),
    Column("discarded_at", DateTime(timezone=True)),
    Index("outbox_unpublished", "position", postgresql_where=text("published_at IS NULL")),
    Index(
        "outbox_quarantined",
        "topic",
        "subject",
        "position",
        postgresql_where=text("quarantined_at IS NOT NULL AND published_at IS NULL AND discarded_at IS NULL"),
    ),
)

inbox = Table(
    "inbox",
    messaging_metadata,
    Column("consumer", Text, primary_key=True),
    # CloudEvents make source + id unique, so both are the key.
    Column("event_source", Text, primary_key=True),
    Column("event_id", Text, primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


audit_log = Table(
    "audit_log",
    messaging_metadata,
    # Who changed what and when: a row per event the service recorded, written with its outbox row
    # (Outbox.record) and, unlike that row, never swept (common.housekeeping): the audit outlives the
    # outbox's seven days. `GET /v1/audit` (common.audit) reads it.
    Column("position", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False, unique=True),
    Column("event_type", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("correlation_id", Text),
    Column("data", JSONB, nullable=False),
    Index("audit_log_subject", "subject", "position"),
    Index("audit_log_actor", "actor", "position"),
    Index("audit_log_occurred_at", "occurred_at"),
)


# Wakes the relay as soon as the transaction that recorded an event commits.
OUTBOX_TRIGGER = (
    f"""CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('{OUTBOX_CHANNEL}', ''); RETURN NULL; END $$""",
    "CREATE TRIGGER outbox_recorded AFTER INSERT ON outbox"
    " FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()",
)


known_clients = Table(
    "known_clients",
    messaging_metadata,
    # Every service's copy of the registry's partner clients, for authenticating requests locally.
    Column("client_id", Text, primary_key=True),
    Column("member_code", Text),
    Column("scopes", JSONB, nullable=False),
    Column("secret_hash", Text, nullable=False),
    Column("revoked", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)


idempotency_keys = Table(
    "idempotency_keys",
    messaging_metadata,
    # The first answer to each client's Idempotency-Key (common.idempotency); kept with the change it made.
    Column("scope", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("fingerprint", Text, nullable=False),
    Column("status_code", Integer),
    Column("response_body", JSONB),
    Column("response_headers", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def install_messaging_tables(connection: Connection) -> None:
    """For tests of the messaging mechanisms without a service's migrations. Services never call this: their
    revisions create the tables with the frozen DDL of common.messaging.ddl."""
    messaging_metadata.create_all(connection)
    for statement in OUTBOX_TRIGGER:
        connection.exec_driver_sql(statement)
