from enum import StrEnum


class SimulatedAttendeeRole(StrEnum):
    GUEST = "guest"
    HOST = "host"
    OBSERVER = "observer"
    PARTICIPANT = "participant"

    def __str__(self) -> str:
        return str(self.value)
