"""`/healthz` (the process is alive), `/readyz` (its database and Kafka are reachable) and `/metrics`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

Check = Callable[[], Awaitable[None]]


def health_router(checks: Callable[[Request], Mapping[str, Check]], *, service: str) -> APIRouter:
    """`service` names the operations, which every service has: operation ids are unique across them."""
    router = APIRouter(tags=["operations"])
    name = service.capitalize()

    @router.get("/healthz", summary="The process is alive", operation_id=f"check{name}Liveness")
    async def healthz() -> dict[str, str]:
        """`{"status": "ok"}` while the process serves requests, whatever its database and Kafka: a
        liveness probe restarts a service that stops answering here, and nothing else."""
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="The database and Kafka are reachable",
        operation_id=f"check{name}Readiness",
        responses={
            503: {
                "description": "A check failed; the body says which, like the 200's",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )
    async def readyz(
        request: Request, check: list[Literal["database", "kafka"]] | None = Query(default=None)
    ) -> JSONResponse:
        """Ready when every check passes; `?check=database` asks for that one only. A load balancer's
        readiness wants only the database: a service keeps accepting writes while Kafka is away (they wait
        in its outbox), so Kafka's absence must not take it out of rotation."""
        wanted = set(check or ())
        results: dict[str, str] = {}
        for name, probe in checks(request).items():
            if wanted and name not in wanted:
                continue
            try:
                async with asyncio.timeout(5):
                    await probe()
                results[name] = "ok"
            except Exception as exc:
                results[name] = f"unavailable: {type(exc).__name__}: {exc}"[:300]
        ready = all(v == "ok" for v in results.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": results},
            status_code=200 if ready else 503,
        )

    @router.get(
        "/metrics", summary="Prometheus metrics", response_class=Response, operation_id=f"get{name}Metrics"
    )
    async def metrics() -> Response:
        """Prometheus' text format, for a scraper: the events the outbox published, failed to publish or
        quarantined, and the records each consumer applied, retried or dead-lettered."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
