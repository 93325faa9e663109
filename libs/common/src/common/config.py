"""Settings every service reads from its environment, once, at start-up (STYLE: read once, passed in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import BeforeValidator, Field, PostgresDsn, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _empty_is_unset(value: object) -> object:
    # docker compose passes an optional setting the operator left out as `${NAME:-}`, an empty string.
    return None if value == "" else value


Unset = BeforeValidator(_empty_is_unset)

KafkaSecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
KafkaSaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


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

    # How every Kafka client the service makes (producer, consumers, admin, the dead-letter tool)
    # authenticates, as the Kafka clients' own settings of these names say
    # (https://kafka.apache.org/documentation/#security): a managed Kafka usually wants SASL_SSL.
    kafka_security_protocol: KafkaSecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: Annotated[KafkaSaslMechanism | None, Unset] = None
    kafka_sasl_username: Annotated[str | None, Unset] = None
    kafka_sasl_password: Annotated[SecretStr | None, Unset] = Field(default=None, repr=False)
    # PEM files. Without a CA file, TLS trusts the system's certificate authorities; a client certificate
    # and its key are for brokers that authenticate clients by TLS (ssl.client.auth=required).
    kafka_ssl_cafile: Annotated[Path | None, Unset] = None
    kafka_ssl_certfile: Annotated[Path | None, Unset] = None
    kafka_ssl_keyfile: Annotated[Path | None, Unset] = None
    kafka_ssl_key_password: Annotated[SecretStr | None, Unset] = Field(default=None, repr=False)

    @model_validator(mode="after")
    def _kafka_security_is_complete(self) -> Self:
        """Refuses at start-up, naming the setting, what would otherwise fail at the first connection."""
        sasl = self.kafka_security_protocol.startswith("SASL_")
        if sasl:
            missing = [
                f"NEACOOP_KAFKA_SASL_{name.upper()}"
                for name in ("mechanism", "username", "password")
                if getattr(self, f"kafka_sasl_{name}") is None
            ]
            if missing:
                raise ValueError(
                    f"NEACOOP_KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol} needs "
                    + ", ".join(missing)
                )
        elif self.kafka_sasl_mechanism or self.kafka_sasl_username or self.kafka_sasl_password:
            raise ValueError(
                "NEACOOP_KAFKA_SASL_* are set but NEACOOP_KAFKA_SECURITY_PROTOCOL="
                f"{self.kafka_security_protocol} does not use SASL: set it to SASL_SSL or SASL_PLAINTEXT"
            )
        tls_files = self.kafka_ssl_cafile or self.kafka_ssl_certfile or self.kafka_ssl_keyfile
        if tls_files and not self.kafka_security_protocol.endswith("SSL"):
            raise ValueError(
                "NEACOOP_KAFKA_SSL_* files are set but NEACOOP_KAFKA_SECURITY_PROTOCOL="
                f"{self.kafka_security_protocol} does not use TLS: set it to SSL or SASL_SSL"
            )
        if (self.kafka_ssl_certfile is None) != (self.kafka_ssl_keyfile is None):
            raise ValueError("NEACOOP_KAFKA_SSL_CERTFILE and NEACOOP_KAFKA_SSL_KEYFILE go together")
        for name in ("cafile", "certfile", "keyfile"):
            path: Path | None = getattr(self, f"kafka_ssl_{name}")
            if path is not None and not path.is_file():
                raise ValueError(f"NEACOOP_KAFKA_SSL_{name.upper()}={path}: no such file")
        return self


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

    # The base URL of an OTLP/HTTP receiver (an OpenTelemetry Collector, Jaeger, Tempo), `/v1/traces`
    # appended; unset, spans are still made for the ids on logs and problems, and nothing is exported
    # unless the standard OTEL_EXPORTER_OTLP_* variables say where (common.tracing). Ignored, as everything
    # of tracing, with OpenTelemetry's own OTEL_SDK_DISABLED=true.
    otel_exporter_otlp_endpoint: Annotated[str | None, Unset] = None

    # Records of one partition a consumer applies in one transaction, with one offset commit after it
    # (common.messaging.consumer); 1 applies each record in a transaction of its own.
    consumer_batch_size: int = Field(default=100, ge=1)
    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_retry_backoff_seconds: float = Field(default=0.5, ge=0)

    @property
    def sqlalchemy_url(self) -> str:
        return str(self.database_url)
