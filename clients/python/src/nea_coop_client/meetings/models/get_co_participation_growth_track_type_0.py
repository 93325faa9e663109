from enum import StrEnum


class GetCoParticipationGrowthTrackType0(StrEnum):
    VALUE_0 = "1"
    VALUE_1 = "1.5"
    VALUE_2 = "2"

    def __str__(self) -> str:
        return str(self.value)
