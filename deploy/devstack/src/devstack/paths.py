"""Where the project is, so that the launcher works whatever the current directory."""

from __future__ import annotations

from pathlib import Path

from devstack.process import DevstackError

_MARKER = Path("deploy") / "kafka" / "pom.xml"


def find_project_root(start: Path | None = None) -> Path:
    """The nearest ancestor holding deploy/kafka/pom.xml, searched from start (default: this file)."""
    origin = (start or Path(__file__)).resolve()
    for candidate in (origin, *origin.parents):
        if (candidate / _MARKER).is_file():
            return candidate
    raise DevstackError(f"cannot find the project root: no ancestor of {origin} contains {_MARKER}")


def default_run_dir(project_root: Path) -> Path:
    return project_root / ".run" / "stack"
