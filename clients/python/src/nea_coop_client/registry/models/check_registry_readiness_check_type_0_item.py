from enum import StrEnum


class CheckRegistryReadinessCheckType0Item(StrEnum):
    DATABASE = "database"
    KAFKA = "kafka"

    def __str__(self) -> str:
        return str(self.value)
