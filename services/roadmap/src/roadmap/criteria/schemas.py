"""What the criteria API answers: the version in force, with its document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class CriteriaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    roadmap_code: str
    version: int
    document: dict[str, Any]
