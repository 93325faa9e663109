"""The bare baseline: FastAPI and asyncpg, nothing else. A write stores the meeting's state row and its
outbox row in one transaction (what the outbox rule asks of every write, DESIGN.md rule 2); a read fetches
one state row by id. It runs under uvicorn with the services' settings, on the same PostgreSQL server, so
that the ratio to it measures what the services add above the floor of the framework and the database.

`uvicorn bench.baseline_app:create_app --factory`; BENCH_BASELINE_DSN names its database.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (id uuid PRIMARY KEY, state jsonb NOT NULL, version int NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    id uuid PRIMARY KEY, topic text NOT NULL, key text NOT NULL, payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz
);
"""


def create_app() -> FastAPI:
    dsn = os.environ["BENCH_BASELINE_DSN"]
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(dsn, min_size=2, max_size=10)
        async with pool.acquire() as connection:
            await connection.execute(SCHEMA)
        pools.append(pool)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/v1/meetings", status_code=201)
    async def schedule(body: dict[str, Any]) -> dict[str, Any]:
        meeting_id = uuid.uuid4()
        state = json.dumps({**body, "meeting_id": str(meeting_id), "status": "planned", "version": 1})
        async with pools[0].acquire() as connection, connection.transaction():
            await connection.execute(
                "INSERT INTO meetings (id, state, version) VALUES ($1, $2::jsonb, 1)", meeting_id, state
            )
            await connection.execute(
                "INSERT INTO outbox (id, topic, key, payload) "
                "VALUES ($1, 'meetings.meeting.v1', $2, $3::jsonb)",
                uuid.uuid4(),
                str(meeting_id),
                state,
            )
        return {"id": str(meeting_id), "status": "planned", "version": 1}

    @app.get("/v1/meetings/{meeting_id}")
    async def read(meeting_id: uuid.UUID, request: Request) -> Response:
        async with pools[0].acquire() as connection:
            row = await connection.fetchrow("SELECT state, version FROM meetings WHERE id = $1", meeting_id)
        if row is None:
            return JSONResponse(
                {"title": "not found"}, status_code=404, media_type="application/problem+json"
            )
        return Response(row["state"], media_type="application/json", headers={"ETag": f'"{row["version"]}"'})

    return app
