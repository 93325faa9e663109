from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from common.contracts.registry import MemberKind

LANGUAGES = ("en", "ko", "ja", "zh", "ru", "mn")


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        pattern=r"^[A-Z][A-Z0-9_-]{1,15}$",
        description="ISO 3166-1 alpha-3 for states (KOR, JPN, ...), a short upper-case code for others",
        examples=["KOR"],
    )
    kind: MemberKind
    names: dict[str, str] = Field(description="Names by language (en, ko, ja, zh, ru, mn); English required")
    parent_code: str | None = Field(default=None, description="The state a local government belongs to")

    @field_validator("names")
    @classmethod
    def english_and_known_languages(cls, names: dict[str, str]) -> dict[str, str]:
        if not names.get("en", "").strip():
            raise ValueError("an English name ('en') is required")
        unknown = sorted(set(names) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"unknown languages {unknown}; use {list(LANGUAGES)}")
        return names


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    kind: MemberKind
    names: dict[str, str]
    parent_code: str | None
    version: int
    registered_at: datetime
