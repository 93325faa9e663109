"""Composition root of the meetings service."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import build_service_app
from common.errors import NotFound
from common.openapi import PathParameter
from meetings import api, attendance_api, calendar_api
from meetings.config import MeetingsSettings
from meetings.consumers import consumers

EXAMPLE_MEETING_ID = "3f2b8c1d-7a4e-4f6b-9c2d-8e1a5b7c9d0f"


def create_app(settings: MeetingsSettings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or MeetingsSettings(),
        title="nea-coop meetings",
        description="Meetings, participants and attendance, outcomes; 'TRM+ held' is recorded here.",
        routers=[
            api.router,
            attendance_api.router,
            calendar_api.router,
        ],
        tags=[
            {"name": "meetings", "description": "Meetings, their participants and attendance, outcomes"},
            {"name": "calendar", "description": "Meetings as an iCalendar feed"},
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
        },
        consumers=consumers,
    )
