from enum import StrEnum


class ClientCreateScopesItem(StrEnum):
    ADMIN = "admin"
    MEETINGSWRITE = "meetings:write"
    MEMBERSWRITE = "members:write"
    ROADMAPWRITE = "roadmap:write"
    SUBSCRIPTIONSWRITE = "subscriptions:write"

    def __str__(self) -> str:
        return str(self.value)
