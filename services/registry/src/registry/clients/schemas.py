from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from common.limits import Name, Token
from registry.members.schemas import Code

# The scopes a client may hold; each service's write routes require one of them (common.auth).
SCOPES: tuple[str, ...] = ("members:write", "meetings:write", "subscriptions:write", "roadmap:write", "admin")


class ClientCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "MOFA", "member_code": "KOR", "scopes": ["members:write", "meetings:write"]}
            ]
        },
    )

    name: Name = Field(description="Who uses the client, for example 'MOFA Korea, meetings desk'")
    member_code: Code | None = Field(
        default=None, description="The member the client acts for; none for administrators' tooling"
    )
    scopes: list[Token] = Field(
        min_length=1,
        max_length=len(SCOPES),
        description="What the client may do: " + ", ".join(SCOPES),
        json_schema_extra={"items": {"type": "string", "enum": list(SCOPES)}},
    )

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, scopes: list[str]) -> list[str]:
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown:
            raise ValueError(f"unknown scope {', '.join(unknown)}; use {', '.join(SCOPES)}")
        return sorted(set(scopes))


class ClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    client_id: str
    name: str
    member_code: str | None
    scopes: list[str]
    revoked_at: datetime | None = Field(description="When the client was revoked; it is refused from then on")
    version: int
    created_at: datetime


class ClientIssued(ClientRead):
    """The one answer that carries the secret: the registry keeps only its hash."""

    secret: str = Field(description="Shown once; store it now, it cannot be read again")
    token: str = Field(description="`<client_id>.<secret>`: send it as `Authorization: Bearer <token>`")
