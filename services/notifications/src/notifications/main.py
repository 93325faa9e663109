"""Composition root of the notifications service."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import build_service_app
from notifications.config import NotificationsSettings


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or NotificationsSettings(),
        title="nea-coop notifications",
        description="Subscriptions; signed webhooks, email and an inbox; retries and a dead-letter queue.",
        routers=[],
    )
