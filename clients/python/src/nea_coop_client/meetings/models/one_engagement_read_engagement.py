from enum import StrEnum


class OneEngagementReadEngagement(StrEnum):
    ACTIVE = "active"
    LAPSED = "lapsed"
    LAPSING = "lapsing"

    def __str__(self) -> str:
        return str(self.value)
