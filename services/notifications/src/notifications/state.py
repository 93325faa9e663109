"""The state a `notifications.delivery.v1` event carries, from the delivery and its subscription."""

from __future__ import annotations

from typing import cast

from common.contracts.notifications import Channel, DeliveryState, DeliveryStatus
from notifications.models import Delivery, Subscription


def delivery_state(delivery: Delivery, subscription: Subscription) -> DeliveryState:
    return DeliveryState(
        delivery_id=delivery.id,
        subscription_id=delivery.subscription_id,
        subscriber=subscription.subscriber,
        channel=cast(Channel, delivery.channel),
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        status=cast(DeliveryStatus, delivery.status),
        attempts=delivery.attempts,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        version=delivery.version,
    )
