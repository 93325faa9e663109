"""The shape every service's app factory shares: logging, engine, outbox relay, consumers, problems,
health, the audit log. A service's main.py passes its routers and its consumers; nothing connects at
import time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from fastapi import APIRouter, FastAPI, Request

from common import housekeeping, metrics, tracing
from common import logging as log
from common.audit import audit_router
from common.auth import Authenticator, ClientDirectory
from common.clients import CLIENT_HANDLERS, KnownClients
from common.config import ServiceSettings
from common.contracts.asyncapi import asyncapi_router
from common.contracts.subscriptions import subscription
from common.db import UnitOfWork, create_engine
from common.errors import install_problem_handlers
from common.health import Check, health_router
from common.limits import install_body_limit
from common.messaging.consumer import ConsumerRunner
from common.messaging.kafka_access import announce_access, kafka_reachable
from common.messaging.outbox import Outbox, OutboxRelay
from common.openapi import CONTACT, LICENSE, SHARED_TAGS, PathParameter, install_contract, operation_id

logger = log.get_logger(__name__)

SHUTDOWN_TIMEOUT_SECONDS = 20.0


@dataclass
class Runtime:
    """What a running service holds; routes reach it through `request.app.state.runtime`."""

    settings: ServiceSettings
    uow: UnitOfWork
    outbox: Outbox
    relay: OutboxRelay
    consumers: list[ConsumerRunner] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


ConsumerFactory = Callable[[Runtime], Sequence[ConsumerRunner]]
# Background work of a service's own (the notifications dispatcher): coroutines run until cancelled.
WorkerFactory = Callable[[Runtime], Sequence[Callable[[], Coroutine[Any, Any, None]]]]
DirectoryFactory = Callable[[Runtime], ClientDirectory]


def build_service_app(
    *,
    settings: ServiceSettings,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    tags: Sequence[dict[str, str]],
    path_parameters: Mapping[str, PathParameter] = MappingProxyType({}),
    consumers: ConsumerFactory = lambda _: (),
    workers: WorkerFactory = lambda _: (),
    client_directory: DirectoryFactory | None = None,
) -> FastAPI:
    """`tags` names and describes each tag the service's routers use (a test checks none is missing);
    `path_parameters` says what each path parameter names, with an example, for the OpenAPI document
    (`"members/{code}": PathParameter("member", "KOR")`; building the document fails on one missing).
    `client_directory` is the registry's own table; every other service learns the clients from the
    registry's events into `known_clients`, with a consumer group of its own."""

    def directory_of(runtime: Runtime) -> ClientDirectory:
        if client_directory is not None:
            return client_directory(runtime)
        runtime.consumers.append(
            ConsumerRunner(
                settings=settings,
                uow=runtime.uow,
                subscription=subscription(f"{settings.service_name}.clients"),
                handlers=CLIENT_HANDLERS,
            )
        )
        return KnownClients(runtime.uow)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.configure_logging(service=settings.service_name, level=settings.log_level)
        tracing.configure_tracing(
            service=settings.service_name, otlp_endpoint=settings.otel_exporter_otlp_endpoint
        )
        engine = create_engine(settings.sqlalchemy_url)
        tracing.instrument_engine(engine)
        uow = UnitOfWork(engine)
        runtime = Runtime(
            settings=settings,
            uow=uow,
            outbox=Outbox(service=settings.service_name, max_event_bytes=settings.outbox_max_event_bytes),
            relay=OutboxRelay(settings=settings, engine=engine),
        )
        runtime.consumers = list(consumers(runtime))
        app.state.runtime = runtime
        app.state.authenticator = Authenticator(admin_key=settings.admin_key, clients=directory_of(runtime))
        # Background work never blocks start-up: the service accepts writes while Kafka is away.
        # A task keeps the context it was made in: polling makes no spans, a record's work makes its own.
        with tracing.untraced():
            runtime.tasks = [
                asyncio.create_task(runtime.relay.run(), name="outbox-relay"),
                asyncio.create_task(housekeeping.run(engine), name="housekeeping"),
                asyncio.create_task(announce_access(settings), name="kafka-access"),
            ] + [asyncio.create_task(c.run(), name=f"consumer-{c.group_id}") for c in runtime.consumers]
            # A worker's work for an earlier event continues that event's trace: tracing.continued_span.
            runtime.tasks += [
                asyncio.create_task(work(), name=work.__qualname__) for work in workers(runtime)
            ]
        logger.info("service started", consumers=[c.group_id for c in runtime.consumers])
        try:
            yield
        finally:
            stuck = await cancel_until_done(runtime.tasks, timeout=SHUTDOWN_TIMEOUT_SECONDS)
            if stuck:
                logger.warning("background tasks did not stop in time", tasks=[t.get_name() for t in stuck])
            await engine.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version="1",
        lifespan=lifespan,
        openapi_tags=[*tags, *SHARED_TAGS],
        servers=[
            {"url": "/", "description": "The service that serves this document"},
            {"url": f"http://127.0.0.1:{settings.http_port}", "description": "The local stack (`make up`)"},
        ],
        contact=CONTACT,
        license_info=LICENSE,
        generate_unique_id_function=operation_id,
    )
    install_contract(app, path_parameters=path_parameters, max_body_bytes=settings.http_max_body_bytes)
    install_body_limit(app, max_bytes=settings.http_max_body_bytes)
    app.add_middleware(log.Correlation)
    app.add_middleware(metrics.HttpMetrics)
    install_problem_handlers(app)
    tracing.instrument_app(app)

    def checks(request: Request) -> dict[str, Check]:
        runtime: Runtime = request.app.state.runtime
        return {"database": runtime.uow.ping, "kafka": lambda: kafka_reachable(settings)}

    app.include_router(health_router(checks, service=settings.service_name))
    for router in routers:
        app.include_router(router)
    # Every service keeps its audit log the same way (Outbox.record), so every service answers it.
    app.include_router(audit_router(lambda request: runtime_of(request).uow, service=settings.service_name))
    # Its part of the event catalog, beside /openapi.json: what it sends and receives over Kafka.
    app.include_router(asyncapi_router(settings.service_name))
    return app


async def cancel_until_done(
    tasks: Sequence[asyncio.Task[None]], *, timeout: float
) -> list[asyncio.Task[None]]:
    """Cancels the tasks, again and again, until they are done or `timeout` passes; returns those left.

    Once is not enough: a library call can swallow a cancellation (aiokafka inside a request, asyncio's
    wait_for on 3.11), and a task that outlives its service stays in its consumer group and keeps using
    the database.
    """
    deadline = asyncio.get_running_loop().time() + timeout
    pending = [task for task in tasks if not task.done()]
    while pending:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            break
        for task in pending:
            task.cancel()
        _, still = await asyncio.wait(pending, timeout=min(0.5, left))
        pending = list(still)
    return pending


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
