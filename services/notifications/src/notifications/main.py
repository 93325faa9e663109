"""Composition root of the notifications service."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI

from common.app import Runtime, build_service_app
from notifications import api
from notifications.config import NotificationsSettings
from notifications.consumers import consumers
from notifications.dispatcher import Dispatcher


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()

    def workers(runtime: Runtime) -> list[Callable[[], Coroutine[Any, Any, None]]]:
        return [Dispatcher(settings, runtime.uow, runtime.outbox).run]

    return build_service_app(
        settings=settings,
        title="nea-coop notifications",
        description="Subscriptions; signed webhooks, email and an inbox; retries and a dead-letter queue.",
        routers=[api.router],
        tags=[
            {
                "name": "notifications",
                "description": "Subscriptions to events, their deliveries (webhook, email) and the inbox",
            },
        ],
        consumers=consumers,
        workers=workers,
    )
