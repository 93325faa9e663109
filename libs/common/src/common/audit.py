"""The audit trail every service answers at `GET /v1/audit`: who changed what and when, from its own records.

Each event a service records is also a row of its `audit_log` table, written by `Outbox.record` in the
transaction of the change, so the trail is exactly the service's announcements, and it is kept after the
outbox's published rows are swept (common.housekeeping).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import ADMIN_SCOPE, Principal, require_scope
from common.db import UnitOfWork
from common.errors import RuleViolated
from common.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, decode_cursor, encode_cursor
from common.messaging.tables import audit_log
from common.rfc3339 import Timestamp


class AuditEntry(BaseModel):
    """One change: the event that announced it, who made it, and when."""

    event_id: str = Field(description="The CloudEvents `id` of the event on Kafka")
    event_type: str = Field(description="For example `org.neacoop.meetings.meeting.held.v1`")
    subject: str = Field(description="The aggregate changed: a member code, a meeting id, `NAPCI/<track>`")
    actor: str = Field(
        description="Who made the change: a partner API client's id, `admin`, `seed`, or the service that "
        "derived it from another service's event"
    )
    occurred_at: datetime = Field(description="When the change was recorded (the event's `time`)")
    correlation_id: str | None = Field(description="The request's `X-Correlation-ID`, or the causing event's")
    data: dict[str, Any] = Field(description="The event's data as published: the aggregate's state after it")


async def page(
    session: AsyncSession,
    *,
    subject: str | None,
    actor: str | None,
    event_type: str | None,
    since: datetime | None,
    until: datetime | None,
    after: int | None,
    limit: int,
) -> list[tuple[int, AuditEntry]]:
    """Entries in the order they were recorded, each with its position (the cursor's key)."""
    query: Select[Any] = select(audit_log).order_by(audit_log.c.position).limit(limit)
    for column, value in (
        (audit_log.c.subject, subject),
        (audit_log.c.actor, actor),
        (audit_log.c.event_type, event_type),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(audit_log.c.occurred_at >= since)
    if until is not None:
        query = query.where(audit_log.c.occurred_at < until)
    if after is not None:
        query = query.where(audit_log.c.position > after)
    rows = (await session.execute(query)).mappings().all()
    return [(row["position"], AuditEntry.model_validate(dict(row))) for row in rows]


def _with_offset(moment: datetime | None, field: str) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise RuleViolated(f"`{field}` needs an offset (2014-05-20T00:00:00Z)", field=field)
    return moment


Admin = Annotated[Principal, Depends(require_scope(ADMIN_SCOPE))]


def audit_router(unit_of_work: Callable[[Request], UnitOfWork], *, service: str) -> APIRouter:
    """`GET /v1/audit` for a service; `unit_of_work` finds the service's database from the request and
    `service` names the operation, unique across the services."""
    router = APIRouter(prefix="/v1/audit", tags=["audit"])

    @router.get("", operation_id=f"list{service.capitalize()}AuditEntries")
    async def list_audit(
        request: Request,
        _: Admin,
        subject: Annotated[
            str | None, Query(description="The aggregate: a member code, a meeting id, `NAPCI/<track>`")
        ] = None,
        actor: Annotated[
            str | None, Query(description="An API client's id, `admin`, `seed` or a service's name")
        ] = None,
        event_type: Annotated[
            str | None, Query(alias="type", description="An event type, `org.neacoop.<...>.v1`")
        ] = None,
        since: Annotated[
            Timestamp | None, Query(alias="from", description="RFC 3339: changes at or after this time")
        ] = None,
        until: Annotated[
            Timestamp | None, Query(alias="to", description="RFC 3339: changes before this time")
        ] = None,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    ) -> Page[AuditEntry]:
        """Who changed what and when in this service (administrators only), oldest first.

        Each entry is one event this service announced: its id and type, the subject it changed, the
        actor (the partner API client's id for a partner's write, `admin` for the administrator key,
        `seed` for the reference import, or this service's own name for a change it derived from
        another service's event, such as a roadmap stage advanced by a meeting held), the time, the
        correlation id that ties it to the request or event that caused it (and to the log lines), and
        the event's data. The same actor travels with the event on Kafka, as the `ce_actor` attribute and
        in the data's `metadata`. Entries are kept for good, after the outbox has been swept.

        Filter by `subject`, `actor`, event `type` and a time range (`from` inclusive, `to` exclusive);
        `next_cursor` pages on. A partner client is refused with 403, a request without credentials with
        401.
        """
        position = decode_cursor(cursor)
        async with unit_of_work(request).read() as session:
            rows = await page(
                session,
                subject=subject,
                actor=actor,
                event_type=event_type,
                since=_with_offset(since, "from"),
                until=_with_offset(until, "to"),
                after=position["after"] if position else None,
                limit=limit + 1,
            )
        shown = rows[:limit]
        next_cursor = encode_cursor({"after": shown[-1][0]}) if len(rows) > limit else None
        return Page(items=[entry for _, entry in shown], next_cursor=next_cursor)

    return router
