"""The partner client `clients/python` (`nea-coop-client`), generated from `docs/openapi/<service>.json`.

One package per service, `nea_coop_client.<service>`, written by openapi-python-client (a maintained
generator, pinned in the dev dependencies) with the settings in `clients/python/openapi-python-client.yaml`
and formatted by ruff with `clients/python/pyproject.toml`. `python -m devstack.client` regenerates them
(`make client`, and `make openapi` after the documents); `--check` exits 1 when the committed packages are
not what the documents give, and a test fails the same way. Fix a wrong client in the document
(`common.openapi` or the route), never in the generated code.

Everything is generated in a temporary directory first, so the output never depends on where it lands.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from devstack.services import SERVICES

CLIENT = Path("clients") / "python"
PACKAGE = CLIENT / "src" / "nea_coop_client"
CONFIG = CLIENT / "openapi-python-client.yaml"
DOCUMENTS = Path("docs") / "openapi"


class GenerationFailed(Exception):
    """The generator refused a document (or warned about it: `--fail-on-warning`), or ruff failed."""


def _run(*arguments: str | Path) -> None:
    # The generator and ruff of this interpreter (the versions uv.lock pins), whatever PATH holds.
    done = subprocess.run([sys.executable, "-m", *map(str, arguments)], capture_output=True, text=True)
    if done.returncode != 0:
        raise GenerationFailed(f"{' '.join(map(str, arguments))}:\n{done.stdout}{done.stderr}")


def generate(root: Path, into: Path) -> None:
    """Writes `into/<service>/` for each service, from `root`'s documents and settings."""
    for service in SERVICES:
        _run(
            "openapi_python_client",
            "generate",
            "--path",
            root / DOCUMENTS / f"{service}.json",
            "--meta",
            "none",
            "--config",
            root / CONFIG,
            "--output-path",
            into / service,
            "--fail-on-warning",
        )
    settings = root / CLIENT / "pyproject.toml"
    _run("ruff", "check", "--quiet", "--fix-only", "--config", settings, into)
    _run("ruff", "format", "--quiet", "--config", settings, into)


def files(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): path.read_text(encoding="utf-8")
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def same(generated: Path, committed: Path) -> bool:
    return committed.is_dir() and files(generated) == files(committed)


def stale(root: Path) -> list[str]:
    """The service packages under `root` that are not what its documents give."""
    with tempfile.TemporaryDirectory(prefix="nea-coop-client-") as scratch:
        generated = Path(scratch)
        generate(root, generated)
        return [s for s in SERVICES if not same(generated / s, root / PACKAGE / s)]


def write(root: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="nea-coop-client-") as scratch:
        generate(root, Path(scratch))
        for service in SERVICES:
            target = root / PACKAGE / service
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(Path(scratch) / service, target)
            print(f"wrote {PACKAGE / service}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.client", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a package is not current")
    arguments = parser.parse_args(argv)
    try:
        if not arguments.check:
            write(arguments.root)
            return 0
        found = stale(arguments.root)
    except GenerationFailed as failure:
        print(f"the client could not be generated: {failure}", file=sys.stderr)
        return 1
    if found:
        print(f"stale: {', '.join(str(PACKAGE / s) for s in found)}; run `make client`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
