from enum import StrEnum


class MechanismReadMemberCountSource(StrEnum):
    DECLARED = "declared"
    REGISTERED = "registered"

    def __str__(self) -> str:
        return str(self.value)
