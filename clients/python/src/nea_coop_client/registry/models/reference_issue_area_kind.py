from enum import StrEnum


class ReferenceIssueAreaKind(StrEnum):
    NON_TRADITIONAL = "non_traditional"
    TRADITIONAL = "traditional"

    def __str__(self) -> str:
        return str(self.value)
