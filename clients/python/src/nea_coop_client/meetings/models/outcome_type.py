from enum import StrEnum


class OutcomeType(StrEnum):
    CONCEPT_NOTE_APPROVED = "concept_note_approved"
    FRAMEWORK_ADOPTED = "framework_adopted"
    JOINT_STATEMENT = "joint_statement"
    MOU_SIGNED = "mou_signed"
    PROJECT_LAUNCHED = "project_launched"
    SUPPORT_EXPRESSED = "support_expressed"

    def __str__(self) -> str:
        return str(self.value)
