"""Prometheus's `promtool`, from Debian's `prometheus` package, which `make test` installs when missing."""

from __future__ import annotations

import shutil

import pytest


def promtool() -> str:
    """Its path; a test that needs it fails, never skips, when it is missing."""
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool is not installed: run `make test`, or `apt-get install prometheus`")
    return found
