"""The cooperation console (console/): its page, built by `make console` into console/dist, and the
forwarder to the four services, one uvicorn process beside them."""

from __future__ import annotations

from pathlib import Path

from devstack.services import SERVICES, ServiceProcess

DEFAULT_CONSOLE_PORT = 8005


def console_bundle(project_root: Path) -> Path:
    """Where `make console` puts the page (console.config.ConsoleSettings.console_static_dir)."""
    return project_root / "console" / "dist"


def console_environment(
    *, http_port: int, service_ports: dict[str, int], static_dir: Path, log_level: str = "INFO"
) -> dict[str, str]:
    """What console.config.ConsoleSettings reads: its port, its page and the services it forwards to."""
    return {
        "NEACOOP_SERVICE_NAME": "console",
        "NEACOOP_HTTP_HOST": "127.0.0.1",
        "NEACOOP_HTTP_PORT": str(http_port),
        "NEACOOP_LOG_LEVEL": log_level,
        "NEACOOP_CONSOLE_STATIC_DIR": str(static_dir),
        "NEACOOP_CONSOLE_UPSTREAM_TIMEOUT_SECONDS": "15.0",
        **{f"NEACOOP_{name.upper()}_URL": f"http://127.0.0.1:{service_ports[name]}" for name in SERVICES},
    }


class ConsoleProcess(ServiceProcess):
    """`uvicorn console.main:create_app`: no database, so nothing to migrate; alive is ready."""

    known = ("console",)
    readiness_path = "/healthz"

    def migrate(self) -> None:
        return None
