"""Composition root of the meetings service."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI

from common.app import Runtime, build_service_app
from common.errors import NotFound
from common.openapi import PathParameter
from meetings import api, attendance_api, calendar_api
from meetings.analytics import api as analytics_api
from meetings.analytics.sweep import EngagementSweep
from meetings.config import MeetingsSettings
from meetings.consumers import consumers

EXAMPLE_MEETING_ID = "3f2b8c1d-7a4e-4f6b-9c2d-8e1a5b7c9d0f"


def utc_today() -> date:
    return datetime.now(UTC).date()


def create_app(settings: MeetingsSettings | None = None, *, today: Callable[[], date] = utc_today) -> FastAPI:
    """`today` is the clock engagement is judged by: the sweep's, a "held"'s and the default `as_of`."""
    settings = settings or MeetingsSettings()

    def workers(runtime: Runtime) -> list[Callable[[], Coroutine[Any, Any, None]]]:
        sweep = EngagementSweep(
            uow=runtime.uow,
            outbox=runtime.outbox,
            interval_seconds=settings.engagement_sweep_interval_seconds,
            today=today,
        )
        return [sweep.run]

    app = build_service_app(
        settings=settings,
        title="nea-coop meetings",
        description="Meetings, participants and attendance, outcomes; 'TRM+ held' is recorded here.",
        routers=[
            api.router,
            attendance_api.router,
            calendar_api.router,
            analytics_api.router,
        ],
        tags=[
            {"name": "meetings", "description": "Meetings, their participants and attendance, outcomes"},
            {"name": "calendar", "description": "Meetings as an iCalendar feed"},
            {
                "name": "analytics",
                "description": "Who meets whom (the co-participation network) and who drifts away "
                "(engagement from attendance)",
            },
        ],
        path_parameters={
            "meetings/{meeting_id}": PathParameter(
                "meeting",
                EXAMPLE_MEETING_ID,
                NotFound(f"no meeting with id {EXAMPLE_MEETING_ID}", field="meeting_id"),
            ),
            "participants/{member_code}": PathParameter(
                "participant", "JPN", NotFound("JPN is not invited to this meeting", field="member_code")
            ),
            "engagement/{code}": PathParameter(
                "member", "MNG", NotFound("no member MNG is known to the meetings service", field="code")
            ),
        },
        consumers=consumers,
        workers=workers,
    )
    app.state.today = today
    return app
