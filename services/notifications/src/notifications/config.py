"""The notifications service's settings: outbound delivery (webhooks, email) on top of the common ones."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from common.config import ServiceSettings

# Standard Webhooks' retry schedule (https://www.standardwebhooks.com/, "Retry schedule"): the first
# attempt at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h.
STANDARD_WEBHOOKS_SCHEDULE = (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 50400.0, 72000.0, 86400.0)


class NotificationsSettings(ServiceSettings):
    service_name: str = "notifications"
    http_port: int = 8004

    # One entry per attempt: entry n is the wait before attempt n+1. The first attempt is made as soon as
    # the delivery is recorded, so the first entry (0 in Standard Webhooks' schedule) only counts it; its
    # length is the number of attempts before a delivery is dead. Tests compress it.
    delivery_retry_schedule: tuple[float, ...] = Field(default=STANDARD_WEBHOOKS_SCHEDULE, min_length=1)
    # Each wait is spread by up to this fraction either way, so that failed endpoints are not all retried
    # at the same instant.
    delivery_retry_jitter: float = Field(default=0.1, ge=0, le=1)
    delivery_poll_interval_seconds: float = Field(default=1.0, gt=0)
    delivery_batch_size: int = Field(default=50, ge=1)
    # At most this many attempts in flight to one endpoint (a webhook URL, an email address) per process,
    # and so at most this many of the batch: a hanging or backed-up endpoint leaves the rest to others.
    delivery_endpoint_concurrency: int = Field(default=5, ge=1)

    webhook_timeout_seconds: float = Field(default=15.0, gt=0)
    # Hosts a webhook may reach over plain http (https is required everywhere else).
    webhook_http_allowed_hosts: tuple[str, ...] = ()
    # Networks (CIDR) a webhook may reach although they are loopback, private, link-local or metadata
    # addresses, which are refused otherwise.
    webhook_allowed_networks: tuple[str, ...] = ()
    # Consecutive failures after which an endpoint's circuit opens, and how long it stays open.
    webhook_circuit_failures: int = Field(default=5, ge=1)
    webhook_circuit_open_seconds: float = Field(default=60.0, gt=0)

    # How often each replica looks for digests that are due, and how many subscriptions it reads at once.
    # A digest goes out within this long of its time.
    digest_poll_interval_seconds: float = Field(default=30.0, gt=0)
    digest_batch_size: int = Field(default=100, ge=1)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = Field(default=None, repr=False)
    smtp_timeout_seconds: float = Field(default=15.0, gt=0)
    email_from: str = "nea-coop <notifications@nea-coop.invalid>"
    # At most this many emails to one address per hour; more wait for the next free slot.
    email_rate_limit_per_hour: int = Field(default=30, ge=1)
