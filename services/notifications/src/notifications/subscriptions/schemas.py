"""What the subscriptions API reads and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.notifications import Channel
from common.contracts.registry import Language
from common.limits import Code, Email, Identifier, Note, Token, Url
from common.rfc3339 import Timestamp
from notifications.subscriptions.domain import Filters


class SubscriptionCreate(BaseModel):
    """A subscription for a member's contact (`member_code` and `contact_id`) or, with neither, for the
    API client that creates it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "member_code": "JPN",
                    "contact_id": "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
                    "channel": "webhook",
                    "url": "https://napci.mofa.go.jp/hooks/neacoop",
                    "language": "ja",
                    "filters": {
                        "event_types": [
                            "org.neacoop.meetings.meeting.held.v1",
                            "org.neacoop.roadmap.track.stage_advanced.v1",
                        ],
                        "issue_areas": ["nuclear_safety"],
                    },
                    "description": "MOFA Japan: NAPCI nuclear safety desk",
                }
            ]
        },
    )

    member_code: Code | None = Field(default=None, description="The member whose contact subscribes")
    contact_id: Identifier | None = Field(
        default=None, description="The contact (from the registry) that subscribes"
    )
    channel: Channel
    url: Url | None = Field(default=None, description="webhook: an https URL on a public address")
    secret: Token | None = Field(
        default=None, description="webhook: a `whsec_` signing secret; one is generated when absent"
    )
    email: Email | None = Field(default=None, description="email: the address; the contact's by default")
    language: Language | None = Field(
        default=None, description="en, ko, ja, zh, ru or mn; the contact's language, else English"
    )
    filters: Filters = Field(default_factory=Filters)
    description: Note | None = None


class SubscriptionUpdate(BaseModel):
    """Only the fields sent change. `active: true` enables an endpoint a 410 disabled."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"filters": {"mechanisms": ["TRM+"], "tracks": ["nuclear_safety", "napci"]}, "active": True}
            ]
        },
    )

    url: Url | None = None
    email: Email | None = None
    language: Language | None = None
    filters: Filters | None = None
    description: Note | None = None
    active: bool | None = None


class SubscriptionRead(BaseModel):
    # Read from the stored subscription's attributes (`SubscriptionRead.model_validate(subscription)`).
    model_config = ConfigDict(from_attributes=True)

    id: str
    subscriber: str = Field(description="The member's code for a contact, else the API client's id")
    member_code: str | None
    contact_id: str | None
    channel: Channel
    url: str | None
    email: str | None
    language: str
    filters: Filters
    description: str | None
    active: bool
    disabled_reason: str | None
    secret_expirations: list[datetime | None] = Field(
        default_factory=list, description="webhook: when each signing secret stops signing (null: never)"
    )
    version: int
    created_at: Timestamp


class SubscriptionCreated(SubscriptionRead):
    secret: str | None = Field(description="webhook: the signing secret, shown this once")


class SecretRotation(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"overlap_seconds": 172800}]})

    secret: Token | None = Field(default=None, description="The new `whsec_` secret; generated when absent")
    overlap_seconds: int = Field(
        default=86400, ge=0, le=7 * 86400, description="How long the old secret keeps signing as well"
    )


class SecretRotated(BaseModel):
    secret: str = Field(description="The new signing secret, shown this once")
    previous_expires_at: Timestamp
