from common.config import ServiceSettings


class RoadmapSettings(ServiceSettings):
    service_name: str = "roadmap"
    http_port: int = 8003
