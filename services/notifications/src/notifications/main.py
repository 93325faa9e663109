"""Composition root of the notifications service."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI

from common.app import Runtime, build_service_app
from common.errors import NotFound
from common.openapi import PathParameter
from notifications.config import NotificationsSettings
from notifications.consumers import consumers
from notifications.deliveries import api as deliveries_api
from notifications.deliveries.dispatcher import Dispatcher
from notifications.digests.clock import Clock, SystemClock
from notifications.digests.scheduler import DigestScheduler
from notifications.inbox import api as inbox_api
from notifications.subscriptions import api as subscriptions_api

EXAMPLE_SUBSCRIPTION_ID = "9a7c5e3b-1d2f-4a6b-8c0e-2f4d6b8a0c1e"
EXAMPLE_DELIVERY_ID = "c4e6a8b0-2d4f-4b6a-9c8e-0a2b4c6d8e1f"


def create_app(settings: NotificationsSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """`clock` tells the digests' schedule what time it is (the system's; a test's own in tests)."""
    settings = settings or NotificationsSettings()
    clock = clock or SystemClock()

    def workers(runtime: Runtime) -> list[Callable[[], Coroutine[Any, Any, None]]]:
        return [
            Dispatcher(settings, runtime.uow, runtime.outbox).run,
            DigestScheduler(settings, runtime.uow, runtime.outbox, clock).run,
        ]

    app = build_service_app(
        settings=settings,
        title="nea-coop notifications",
        description="Subscriptions; signed webhooks, email and an inbox; retries and a dead-letter queue.",
        routers=[subscriptions_api.router, deliveries_api.router, inbox_api.router],
        tags=[
            {
                "name": "notifications",
                "description": "Subscriptions to events, their deliveries (webhook, email) and the inbox",
            },
        ],
        # This service names the subscription, delivery or item at fault `id` in its 404s.
        path_parameters={
            "subscriptions/{subscription_id}": PathParameter(
                "subscription",
                EXAMPLE_SUBSCRIPTION_ID,
                NotFound(f"no subscription {EXAMPLE_SUBSCRIPTION_ID}", field="id"),
            ),
            "deliveries/{delivery_id}": PathParameter(
                "delivery", EXAMPLE_DELIVERY_ID, NotFound(f"no delivery {EXAMPLE_DELIVERY_ID}", field="id")
            ),
            "inbox/{subscriber}": PathParameter("subscriber", "KOR"),
            "{subscriber}/{item_id}": PathParameter(
                "inbox item", "42", NotFound("no inbox item 42 for KOR", field="id")
            ),
        },
        consumers=consumers,
        workers=workers,
    )
    app.state.clock = clock
    return app
