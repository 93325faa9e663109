"""How a service reaches its Kafka, and why it cannot, in words that name the setting to change.

`connection_options` turns the NEACOOP_KAFKA_* settings (bootstrap servers, PLAINTEXT/SSL/SASL_PLAINTEXT/
SASL_SSL, SASL PLAIN or SCRAM credentials, CA, client certificate) into the options every aiokafka client
the services make is built with (common.messaging.kafka, the dead-letter tool, the test helpers).

aiokafka reports any failure to reach the brokers as "Unable to bootstrap from [...]" and only logs the
cause (a refused password, an untrusted certificate, a listener speaking another protocol). An operator
pointing the services at a managed Kafka needs the cause, once, where they look: the start-up log
(`announce_access`), `/readyz` (`kafka_reachable`) and the dead-letter tool. So when a client cannot reach
the brokers, one connection per bootstrap server is opened by hand with the same options (`diagnose`), and
what it raises is explained.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

from aiokafka import errors
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.conn import create_conn
from aiokafka.helpers import create_ssl_context
from aiokafka.protocol.metadata import MetadataRequest
from pydantic import SecretStr

from common import logging as log
from common.config import KafkaSettings

logger = log.get_logger(__name__)

DIAGNOSIS_TIMEOUT_SECONDS = 1.5


class KafkaUnreachable(RuntimeError):
    """The brokers cannot be used with these settings; the message says why and which setting to check."""


def connection_options(settings: KafkaSettings) -> dict[str, Any]:
    """Where the brokers are and how to authenticate to them, for every aiokafka client made from
    `settings` (producer, consumer, admin): the one place that reads the NEACOOP_KAFKA_* security
    settings."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_security_protocol.endswith("SSL"):
        options["ssl_context"] = create_ssl_context(
            cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
            certfile=str(settings.kafka_ssl_certfile) if settings.kafka_ssl_certfile else None,
            keyfile=str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
            password=_secret(settings.kafka_ssl_key_password),
        )
    if settings.kafka_security_protocol.startswith("SASL_"):
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        # aiokafka takes SCRAM's credentials under the PLAIN names too.
        options["sasl_plain_username"] = settings.kafka_sasl_username
        options["sasl_plain_password"] = _secret(settings.kafka_sasl_password)
    return options


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


async def kafka_reachable(settings: KafkaSettings, timeout: float = 3.0) -> None:
    """Raises unless a client can fetch cluster metadata from the brokers: readiness, not an open port.
    The error says why, naming the setting to check (`diagnose`)."""
    admin = AIOKafkaAdminClient(
        **connection_options(settings),
        client_id=f"{settings.service_name}-probe",
        request_timeout_ms=int(timeout * 1000),
    )
    try:
        async with asyncio.timeout(timeout):
            await admin.start()
            await admin.describe_cluster()
    except (errors.KafkaError, OSError, TimeoutError) as error:
        reason = await diagnose(settings)
        if reason is None:
            raise
        raise KafkaUnreachable(reason) from error
    finally:
        await admin.close()


async def diagnose(settings: KafkaSettings, *, timeout: float = DIAGNOSIS_TIMEOUT_SECONDS) -> str | None:
    """What stops a client from reaching each bootstrap server, or None when one of them answers (the
    trouble is then elsewhere: the cluster's metadata, a topic, a timeout under load)."""
    options = connection_options(settings)
    reasons: list[str] = []
    for server in settings.kafka_bootstrap_servers.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            async with asyncio.timeout(timeout):
                connection = await create_conn(
                    host,
                    int(port),
                    client_id=f"{settings.service_name}-diagnosis",
                    request_timeout_ms=int(timeout * 1000),
                    ssl_context=options.get("ssl_context"),
                    security_protocol=settings.kafka_security_protocol,
                    sasl_mechanism=options.get("sasl_mechanism"),
                    sasl_plain_username=options.get("sasl_plain_username"),
                    sasl_plain_password=options.get("sasl_plain_password"),
                )
                try:
                    # A TLS client on a SASL_SSL listener connects fine; the broker hangs up at its first
                    # request, as it does for the bootstrap's.
                    await connection.send(MetadataRequest([]))
                finally:
                    connection.close()
        except Exception as error:  # every failure is explained, none is hidden: see `explain`
            reasons.append(explain(settings, server.strip(), error))
            continue
        return None
    return "; ".join(reasons)


def explain(settings: KafkaSettings, server: str, error: BaseException) -> str:
    protocol = f"NEACOOP_KAFKA_SECURITY_PROTOCOL={settings.kafka_security_protocol}"
    if isinstance(error, errors.SaslAuthenticationFailed):
        return (
            f"{server} refused the credentials of NEACOOP_KAFKA_SASL_USERNAME={settings.kafka_sasl_username} "
            f"with NEACOOP_KAFKA_SASL_MECHANISM={settings.kafka_sasl_mechanism}: check the user, its "
            f"mechanism and NEACOOP_KAFKA_SASL_PASSWORD ({error})"
        )
    if isinstance(error, errors.UnsupportedSaslMechanismError):
        return (
            f"{server} does not offer NEACOOP_KAFKA_SASL_MECHANISM={settings.kafka_sasl_mechanism} ({error})"
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            f"{server}'s certificate is not trusted ({error.verify_message}): set "
            "NEACOOP_KAFKA_SSL_CAFILE to the certificate authority that signed it"
        )
    if isinstance(error, ssl.SSLError):
        return f"TLS with {server} failed ({error.reason}): check {protocol} and NEACOOP_KAFKA_SSL_*"
    if isinstance(error, ConnectionRefusedError):
        return f"nothing listens at {server}: check NEACOOP_KAFKA_BOOTSTRAP_SERVERS"
    if isinstance(error, errors.KafkaConnectionError | ConnectionError):
        return (
            f"{server} closed the connection: its listener may speak another protocol than {protocol}, or "
            "require a client certificate (NEACOOP_KAFKA_SSL_CERTFILE and NEACOOP_KAFKA_SSL_KEYFILE)"
        )
    if isinstance(error, TimeoutError):
        return (
            f"{server} did not answer within {DIAGNOSIS_TIMEOUT_SECONDS} s: it is down or slow, or its "
            f"listener expects TLS while {protocol}"
        )
    return f"{server}: {type(error).__name__}: {error} (check NEACOOP_KAFKA_*)"


async def announce_access(settings: KafkaSettings) -> None:
    """Logs, once at start-up, why Kafka cannot be used, naming the setting to change; nothing when it can.

    The service starts anyway: writes wait in the outbox until Kafka is usable, as they do while it is
    away, and `/readyz?check=kafka` keeps saying why."""
    try:
        await kafka_reachable(settings, timeout=10.0)
    except KafkaUnreachable as unreachable:
        logger.error("kafka cannot be used with these settings", reason=str(unreachable))
