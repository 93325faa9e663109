"""What the inbox API reads and answers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from common.rfc3339 import Timestamp


class InboxItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    event_type: str
    subject: str
    text: str
    html: str
    language: str
    read: bool
    created_at: Timestamp


class InboxPage(BaseModel):
    items: list[InboxItemRead]
    unread: int = Field(description="Unread items in the whole inbox")
    next_cursor: str | None


class ReadMark(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"read": True}]})

    read: bool
