"""The console's settings, read once at start-up from `NEACOOP_*` like every service's.

Not a subclass of common.config.ServiceSettings: the console has no database and no Kafka client, only the
addresses of the four services it forwards the page's requests to.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AnyHttpUrl, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("registry", "meetings", "roadmap", "notifications")


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEACOOP_", extra="ignore", frozen=True)

    service_name: str = "console"
    http_host: str = "127.0.0.1"
    http_port: int = 8005
    log_level: str = "INFO"
    # The bundle `make console` builds (console/dist); the app refuses to start without its index.html.
    console_static_dir: Path = Path("console/dist")
    registry_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8001")
    meetings_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8002")
    roadmap_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8003")
    notifications_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8004")
    # A page waits this long for a service before it shows the outage as a problem.
    console_upstream_timeout_seconds: float = Field(default=15.0, gt=0)

    def service_url(self, service: str) -> str:
        url: AnyHttpUrl = getattr(self, f"{service}_url")
        return str(url).rstrip("/")
