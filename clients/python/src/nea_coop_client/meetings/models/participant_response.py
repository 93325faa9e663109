from enum import StrEnum


class ParticipantResponse(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    INVITED = "invited"

    def __str__(self) -> str:
        return str(self.value)
