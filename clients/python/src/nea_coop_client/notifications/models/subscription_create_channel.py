from enum import StrEnum


class SubscriptionCreateChannel(StrEnum):
    EMAIL = "email"
    INBOX = "inbox"
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
