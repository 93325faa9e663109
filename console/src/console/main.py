"""Composition root of the cooperation console: the page's static files and a forwarder of
`/api/<service>/v1/...` to the four services, so that the page has one origin and needs no CORS.

The console keeps no data: every view is read from the services' public read APIs (DESIGN.md, "Read models
for people"), and an administrator's actions carry the token the operator typed into the page, which the
service checks as it checks any client's. Nothing here calls one service on behalf of another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from common import logging as log
from common.errors import DomainError, NotFound, install_problem_handlers
from common.limits import install_body_limit
from console.config import SERVICES, ConsoleSettings

logger = log.get_logger(__name__)

# The largest body a service accepts (common.config.ServiceSettings.http_max_body_bytes's default).
MAX_BODY_BYTES = 262_144

# What the page's requests may tell a service, and what a service's answer tells the page. Hop-by-hop
# headers (RFC 9110 §7.6.1), cookies and the console's own Host never pass.
REQUEST_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "idempotency-key",
    "if-match",
    "if-none-match",
    "traceparent",
    "x-correlation-id",
)
RESPONSE_HEADERS = ("content-type", "etag", "location", "retry-after", "x-correlation-id", "content-language")


class ServiceUnreachable(DomainError):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


def create_app(
    settings: ConsoleSettings | None = None, *, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """`transport` replaces the network between the console and the services (the tests' own apps)."""
    settings = settings or ConsoleSettings()
    log.configure_logging(service=settings.service_name, level=settings.log_level)
    static_dir = settings.console_static_dir.absolute()
    if not (static_dir / "index.html").is_file():
        # A console without its page would answer 404 to everyone; refusing to start says why at once.
        raise RuntimeError(
            f"no console bundle at {static_dir} (NEACOOP_CONSOLE_STATIC_DIR): build it with `make console`"
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        timeout = httpx.Timeout(settings.console_upstream_timeout_seconds)
        async with httpx.AsyncClient(timeout=timeout, transport=transport, follow_redirects=False) as client:
            app.state.upstream = client
            logger.info("console serving", static_dir=str(static_dir))
            yield

    app = FastAPI(
        title="nea-coop console",
        description="The cooperation console's page and its forwarder to the services' APIs.",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    install_body_limit(app, max_bytes=MAX_BODY_BYTES)

    # Alive is ready: the page was found at start-up, and the services' own readiness is theirs to answer
    # (a page shows a service that is away as a problem). /readyz too, for the image's HEALTHCHECK.
    @app.get("/healthz", include_in_schema=False)
    @app.get("/readyz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    @app.api_route("/api/{service}/{path:path}", methods=methods, include_in_schema=False)
    async def forward(service: str, path: str, request: Request) -> Response:
        if service not in SERVICES:
            known = ", ".join(SERVICES)
            raise NotFound(f"no service {service!r}; the console reaches {known}", field="service")
        # Only the versioned API: operations endpoints (/metrics, /readyz) stay between a service and its
        # operators.
        if not path.startswith("v1/"):
            raise NotFound(f"the console forwards /v1/... only, not /{path}", field="path")
        url = f"{settings.service_url(service)}/{path}"
        headers = {name: value for name, value in request.headers.items() if name in REQUEST_HEADERS}
        client: httpx.AsyncClient = request.app.state.upstream
        try:
            answer = await client.request(
                request.method,
                url,
                params=request.url.query,
                headers=headers,
                content=await request.body(),
            )
        except httpx.HTTPError as exc:
            logger.warning("service unreachable", service=service, error=f"{type(exc).__name__}: {exc}")
            raise ServiceUnreachable(
                f"the {service} service did not answer ({type(exc).__name__}); try again shortly",
                field="service",
            ) from exc
        kept = {name: answer.headers[name] for name in RESPONSE_HEADERS if name in answer.headers}
        return Response(content=answer.content, status_code=answer.status_code, headers=kept)

    app.mount("/", StaticFiles(directory=static_dir, html=True), name="page")
    return app
