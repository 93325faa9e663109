from enum import StrEnum


class MeetingReadStatus(StrEnum):
    CANCELLED = "cancelled"
    CONFIRMED = "confirmed"
    HELD = "held"
    PLANNED = "planned"
    POSTPONED = "postponed"

    def __str__(self) -> str:
        return str(self.value)
