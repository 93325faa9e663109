from common.config import ServiceSettings


class MeetingsSettings(ServiceSettings):
    service_name: str = "meetings"
    http_port: int = 8002
