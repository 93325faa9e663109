from enum import StrEnum


class SubscriptionCreateLanguageType0(StrEnum):
    EN = "en"
    JA = "ja"
    KO = "ko"
    MN = "mn"
    RU = "ru"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
