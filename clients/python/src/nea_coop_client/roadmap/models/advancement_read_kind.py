from enum import StrEnum


class AdvancementReadKind(StrEnum):
    ADVANCED = "advanced"
    CRITERIA_ADOPTED = "criteria_adopted"
    DECISION = "decision"

    def __str__(self) -> str:
        return str(self.value)
