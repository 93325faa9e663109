from enum import StrEnum


class StatusHistoryStatusAtType0(StrEnum):
    INVITED = "invited"
    OBSERVER = "observer"
    PARTICIPANT = "participant"
    PARTNER = "partner"
    SUPPORTER = "supporter"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
