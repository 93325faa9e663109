"""`Idempotency-Key` for writes (DESIGN, HTTP conventions): the same key with the same body returns the
first answer and changes nothing; the same key with another body is refused with a 422.

The key is claimed in the write's own transaction, so the answer is remembered if and only if the change
committed. A second request with the key waits on the claim's row until the first transaction ends, then
replays its answer; if the first failed, nothing was remembered and the second runs afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import Text, cast, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import runtime_of
from common.auth import Principal
from common.db import UnitOfWork
from common.errors import RuleViolated
from common.limits import HEADER_MAX_LENGTH
from common.messaging.tables import idempotency_keys

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=HEADER_MAX_LENGTH,
        description="Repeat a write safely: the same key and body return the first answer",
    ),
]


@dataclass(frozen=True)
class IdempotentWrite:
    key: str | None
    scope: str
    fingerprint: str

    @classmethod
    def of(cls, request: Request, principal: Principal, key: str | None, body: Any = None) -> IdempotentWrite:
        content = body.model_dump_json() if hasattr(body, "model_dump_json") else repr(body)
        fingerprint = hashlib.sha256(f"{request.method} {request.url.path}\n{content}".encode()).hexdigest()
        # Keys belong to the client that sent them: two partners may pick the same key.
        return cls(key=key, scope=principal.client_id, fingerprint=fingerprint)

    async def replay(self, session: AsyncSession) -> Response | None:
        """The first answer to this key, or None after claiming the key for this write."""
        if self.key is None:
            return None
        claimed = await session.execute(
            insert(idempotency_keys)
            .values(scope=self.scope, key=self.key, fingerprint=self.fingerprint)
            .on_conflict_do_nothing()
            .returning(idempotency_keys.c.key)
        )
        if claimed.first() is not None:
            return None
        first = (
            await session.execute(
                select(idempotency_keys).where(
                    idempotency_keys.c.scope == self.scope, idempotency_keys.c.key == self.key
                )
            )
        ).one()
        if first.fingerprint != self.fingerprint:
            raise RuleViolated(
                "this Idempotency-Key was used with another request; use a new key for a new write",
                field="Idempotency-Key",
            )
        headers = {**(first.response_headers or {}), "Idempotent-Replayed": "true"}
        return _response(_json(first.response_body), status_code=first.status_code, headers=headers)

    async def remember(
        self,
        session: AsyncSession,
        *,
        status_code: int,
        content: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        if self.key is None:
            return
        # The answer's JSON as it was sent, parsed by PostgreSQL rather than decoded and encoded again here.
        body = cast(literal(content.decode(), Text), JSONB)
        await session.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.scope == self.scope, idempotency_keys.c.key == self.key)
            .values(status_code=status_code, response_body=body, response_headers=headers or {})
        )


@dataclass(frozen=True)
class Answer:
    """What a write answers: its body and the headers (Location, ETag) a replay must repeat."""

    body: Any = None  # a model, data already shaped as JSON (a list of participants, say), or no body
    headers: dict[str, str] = field(default_factory=dict)

    def content(self) -> bytes:
        """The body as JSON, serialised once: by pydantic's serializer for a model, as Starlette's
        JSONResponse renders anything else (so the bytes are those the route answered before)."""
        if isinstance(self.body, BaseModel):
            return self.body.model_dump_json().encode()
        return _json(self.body)


def _json(data: Any) -> bytes:
    # Exactly as Starlette's JSONResponse renders it.
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


def _response(content: bytes, *, status_code: int, headers: dict[str, str]) -> Response:
    # A 204 has no content at all (RFC 9110, 15.3.5): not even the JSON `null`.
    if status_code == 204:
        return Response(status_code=status_code, headers=headers)
    return Response(content, status_code=status_code, headers=headers, media_type="application/json")


async def run_write(
    uow: UnitOfWork,
    write: IdempotentWrite,
    change: Callable[[AsyncSession], Awaitable[Answer]],
    *,
    status_code: int = 200,
) -> Response:
    """Runs `change` in one transaction, or replays the first answer to the same Idempotency-Key."""
    async with uow.transaction() as session:
        first = await write.replay(session)
        if first is not None:
            return first
        answer = await change(session)
        content = answer.content()
        await write.remember(session, status_code=status_code, content=content, headers=answer.headers)
    return _response(content, status_code=status_code, headers=answer.headers)


async def answer_write(
    request: Request,
    principal: Principal,
    key: str | None,
    body: Any,
    change: Callable[[AsyncSession], Awaitable[Answer]],
    *,
    status_code: int = 200,
) -> Response:
    """The write ceremony every route shares: fingerprint the request, then `run_write` in the app's unit
    of work, so a route is left with parsing, authorising, the use case and the shape of its answer."""
    write = IdempotentWrite.of(request, principal, key, body)
    return await run_write(runtime_of(request).uow, write, change, status_code=status_code)
