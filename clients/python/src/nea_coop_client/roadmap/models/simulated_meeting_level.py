from enum import StrEnum


class SimulatedMeetingLevel(StrEnum):
    EXPERT = "expert"
    MINISTERIAL = "ministerial"
    SENIOR_OFFICIALS = "senior_officials"
    SUMMIT = "summit"
    WORKING = "working"

    def __str__(self) -> str:
        return str(self.value)
