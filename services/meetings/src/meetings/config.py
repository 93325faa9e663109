from pydantic import Field

from common.config import ServiceSettings


class MeetingsSettings(ServiceSettings):
    service_name: str = "meetings"
    http_port: int = 8002
    # How often every member's engagement is judged again (meetings.analytics.sweep): it lapses with time.
    engagement_sweep_interval_seconds: float = Field(default=3600.0, gt=0)
