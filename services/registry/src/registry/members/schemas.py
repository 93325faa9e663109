from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from common.contracts.registry import Language, MemberKind, ParticipationStatus, StatusPeriod
from common.i18n import Multilingual
from common.limits import Email, Name, Note, Text
from common.rfc3339 import Date, Timestamp

# Upper-case letters, digits, '+' and '-': ISO 3166-1 alpha-3 for states (KOR), short codes for
# organisations and mechanisms (ASEAN, TRM+, GTI-LCC).
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9+\-]{0,31}$", max_length=32)]


class MemberCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "MNG",
                    "kind": "state",
                    "names": {
                        "en": "Mongolia",
                        "ko": "몽골",
                        "ja": "モンゴル",
                        "zh": "蒙古国",
                        "ru": "Монголия",
                        "mn": "Монгол Улс",
                    },
                    "status": "participant",
                    "status_effective_from": "2013-10-01",
                    "status_reason": "joined NAPCI at its launch",
                }
            ]
        },
    )

    code: Code = Field(description="ISO 3166-1 alpha-3 for states, a short upper-case code for others")
    kind: MemberKind
    names: Multilingual
    parent_code: Code | None = Field(default=None, description="The state a local government belongs to")
    role_note: Note | None = Field(default=None, description="For example 'facilitator'")
    status: ParticipationStatus = "invited"
    status_effective_from: Date | None = Field(default=None, description="Defaults to today")
    status_reason: Note = "registered"


class MemberUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"names": {"en": "Republic of Korea", "ko": "대한민국"}, "role_note": "facilitator"}]
        },
    )

    names: Multilingual | None = None
    parent_code: Code | None = None
    role_note: Note | None = None


class MemberRead(BaseModel):
    code: str
    kind: MemberKind
    names: dict[str, str]
    parent_code: str | None
    role_note: str | None
    status: ParticipationStatus | None = Field(description="Status on the date asked (`at`), else today")
    status_since: Date | None
    version: int
    registered_at: Timestamp


class StatusChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "status": "participant",
                    "effective_from": "2014-05-20",
                    "reason": "DPRK took its seat at the NAPCI senior officials' meeting",
                }
            ]
        },
    )

    status: ParticipationStatus
    effective_from: Date
    reason: Text


class StatusCorrection(BaseModel):
    """Corrects one recorded period: its status, its start, or both; or removes a mistaken period."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "period_effective_from": "2015-03-01",
                    "status": "observer",
                    "reason": "the minutes of the 2015 consultation record observer status, not participant",
                }
            ]
        },
    )

    period_effective_from: Date = Field(
        description="Which period to correct: its `effective_from` as the history now records it"
    )
    status: ParticipationStatus | None = Field(default=None, description="The corrected status")
    effective_from: Date | None = Field(default=None, description="The corrected start of the period")
    remove: bool = Field(default=False, description="The period was recorded by mistake: remove it")
    reason: Text = Field(
        description="Why the history is corrected (the minutes, a letter, a typing error, ...)"
    )


class StatusCorrectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    period_before: StatusPeriod = Field(description="The period as recorded before the correction")
    period_after: StatusPeriod | None = Field(description="The period as corrected; null when removed")
    reason: str
    recorded_by: str = Field(description="The administrator's client id (`admin`)")
    recorded_at: Timestamp


class StatusHistory(BaseModel):
    code: str
    at: Date | None = Field(description="The date asked for, if any")
    as_recorded: Timestamp | None = Field(
        default=None, description="The moment whose record is answered, if any; else the history as it stands"
    )
    status_at: ParticipationStatus | None = Field(description="The status in force on `at` (or today)")
    history: list[StatusPeriod]
    corrections: list[StatusCorrectionRead] = Field(
        default_factory=list, description="Corrections recorded (up to `as_recorded`), oldest first"
    )


class ContactCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Kim Min-jun",
                    "email": "napci.desk@mofa.go.kr",
                    "preferred_language": "ko",
                    "role": "NAPCI focal point",
                }
            ]
        },
    )

    name: Name
    email: Email
    preferred_language: Language = "en"
    role: Name = "focal point"


class ContactUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "neasia.coop@mofa.go.kr", "preferred_language": "en"}]},
    )

    name: Name | None = None
    email: Email | None = None
    preferred_language: Language | None = None
    role: Name | None = None


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    member_code: str
    name: str
    email: str
    preferred_language: Language
    role: str
