"""Composition root of the registry."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import build_service_app
from registry import api
from registry.config import RegistrySettings


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or RegistrySettings(),
        title="nea-coop registry",
        description="Members and their participation over time, mechanisms, issue areas, API clients.",
        routers=[api.router],
    )
