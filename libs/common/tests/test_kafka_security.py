"""The services speak to a Kafka that requires TLS and SASL, as managed Kafka offerings do (issue #16).

A real broker, started here with a SASL_SSL listener (PLAIN and SCRAM users) and an SSL listener that
requires a client certificate (`devstack.kafka_security`), signed by a certificate authority this module
makes (trustme). Events go the whole way the services send them: outbox row, relay, topic, consumer runner,
inbox, applied. Wrong settings are refused with a message that names the setting to change: at start-up,
on `/readyz`, and by the dead-letter tool.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import trustme
from cryptography.hazmat.primitives import serialization
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import build_service_app
from common.config import KafkaSettings, ServiceSettings
from common.contracts import CATALOG, EventData
from common.contracts.subscriptions import Subscription
from common.db import UnitOfWork, create_engine
from common.messaging import dlq
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent
from common.messaging.kafka_access import KafkaUnreachable, kafka_reachable
from common.messaging.outbox import Outbox, OutboxRelay
from common.messaging.tables import install_messaging_tables
from common.testing.fixtures import ADMIN_KEY, eventually, running_app
from common.testing.infrastructure import Infrastructure
from devstack.kafka import KafkaBroker
from devstack.kafka_security import SecureListeners
from devstack.paths import find_project_root

pytestmark = pytest.mark.integration

PLAIN_USER, PLAIN_PASSWORD = "partner-ministry", "plain-secret"
SCRAM_USER, SCRAM_PASSWORD = "neacoop-service", "scram-secret"


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on, all different: each probe stays bound until every port is chosen, or the
    kernel may hand the same one out twice (it did, and Kafka refused two listeners on one port)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


class NoClients:
    """The partner clients of a service that has none: only the administrator's key is accepted."""

    async def find_active(self, client_id: str) -> tuple[str, str | None, frozenset[str]] | None:
        return None


@dataclass(frozen=True)
class SecureKafka:
    sasl_ssl: str  # host:port of the SASL_SSL listener
    ssl: str  # host:port of the SSL listener, which requires a client certificate
    ca: Path
    client_certificate: Path
    client_key: Path


def pkcs8(private_key_pem: bytes) -> bytes:
    """Kafka's PEM key store reads PKCS#8 keys only; trustme writes the key in its traditional form."""
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(scope="module")
def secure_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureKafka]:
    folder = tmp_path_factory.mktemp("secure-kafka")
    authority = trustme.CA()
    broker_certificate = authority.issue_cert("127.0.0.1", "localhost")
    keystore = folder / "broker.pem"
    keystore.write_bytes(
        pkcs8(broker_certificate.private_key_pem.bytes())
        + b"".join(pem.bytes() for pem in broker_certificate.cert_chain_pems)
    )
    authority.cert_pem.write_to_path(str(folder / "ca.pem"))
    client = authority.issue_cert("nea-coop-service")
    client.cert_chain_pems[0].write_to_path(str(folder / "client.pem"))
    client.private_key_pem.write_to_path(str(folder / "client-key.pem"))

    sasl_ssl_port, ssl_port, client_port, controller_port = free_ports(4)
    listeners = SecureListeners(
        sasl_ssl_port=sasl_ssl_port,
        ssl_port=ssl_port,
        keystore=keystore,
        truststore=folder / "ca.pem",
        plain_users={PLAIN_USER: PLAIN_PASSWORD},
        scram_users={SCRAM_USER: SCRAM_PASSWORD},
    )
    broker = KafkaBroker(
        run_dir=folder / "kafka",
        port=client_port,
        controller_port=controller_port,
        project_root=find_project_root(),
        secure=listeners,
    )
    broker.ensure_artifacts()
    broker.start()
    try:
        broker.wait_ready()
        yield SecureKafka(
            sasl_ssl=f"127.0.0.1:{listeners.sasl_ssl_port}",
            ssl=f"127.0.0.1:{listeners.ssl_port}",
            ca=folder / "ca.pem",
            client_certificate=folder / "client.pem",
            client_key=folder / "client-key.pem",
        )
    finally:
        broker.stop()


def sasl(kafka: SecureKafka, mechanism: str, **overrides: Any) -> dict[str, Any]:
    user, password = (PLAIN_USER, PLAIN_PASSWORD) if mechanism == "PLAIN" else (SCRAM_USER, SCRAM_PASSWORD)
    return {
        "kafka_bootstrap_servers": kafka.sasl_ssl,
        "kafka_security_protocol": "SASL_SSL",
        "kafka_sasl_mechanism": mechanism,
        "kafka_sasl_username": user,
        "kafka_sasl_password": password,
        "kafka_ssl_cafile": kafka.ca,
    } | overrides


def mutual_tls(kafka: SecureKafka) -> dict[str, Any]:
    return {
        "kafka_bootstrap_servers": kafka.ssl,
        "kafka_security_protocol": "SSL",
        "kafka_ssl_cafile": kafka.ca,
        "kafka_ssl_certfile": kafka.client_certificate,
        "kafka_ssl_keyfile": kafka.client_key,
    }


async def service_database(infrastructure: Infrastructure) -> str:
    url = await asyncio.to_thread(infrastructure.fresh_database, "secure")
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(install_messaging_tables)
        await connection.execute(text("CREATE TABLE effects (n int NOT NULL)"))
    await engine.dispose()
    return url


@contextlib.asynccontextmanager
async def running(*workers: OutboxRelay | ConsumerRunner) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@pytest.mark.parametrize(
    "access",
    ["SASL_SSL PLAIN", "SASL_SSL SCRAM-SHA-256", "SASL_SSL SCRAM-SHA-512", "SSL client certificate"],
)
async def test_an_event_goes_from_the_outbox_to_a_consumer_over_an_authenticated_connection(
    access: str, secure_kafka: SecureKafka, infrastructure: Infrastructure
) -> None:
    service = f"secure{uuid.uuid4().hex[:10]}"

    class ProbeHappened(EventData):
        n: int

    CATALOG.event(type=f"org.neacoop.{service}.probe.happened.v1", topic=f"{service}.probe.v1")(ProbeHappened)
    security = mutual_tls(secure_kafka) if access.startswith("SSL") else sasl(secure_kafka, access.split()[1])
    settings = ServiceSettings(
        service_name=service,
        database_url=await service_database(infrastructure),
        outbox_poll_interval_seconds=0.2,
        **security,
    )
    uow = UnitOfWork(create_engine(settings.sqlalchemy_url))

    async def apply(session: AsyncSession, event: CloudEvent, data: EventData) -> None:
        assert isinstance(data, ProbeHappened)
        await session.execute(text("INSERT INTO effects (n) VALUES (:n)"), {"n": data.n})

    consumer = ConsumerRunner(
        settings=settings,
        uow=uow,
        subscription=Subscription(
            service=service, group=f"{service}.probe", events=(ProbeHappened,), purpose="this test's probe"
        ),
        handlers=[Handler(ProbeHappened, apply)],
    )
    try:
        async with uow.transaction() as session:
            await Outbox(service=service).record(session, ProbeHappened(n=7), subject="probe-7")
        async with running(OutboxRelay(settings=settings, engine=uow.engine), consumer):

            async def applied() -> list[int]:
                async with uow.transaction() as session:
                    return list((await session.execute(text("SELECT n FROM effects"))).scalars())

            assert await eventually(applied, timeout=60, what=f"the event applied over {access}") == [7]
    finally:
        await uow.engine.dispose()


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"kafka_sasl_password": "not-the-password"}, "NEACOOP_KAFKA_SASL_USERNAME=partner-ministry"),
        ({"kafka_sasl_mechanism": "SCRAM-SHA-512"}, "NEACOOP_KAFKA_SASL_MECHANISM=SCRAM-SHA-512"),
        ({"kafka_ssl_cafile": None}, "NEACOOP_KAFKA_SSL_CAFILE"),
        (
            {
                "kafka_security_protocol": "SSL",
                "kafka_sasl_mechanism": None,
                "kafka_sasl_username": None,
                "kafka_sasl_password": None,
            },
            "NEACOOP_KAFKA_SECURITY_PROTOCOL=SSL",
        ),
    ],
    ids=["wrong password", "wrong mechanism", "untrusted certificate", "wrong protocol"],
)
async def test_a_client_that_cannot_authenticate_is_told_which_setting_to_check(
    overrides: dict[str, Any], named: str, secure_kafka: SecureKafka
) -> None:
    settings = KafkaSettings(service_name="probe", **sasl(secure_kafka, "PLAIN", **overrides))
    with pytest.raises(KafkaUnreachable, match=named):
        await kafka_reachable(settings, timeout=5)


async def test_a_client_without_its_certificate_is_told_the_listener_wants_one(
    secure_kafka: SecureKafka,
) -> None:
    settings = KafkaSettings(
        service_name="probe",
        **mutual_tls(secure_kafka) | {"kafka_ssl_certfile": None, "kafka_ssl_keyfile": None},
    )
    with pytest.raises(KafkaUnreachable, match="NEACOOP_KAFKA_SSL_CERTFILE and NEACOOP_KAFKA_SSL_KEYFILE"):
        await kafka_reachable(settings, timeout=5)


async def test_a_service_with_a_wrong_password_says_so_at_start_up_and_on_readyz(
    secure_kafka: SecureKafka, infrastructure: Infrastructure, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = ServiceSettings(
        service_name="secureprobe",
        database_url=await service_database(infrastructure),
        admin_key=ADMIN_KEY,
        **sasl(secure_kafka, "PLAIN", kafka_sasl_password="not-the-password"),
    )
    app = build_service_app(
        settings=settings,
        title="probe",
        description="probe",
        routers=[],
        tags=[],
        client_directory=lambda runtime: NoClients(),
    )
    logged: list[str] = []

    async def announced() -> str | None:
        logged.extend(capsys.readouterr().err.splitlines())
        return next((line for line in logged if "kafka cannot be used with these settings" in line), None)

    async with running_app(app) as client:
        line = await eventually(announced, timeout=30, what="the start-up log naming the refusal")
        assert "NEACOOP_KAFKA_SASL_USERNAME=partner-ministry" in line
        assert "NEACOOP_KAFKA_SASL_PASSWORD" in line
        assert "not-the-password" not in line

        ready = await client.get("/readyz", params={"check": "kafka"})
        assert ready.status_code == 503
        assert "refused the credentials of NEACOOP_KAFKA_SASL_USERNAME" in ready.json()["checks"]["kafka"]
        # The database is fine: a load balancer asking for it keeps the service in rotation.
        assert (await client.get("/readyz", params={"check": "database"})).status_code == 200


def test_the_dead_letter_tool_names_the_refused_credentials(
    secure_kafka: SecureKafka, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in sasl(secure_kafka, "SCRAM-SHA-512", kafka_sasl_password="stale").items():
        monkeypatch.setenv(f"NEACOOP_{name.upper()}", str(value))
    with pytest.raises(SystemExit) as exited:
        dlq.main(["list"])
    assert "refused the credentials of NEACOOP_KAFKA_SASL_USERNAME=neacoop-service" in str(exited.value)
