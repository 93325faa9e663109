"""`GET /v1/calendar.ics`: the meetings as a public iCalendar feed, with the filters of the meetings list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from common.app import runtime_of
from common.contracts.meetings import MeetingStatus, Track
from common.contracts.registry import Language
from common.errors import RuleViolated
from common.rfc3339 import Date
from meetings import calendar, repository

router = APIRouter(prefix="/v1", tags=["calendar"])

MEDIA_TYPE = "text/calendar; charset=utf-8"
# Subscribers poll; `no-cache` lets caches keep the feed but makes them revalidate it with the ETag first.
CACHE_CONTROL = "public, no-cache"


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The feed (RFC 5545), one VEVENT per meeting"},
        304: {"description": "The feed has not changed since the ETag given in If-None-Match"},
    },
    operation_id="getMeetingsCalendar",
)
async def calendar_feed(
    request: Request,
    issue_area: Annotated[str | None, Query(description="Only meetings on this issue area")] = None,
    mechanism: Annotated[str | None, Query(description="Only meetings of this mechanism")] = None,
    member: Annotated[str | None, Query(description="Only meetings this member takes part in")] = None,
    track: Annotated[Track | None, Query(description="Only meetings of this track")] = None,
    status: Annotated[MeetingStatus | None, Query(description="Only meetings in this status")] = None,
    from_day: Annotated[
        Date | None, Query(alias="from", description="Only meetings starting on or after this local date")
    ] = None,
    to_day: Annotated[
        Date | None, Query(alias="to", description="Only meetings starting on or before this local date")
    ] = None,
    lang: Annotated[Language, Query(description="Language of titles and names; else English")] = "en",
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The meetings as an iCalendar feed to subscribe to: public, no credentials. Cancelled meetings stay
    in the feed with `STATUS:CANCELLED`; every change to a meeting raises its `SEQUENCE`. Revalidate with
    `If-None-Match` and the `ETag` to get 304 when nothing changed."""
    if from_day is not None and to_day is not None and to_day < from_day:
        raise RuleViolated(f"`to` ({to_day}) is before `from` ({from_day})", field="to")
    async with runtime_of(request).uow.read() as session:
        meetings = await repository.all_matching(
            session,
            repository.MeetingFilter(
                issue_area=issue_area,
                mechanism=mechanism,
                member=member,
                track=track,
                status=status,
                from_date=from_day,
                to_date=to_day,
            ),
        )
        names = await repository.names_for(session, meetings)
    tag = calendar.feed_etag(meetings, language=lang, names=names)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if calendar.matches_if_none_match(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    body = calendar.render_feed(meetings, language=lang, names=names, stamp=datetime.now(UTC))
    headers["Content-Disposition"] = 'inline; filename="nea-coop-meetings.ics"'
    return Response(content=body.encode("utf-8"), media_type=MEDIA_TYPE, headers=headers)
