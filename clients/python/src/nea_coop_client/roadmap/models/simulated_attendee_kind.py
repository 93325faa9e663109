from enum import StrEnum


class SimulatedAttendeeKind(StrEnum):
    INSTITUTE = "institute"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    LOCAL_GOVERNMENT = "local_government"
    REGIONAL_ORGANIZATION = "regional_organization"
    STATE = "state"

    def __str__(self) -> str:
        return str(self.value)
