from enum import StrEnum


class MemberEngagementReadEngagement(StrEnum):
    ACTIVE = "active"
    LAPSED = "lapsed"
    LAPSING = "lapsing"

    def __str__(self) -> str:
        return str(self.value)
