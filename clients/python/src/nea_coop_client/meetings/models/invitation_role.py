from enum import StrEnum


class InvitationRole(StrEnum):
    GUEST = "guest"
    HOST = "host"
    OBSERVER = "observer"
    PARTICIPANT = "participant"

    def __str__(self) -> str:
        return str(self.value)
