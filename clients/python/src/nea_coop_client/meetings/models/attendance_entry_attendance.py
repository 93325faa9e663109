from enum import StrEnum


class AttendanceEntryAttendance(StrEnum):
    ABSENT = "absent"
    ATTENDED = "attended"

    def __str__(self) -> str:
        return str(self.value)
