"""Settings every service reads from its environment, once, at start-up (STYLE: read once, passed in)."""

from __future__ import annotations

from pydantic import Field, PostgresDsn
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseSettings):
    """What a Kafka client needs: the services, and operators' tools such as the dead-letter command."""

    model_config = SettingsConfigDict(env_prefix="NEACOOP_", extra="ignore", frozen=True)

    service_name: str
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    topic_partitions: int = Field(default=6, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    # Set on the topics the service creates, so that acks=all means "on this many replicas" even where
    # the brokers' own default is laxer; None leaves the broker's default (min.insync.replicas).
    topic_min_insync_replicas: int | None = Field(default=None, ge=1)


class ServiceSettings(KafkaSettings):
    """The settings of one service process. Each service may subclass it to add its own.

    Every field is read from `NEACOOP_<FIELD>`; docker-compose.yml and the native launcher
    (deploy/devstack) give each of them a value, which a test checks.
    """

    database_url: PostgresDsn = Field(description="postgresql+asyncpg://role:password@host:port/database")
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    admin_key: str | None = Field(default=None, repr=False)

    # The relay is woken by LISTEN/NOTIFY; this poll is only the fallback that also sweeps rows a crash
    # between commit and publish left behind.
    outbox_poll_interval_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=200, ge=1)

    # A request body larger than this is refused with 413 (common.limits.BodyLimit). The largest legitimate
    # one, a bulk import of the reference file, is about 12 kB; every field has its own limit besides.
    http_max_body_bytes: int = Field(default=262_144, ge=1024)
    # An event whose Kafka record (key, value and headers) would be larger than this is refused at the write
    # that records it (common.messaging.outbox), before anything commits. Kafka refuses records over the
    # broker's message.max.bytes (1 048 588 by default:
    # https://kafka.apache.org/documentation/#brokerconfigs_message.max.bytes) and aiokafka's producer those
    # over its max_request_size (1 048 576); this stays safely under both. Never set it above them.
    outbox_max_event_bytes: int = Field(default=1_000_000, ge=16_384, le=1_048_576)

    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_retry_backoff_seconds: float = Field(default=0.5, ge=0)

    @property
    def sqlalchemy_url(self) -> str:
        return str(self.database_url)
