from enum import StrEnum


class ParticipantAttendanceType0(StrEnum):
    ABSENT = "absent"
    ATTENDED = "attended"

    def __str__(self) -> str:
        return str(self.value)
