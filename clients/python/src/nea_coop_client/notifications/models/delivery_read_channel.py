from enum import StrEnum


class DeliveryReadChannel(StrEnum):
    EMAIL = "email"
    INBOX = "inbox"
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
