"""Events of the meetings service, on `meetings.meeting.v1`, keyed by meeting id."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from common.contracts.catalog import CATALOG, EventData

MEETING_TOPIC = "meetings.meeting.v1"


@CATALOG.event(type="org.neacoop.meetings.meeting.scheduled.v1", topic=MEETING_TOPIC)
class MeetingScheduled(EventData):
    """A meeting was put on the calendar (status `planned`)."""

    meeting_id: str
    title: dict[str, str] = Field(description="Title by language code; 'en' always present")
    host_code: str
    start_date: date
    end_date: date
