from enum import StrEnum


class DecisionReadKind(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    MOVE_BACK = "move_back"
    OPEN_ISSUE_AREA = "open_issue_area"

    def __str__(self) -> str:
        return str(self.value)
