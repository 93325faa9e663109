"""Test support for the notifications service (like common.testing), imported as `support.notifications`:
the service under test and readers of its answers (`app`), the real endpoints it sends to (`endpoints`:
a webhook receiver and an SMTP server), a stand-in for the other services on the bus (`stand_ins`), and
plain factories (`factories`)."""

from support.notifications.app import (
    ADMIN,
    HandClock,
    deliveries,
    delivery,
    delivery_reaching,
    json_of,
    problem_of,
    running,
    settings_for_tests,
    start_group_at_end,
    subscribe,
)
from support.notifications.endpoints import (
    Answer,
    MailServer,
    ReceivedRequest,
    Receiver,
    free_port,
    mail_server_running,
    receiving,
)
from support.notifications.factories import (
    DELIVERY_DEAD,
    HELD,
    STAGE_ADVANCED,
    contact,
    decision,
    fresh_version,
    inbox,
    meeting_held,
    stage_advanced,
    unique_code,
    webhook,
)
from support.notifications.stand_ins import OthersOnTheBus, Partner

__all__ = [
    "ADMIN",
    "DELIVERY_DEAD",
    "HELD",
    "STAGE_ADVANCED",
    "Answer",
    "HandClock",
    "MailServer",
    "OthersOnTheBus",
    "Partner",
    "ReceivedRequest",
    "Receiver",
    "contact",
    "decision",
    "deliveries",
    "delivery",
    "delivery_reaching",
    "free_port",
    "fresh_version",
    "inbox",
    "json_of",
    "mail_server_running",
    "meeting_held",
    "problem_of",
    "receiving",
    "running",
    "settings_for_tests",
    "stage_advanced",
    "start_group_at_end",
    "subscribe",
    "unique_code",
    "webhook",
]
