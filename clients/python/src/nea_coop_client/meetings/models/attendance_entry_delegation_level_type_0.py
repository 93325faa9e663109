from enum import StrEnum


class AttendanceEntryDelegationLevelType0(StrEnum):
    EXPERT = "expert"
    MINISTERIAL = "ministerial"
    SENIOR_OFFICIALS = "senior_officials"
    SUMMIT = "summit"
    WORKING = "working"

    def __str__(self) -> str:
        return str(self.value)
