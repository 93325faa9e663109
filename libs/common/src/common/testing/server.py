"""An app served by a real uvicorn server on a free port, for what only a real HTTP connection shows:
keep-alive, what the server logs, how a connection ends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI

from common.testing.fixtures import eventually


@asynccontextmanager
async def served(app: FastAPI, *, lifespan: bool = True) -> AsyncIterator[str]:
    """Serves `app` on 127.0.0.1 (its lifespan too, unless told not to); yields the base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, lifespan="on" if lifespan else "off", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(), name="uvicorn")

    async def started() -> bool:
        if task.done():
            task.result()  # a server that failed to start says why
        return server.started

    try:
        await eventually(started, timeout=30, what="uvicorn started")
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def client_port(response: httpx.Response) -> int:
    """The local port of the connection that carried `response`: the same port, the same connection."""
    host_and_port: tuple[str, int] = response.extensions["network_stream"].get_extra_info("client_addr")
    return host_and_port[1]
