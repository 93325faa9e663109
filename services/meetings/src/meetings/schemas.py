from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: dict[str, str] = Field(description="Title by language (en, ko, ja, zh, ru, mn); English required")
    host_code: str = Field(description="Code of the hosting member, as registered in the registry")
    start_date: date
    end_date: date

    @field_validator("title")
    @classmethod
    def english_title(cls, title: dict[str, str]) -> dict[str, str]:
        if not title.get("en", "").strip():
            raise ValueError("an English title ('en') is required")
        return title

    @model_validator(mode="after")
    def ends_after_start(self) -> Self:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class MeetingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: dict[str, str]
    host_code: str
    start_date: date
    end_date: date
    status: str
    version: int
    scheduled_at: datetime
