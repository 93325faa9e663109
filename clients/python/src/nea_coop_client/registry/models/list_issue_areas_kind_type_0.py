from enum import StrEnum


class ListIssueAreasKindType0(StrEnum):
    NON_TRADITIONAL = "non_traditional"
    TRADITIONAL = "traditional"

    def __str__(self) -> str:
        return str(self.value)
