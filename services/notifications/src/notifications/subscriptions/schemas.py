"""What the subscriptions API reads and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.notifications import Channel
from common.contracts.registry import Language
from common.limits import Code, Email, Identifier, Note, Token, Url
from common.rfc3339 import Timestamp
from notifications.digests.domain import Digest
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
                },
                {
                    "member_code": "KOR",
                    "contact_id": "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a",
                    "channel": "email",
                    "filters": {"tracks": ["nuclear_safety", "napci"]},
                    "digest": {"every": "day", "at": "08:00", "time_zone": "Asia/Seoul"},
                    "description": "MOFA Korea: the NAPCI desk's morning digest",
                },
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
    digest: Digest | None = Field(
        default=None,
        description="email and inbox: one message a day or a week listing every event matched since the "
        "previous one, at `at` in `time_zone`, instead of one per event; null (the default): one per event",
    )
    description: Note | None = None


class SubscriptionUpdate(BaseModel):
    """Only the fields sent change. `active: true` enables an endpoint a 410 disabled. `digest: null`
    goes back to one message per event, and what waited for the digest is sent at once."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"filters": {"mechanisms": ["TRM+"], "tracks": ["nuclear_safety", "napci"]}, "active": True},
                {
                    "digest": {
                        "every": "week",
                        "at": "09:30",
                        "time_zone": "Europe/Moscow",
                        "weekday": "monday",
                    }
                },
            ]
        },
    )

    url: Url | None = None
    email: Email | None = None
    language: Language | None = None
    filters: Filters | None = None
    digest: Digest | None = Field(
        default=None, description="A daily or weekly digest; null: one message per event"
    )
    description: Note | None = None
    active: bool | None = None


class SubscriptionRead(BaseModel):
    # Read from the stored subscription's attributes (`SubscriptionRead.model_validate(subscription)`).
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    subscriber: str = Field(description="The member's code for a contact, else the API client's id")
    member_code: str | None
    contact_id: str | None
    channel: Channel
    url: str | None
    email: str | None
    language: str
    filters: Filters
    digest: Digest | None = Field(description="Its daily or weekly digest; null: one message per event")
    next_digest_at: Timestamp | None = Field(
        validation_alias="digest_due_at", description="When its next digest is due (UTC); null without one"
    )
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
