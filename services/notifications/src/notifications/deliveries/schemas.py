"""What the deliveries API reads and answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.notifications import Channel, DeliveryStatus
from common.rfc3339 import Timestamp


class ReplayRead(BaseModel):
    matched: int = Field(description="Events since `since` that the subscription's filters accept")
    recorded: int = Field(description="New deliveries recorded")
    redelivered: int = Field(description="Existing deliveries sent again")


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempted_at: Timestamp
    outcome: str
    status_code: int | None
    error: str | None
    duration_ms: int | None


class DeliveryRead(BaseModel):
    # Read from the stored delivery's attributes; its attempts are given when it is read alone.
    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="Also the webhook's `webhook-id` and the email's Message-ID")
    subscription_id: str
    event_id: str
    event_type: str
    channel: Channel
    status: DeliveryStatus
    attempts: int
    next_attempt_at: Timestamp | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: Timestamp | None
    created_at: Timestamp
    attempt_log: list[AttemptRead] = Field(default_factory=list)


DeliveryFilterStatus = Literal["pending", "delivered", "failed", "dead", "cancelled"]
