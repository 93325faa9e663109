"""Each service's HTTP contract as a file: `docs/openapi/<service>.json`, generated from the apps' routes.

`python -m devstack.openapi` writes them (`make openapi`); `--check` exits 1 when one is not what the code
gives, and a test fails the same way, so a route changed without regenerating fails CI. Partners generate
their clients from these files; what each operation documents is completed by `common.openapi`.

The apps are built as `make up` would, by name (`<service>.main:create_app`), with every `NEACOOP_`
setting at its default so that the files do not depend on the machine; nothing is connected to.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from devstack.services import SERVICES

DIRECTORY = Path("docs") / "openapi"
# Needed to build an app, never connected to: the documents are made from the routes alone.
UNUSED_DATABASE_URL = "postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none"


@contextmanager
def default_settings() -> Iterator[None]:
    saved = dict(os.environ)
    for name in [name for name in os.environ if name.startswith("NEACOOP_")]:
        del os.environ[name]
    os.environ["NEACOOP_DATABASE_URL"] = UNUSED_DATABASE_URL
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def unconnected_app(service: str) -> FastAPI:
    """The app of `service` as its default settings build it, never started: its routes and documents."""
    with default_settings():
        app: FastAPI = importlib.import_module(f"{service}.main").create_app()
    return app


def document(service: str) -> dict[str, Any]:
    """The OpenAPI document `service` serves at /openapi.json."""
    built: dict[str, Any] = unconnected_app(service).openapi()
    return built


def render(service: str) -> str:
    return json.dumps(document(service), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.openapi", description=__doc__)
    parser.add_argument("--directory", type=Path, default=DIRECTORY, help=f"default: {DIRECTORY}")
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is not current")
    arguments = parser.parse_args(argv)
    stale = []
    for service in SERVICES:
        path = arguments.directory / f"{service}.json"
        text = render(service)
        if arguments.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    if stale:
        print(f"stale: {', '.join(stale)}; run `make openapi`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
