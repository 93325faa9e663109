"""The images docker-compose.yml runs: the official ones where a registry can be reached, else stand-ins
built here, from a Debian base made here (deploy/compose/).

An operator's machine pulls apache/kafka, postgres, axllent/mailpit, prom/prometheus and python:3.11-slim,
and compose runs them unchanged. The development and CI machines reach Debian's mirror, Maven Central, PyPI
and the Go module proxy but no image registry, so there each official image has a stand-in honouring the
contract docker-compose.yml gives it, and deploy/compose/standins.yml swaps the names. The base is made
once with `debootstrap --variant=minbase bookworm` and `docker import`; its tarball is kept under
`.run/compose`, so that a later run, even on an engine that lost its images, takes seconds.

Grafana (the compose profile `observability`) has no stand-in: Debian does not package it, and its Go
module carries no built web frontend (that is a yarn build of Grafana's whole JavaScript workspace, far
beyond a test run on this machine). tests/test_compose.py checks its provisioning as files instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from devstack.container_engine import docker_cli
from devstack.process import DevstackError, run_checked

BASE_IMAGE = "nea-coop-base/debian:bookworm-minbase"
PYTHON_IMAGE = "python:3.11-slim"
LOCAL_PYTHON_IMAGE = "nea-coop-base/python:3.11-bookworm"
DEBIAN_MIRROR = os.environ.get("NEACOOP_DEBIAN_MIRROR", "http://deb.debian.org/debian")
MAILPIT_MODULE = "github.com/axllent/mailpit@v1.27.11"
# Certificate authorities this machine adds to Debian's (update-ca-certificates reads them from here).
LOCAL_AUTHORITIES = Path("/usr/local/share/ca-certificates")

_BUILD_TIMEOUT_SECONDS = 1200
_PULL_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class StandIn:
    """An official image of docker-compose.yml and the image that stands in for it."""

    official: str
    local: str
    recipe: str  # the folder under deploy/compose with its Dockerfile


KAFKA = StandIn("apache/kafka:4.1.1", "nea-coop-standin/kafka:4.1.1", "kafka")
POSTGRES = StandIn("postgres:15", "nea-coop-standin/postgres:15", "postgres")
MAILPIT = StandIn("axllent/mailpit:v1.27", "nea-coop-standin/mailpit:v1.27", "mailpit")
PROMETHEUS = StandIn("prom/prometheus:v3.5.0", "nea-coop-standin/prometheus:v3.5.0", "prometheus")
STAND_INS = (KAFKA, POSTGRES, MAILPIT, PROMETHEUS)


@dataclass(frozen=True)
class Images:
    """What compose is to run: the extra compose files (the stand-ins' override, or none) and the base the
    nea-coop image is built from (deploy/Dockerfile's PYTHON_IMAGE)."""

    override_files: tuple[Path, ...]
    python_image: str


def image_present(name: str) -> bool:
    inspected = subprocess.run(
        [docker_cli(), "image", "inspect", "--format", "{{.Id}}", name],
        capture_output=True,
        check=False,
    )
    return inspected.returncode == 0


def image_size_bytes(name: str) -> int:
    size = run_checked(
        [docker_cli(), "image", "inspect", "--format", "{{.Size}}", name], what=f"sizing {name}", timeout=30
    )
    return int(size.strip())


def pullable(name: str) -> bool:
    """Whether the image is here or a registry gives it (the official images, on an operator's machine)."""
    if image_present(name):
        return True
    try:
        pulled = subprocess.run(
            [docker_cli(), "pull", "--quiet", name],
            capture_output=True,
            timeout=_PULL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return pulled.returncode == 0


class ImageMaker:
    """Makes the images compose needs, under `run_dir` (.run/compose) for what is cached between runs."""

    def __init__(self, project_root: Path, run_dir: Path, progress: bool = True) -> None:
        self.project_root = project_root
        self.run_dir = run_dir
        self.progress = progress

    @property
    def recipes(self) -> Path:
        return self.project_root / "deploy" / "compose"

    @property
    def override_file(self) -> Path:
        return self.recipes / "standins.yml"

    def prepare(self) -> Images:
        """The official images when every one of them can be had, else the stand-ins, all of them: one
        override file, rather than a mixture that depends on what a registry answered that day."""
        officials = [stand_in.official for stand_in in STAND_INS] + [PYTHON_IMAGE]
        if all(pullable(name) for name in officials):
            self._say("the official images are available: compose runs them unchanged")
            return Images(override_files=(), python_image=PYTHON_IMAGE)
        self._say("no registry gives the official images: building stand-ins on a local Debian base")
        with self._lock():
            self.ensure_base()
            self._build(LOCAL_PYTHON_IMAGE, self._python_context())
            for stand_in in STAND_INS:
                self._build(stand_in.local, self._context(stand_in))
        return Images(override_files=(self.override_file,), python_image=LOCAL_PYTHON_IMAGE)

    def prepare_broker_and_database(self) -> tuple[str, str]:
        """The Kafka and PostgreSQL images the test suite's testcontainers run: the official ones when both
        can be had, else both stand-ins (made as `prepare` makes them, so each kind is built once)."""
        if pullable(KAFKA.official) and pullable(POSTGRES.official):
            self._say("the official Kafka and PostgreSQL images are available")
            return KAFKA.official, POSTGRES.official
        self._say("no registry gives the official Kafka and PostgreSQL images: building their stand-ins")
        with self._lock():
            self.ensure_base()
            for stand_in in (KAFKA, POSTGRES):
                self._build(stand_in.local, self._context(stand_in))
        return KAFKA.local, POSTGRES.local

    # -- the base ---------------------------------------------------------------------------------------

    @property
    def base_tarball(self) -> Path:
        return self.run_dir / "base" / "bookworm-minbase.tar"

    def ensure_base(self) -> None:
        if image_present(BASE_IMAGE):
            return
        if not self.base_tarball.is_file():
            self._bootstrap_base()
        self._say(f"importing {self.base_tarball.name} as {BASE_IMAGE}")
        run_checked(
            [docker_cli(), "import", str(self.base_tarball), BASE_IMAGE],
            what="importing the base image",
            timeout=_BUILD_TIMEOUT_SECONDS,
        )

    def _bootstrap_base(self) -> None:
        debootstrap = shutil.which("debootstrap")
        if debootstrap is None:
            raise DevstackError("debootstrap is not installed: `make compose-test` installs it")
        rootfs = self.base_tarball.parent / "rootfs"
        shutil.rmtree(rootfs, ignore_errors=True)
        rootfs.mkdir(parents=True)
        self._say(f"debootstrap --variant=minbase bookworm from {DEBIAN_MIRROR} (first run only, minutes)")
        run_checked(
            [debootstrap, "--variant=minbase", "bookworm", str(rootfs), DEBIAN_MIRROR],
            what="making the Debian base with debootstrap",
            timeout=_BUILD_TIMEOUT_SECONDS,
        )
        # What apt downloaded is not part of a base image; each image's own apt-get fetches what it needs.
        for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for entry in (rootfs / cache).glob("*"):
                if entry.is_file():
                    entry.unlink()
        partial = self.base_tarball.with_suffix(".partial")
        run_checked(
            ["tar", "--numeric-owner", "-C", str(rootfs), "-cf", str(partial), "."],
            what="packing the Debian base",
            timeout=_BUILD_TIMEOUT_SECONDS,
        )
        partial.rename(self.base_tarball)
        shutil.rmtree(rootfs)

    # -- stand-ins --------------------------------------------------------------------------------------

    def _context(self, stand_in: StandIn) -> Path:
        """The build context: the recipe's folder, plus what is made outside the engine (the broker's jars
        from Maven Central, Mailpit's binary from its Go module)."""
        recipe = self.recipes / stand_in.recipe
        if stand_in.recipe == "kafka":
            context = self._fresh_context(recipe)
            self._kafka_classpath(recipe / "pom.xml", context / "lib")
            return context
        if stand_in.recipe == "mailpit":
            context = self._fresh_context(recipe)
            shutil.copy2(self._mailpit_binary(), context / "mailpit")
            return context
        return recipe

    def _python_context(self) -> Path:
        context = self._fresh_context(self.recipes / "python")
        authorities = context / "ca-certificates"
        authorities.mkdir()
        for certificate in sorted(LOCAL_AUTHORITIES.glob("*.crt")):
            shutil.copy2(certificate, authorities / certificate.name)
        return context

    def _fresh_context(self, recipe: Path) -> Path:
        context = self.run_dir / "context" / recipe.name
        shutil.rmtree(context, ignore_errors=True)
        shutil.copytree(recipe, context)
        return context

    def _kafka_classpath(self, pom: Path, into: Path) -> None:
        digest = hashlib.sha256(pom.read_bytes()).hexdigest()
        cached = self.run_dir / "kafka-lib" / digest
        if not cached.is_dir():
            mvn = shutil.which("mvn")
            if mvn is None:
                raise DevstackError("Maven (mvn) is not installed: `make install` installs it")
            self._say("resolving the Kafka image's jars from Maven Central (first run only)")
            partial = cached.with_name(digest + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            run_checked(
                [
                    mvn,
                    "-q",
                    "-B",
                    "-f",
                    str(pom),
                    "dependency:copy-dependencies",
                    f"-DoutputDirectory={partial}",
                    "-DincludeScope=runtime",
                ],
                what="resolving the Kafka image's jars with Maven",
                timeout=_BUILD_TIMEOUT_SECONDS,
            )
            partial.rename(cached)
        shutil.copytree(cached, into)

    def _mailpit_binary(self) -> Path:
        module, version = MAILPIT_MODULE.split("@")
        binary = self.run_dir / "mailpit" / version / "mailpit"
        if binary.is_file():
            return binary
        go = shutil.which("go") or "/usr/local/go/bin/go"
        if not Path(go).is_file():
            raise DevstackError("Go is not installed: Mailpit's stand-in is built from its Go module")
        gopath = self.project_root / ".run" / "tools" / "go" / "gopath"
        environment = {
            **os.environ,
            "GOPATH": str(gopath),
            "GOMODCACHE": str(gopath / "pkg" / "mod"),
            "GOFLAGS": "-modcacherw",
            "CGO_ENABLED": "0",
        }
        self._say(f"building Mailpit {version} from its Go module (first run only)")
        run_checked(
            [go, "mod", "download", MAILPIT_MODULE],
            what="downloading Mailpit's module",
            timeout=_BUILD_TIMEOUT_SECONDS,
            env=environment,
        )
        # The module cache is read-only to the build's own writes; build in a copy of it.
        source = binary.parent / "source"
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(gopath / "pkg" / "mod" / f"{module}@{version}", source)
        run_checked(
            [go, "build", "-trimpath", "-ldflags", "-s -w", "-o", str(binary), "."],
            what="building Mailpit",
            timeout=_BUILD_TIMEOUT_SECONDS,
            env=environment,
            cwd=source,
        )
        shutil.rmtree(source)
        return binary

    def _build(self, tag: str, context: Path) -> None:
        self._say(f"building {tag}")
        run_checked(
            [docker_cli(), "build", "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--tag", tag, str(context)],
            what=f"building {tag}",
            timeout=_BUILD_TIMEOUT_SECONDS,
        )

    @contextmanager
    def _lock(self) -> Iterator[None]:
        # Two test sessions on one machine must not debootstrap into one folder at once.
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with (self.run_dir / "images.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _say(self, text: str) -> None:
        if self.progress:
            print(f"compose images: {text}", flush=True)
