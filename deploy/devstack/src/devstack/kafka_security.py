"""Listeners that authenticate, beside a broker's PLAINTEXT one, for proving that the services speak to a
Kafka that requires TLS and SASL as a managed Kafka does (libs/common/tests/test_kafka_security.py).

`SecureListeners` adds to a KafkaBroker's server.properties a SASL_SSL listener (PLAIN and SCRAM users) and
an SSL listener that requires a client certificate, with the broker's key and certificates in PEM files
(Kafka reads PEM key stores since 2.7, KIP-651). SCRAM credentials live in the KRaft metadata, so they are
written when the storage is formatted (`kafka-storage format --add-scram`, KIP-900). Inter-broker and
controller traffic stay on PLAINTEXT: these listeners are for clients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule"
_SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule"
SCRAM_MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")


@dataclass(frozen=True)
class SecureListeners:
    """`keystore`: the broker's PKCS#8 private key followed by its certificate chain, in one PEM file.
    `truststore`: the CA certificates (PEM) that sign the clients' certificates on the SSL listener."""

    sasl_ssl_port: int
    ssl_port: int
    keystore: Path
    truststore: Path
    plain_users: Mapping[str, str] = field(default_factory=dict)
    scram_users: Mapping[str, str] = field(default_factory=dict)

    @property
    def ports(self) -> tuple[int, int]:
        return (self.sasl_ssl_port, self.ssl_port)

    def listeners(self) -> list[str]:
        return [f"SASL_SSL://127.0.0.1:{self.sasl_ssl_port}", f"SSL://127.0.0.1:{self.ssl_port}"]

    def properties(self) -> dict[str, str]:
        plain_users = " ".join(f'user_{name}="{password}"' for name, password in self.plain_users.items())
        properties = {
            "ssl.keystore.type": "PEM",
            "ssl.keystore.location": str(self.keystore.absolute()),
            "ssl.truststore.type": "PEM",
            "ssl.truststore.location": str(self.truststore.absolute()),
            "listener.name.ssl.ssl.client.auth": "required",
            "listener.name.sasl_ssl.sasl.enabled.mechanisms": ",".join(("PLAIN", *SCRAM_MECHANISMS)),
            "listener.name.sasl_ssl.plain.sasl.jaas.config": f"{_PLAIN_MODULE} required {plain_users};",
        }
        for mechanism in SCRAM_MECHANISMS:
            properties[f"listener.name.sasl_ssl.{mechanism.lower()}.sasl.jaas.config"] = (
                f"{_SCRAM_MODULE} required;"
            )
        return properties

    def format_arguments(self) -> list[str]:
        """The SCRAM users, under both mechanisms, for `kafka-storage format`."""
        arguments: list[str] = []
        for name, password in self.scram_users.items():
            for mechanism in SCRAM_MECHANISMS:
                arguments += ["--add-scram", f"{mechanism}=[name={name},password={password}]"]
        return arguments
