"""The rules of digests, with nothing of the database: what a subscription's digest asks for, and when
it is next sent, in the subscriber's time zone.

A digest is sent at its time of day on the wall clock of its zone, so across a change of daylight saving
time it keeps its local hour and moves in UTC. A local time that does not exist that day (02:30 in
Europe/Berlin on the last Sunday of March) is sent as the clock jumps past it, at the same instant as
03:30 CEST; one that happens twice (02:30 on the last Sunday of October) is sent once, at the first.
Both are what `zoneinfo` gives a wall time with `fold=0` (PEP 495,
https://peps.python.org/pep-0495/#mapping-local-time-to-utc).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from common.errors import RuleViolated
from common.timezones import TimeZone

Every = Literal["day", "week"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# In `date.weekday()`'s order: Monday is 0.
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)

TimeOfDay = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", max_length=5),
    Field(
        description="The time of day it is sent, HH:MM on a 24-hour clock, in `time_zone`", examples=["08:00"]
    ),
]


class Digest(BaseModel):
    """One message a day or a week listing every event the subscription matched since the previous one,
    instead of a message per event."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"every": "day", "at": "08:00", "time_zone": "Asia/Seoul"},
                {"every": "week", "at": "09:30", "time_zone": "Europe/Moscow", "weekday": "monday"},
            ]
        },
    )

    every: Every = Field(description="`day` or `week`")
    at: TimeOfDay
    time_zone: Annotated[TimeZone, Field(description="The subscriber's IANA time zone")]
    weekday: Weekday | None = Field(default=None, description="week: the day it is sent (none for `day`)")

    def check(self) -> None:
        """A weekly digest names its day; a daily one has none to name (422 naming `digest.weekday`)."""
        if self.every == "week" and self.weekday is None:
            raise RuleViolated("a weekly digest names its `weekday`", field="digest.weekday")
        if self.every == "day" and self.weekday is not None:
            raise RuleViolated(
                "a daily digest is sent every day: it has no `weekday`", field="digest.weekday"
            )

    def sent_on(self, day: date) -> bool:
        return self.every == "day" or WEEKDAYS[day.weekday()] == self.weekday

    def next_after(self, moment: datetime) -> datetime:
        """The first time it is sent strictly after `moment` (aware), in UTC."""
        zone = ZoneInfo(self.time_zone)
        hour, minute = (int(part) for part in self.at.split(":"))
        today = moment.astimezone(zone).date()
        # A week and a day: the first candidate day may be today with its time already past.
        for offset in range(9):
            day = today + timedelta(days=offset)
            if not self.sent_on(day):
                continue
            when = datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)
            if when > moment:
                return when
        raise AssertionError(f"no digest time within nine days of {moment.isoformat()}")  # pragma: no cover


def digest_of(stored: dict[str, object] | None) -> Digest | None:
    """A subscription's digest as stored (JSON), or None when it is told of each event."""
    return None if stored is None else Digest.model_validate(stored)


def refuse_for_channel(channel: str) -> None:
    """A webhook is a machine's endpoint and hears of each event as it happens; digests are for people."""
    if channel == "webhook":
        raise RuleViolated(
            "a webhook is sent each event as it happens: digests are for email and inbox", field="digest"
        )
