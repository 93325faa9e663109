"""Events of the notifications service: what happened to each delivery, for audit (issue 6, item 8)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.catalog import CATALOG, EventData

DELIVERY_TOPIC = "notifications.delivery.v1"

Channel = Literal["webhook", "email", "inbox"]
DeliveryStatus = Literal["pending", "delivered", "failed", "dead", "cancelled"]


class DeliveryState(BaseModel):
    """One delivery: one event (`event_id`, `event_type`) to one subscription through its channel."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    delivery_id: str
    subscription_id: str
    subscriber: str = Field(description="Who subscribed: a member's code or an API client id")
    channel: Channel
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None = Field(default=None, description="The HTTP status of the last attempt")
    last_error: str | None = None
    version: int


@CATALOG.event(type="org.neacoop.notifications.delivery.delivered.v1", topic=DELIVERY_TOPIC)
class DeliverySucceeded(EventData):
    """A notification reached its subscriber (a webhook answered 2xx, the SMTP server accepted the email,
    or it was stored in the inbox)."""

    delivery: DeliveryState
    delivered_at: datetime


@CATALOG.event(type="org.neacoop.notifications.delivery.failed.v1", topic=DELIVERY_TOPIC)
class DeliveryFailed(EventData):
    """An attempt failed; the delivery is tried again at `next_attempt_at`."""

    delivery: DeliveryState
    next_attempt_at: datetime


@CATALOG.event(type="org.neacoop.notifications.delivery.dead.v1", topic=DELIVERY_TOPIC)
class DeliveryDead(EventData):
    """The last attempt failed, or the endpoint is gone (410): the delivery is dead. It is listed with
    the dead letters and can be redelivered; the subscriber's other channels are told."""

    delivery: DeliveryState
    reason: str
