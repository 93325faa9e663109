"""httpcore asks which async library runs on every lock, event and semaphore it makes, by importing
sniffio; a failed import is not remembered, so without sniffio installed each webhook the dispatcher sent
searched sys.path again (a fifth of the dispatcher's CPU in a fan-out profile;
https://github.com/encode/httpcore/pull/1103). `neacoop-common` depends on sniffio for that alone."""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

from httpcore._synchronization import current_async_library


class CountingFinder(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        self.searched.append(fullname)
        return None


def test_asking_httpcore_for_the_async_library_searches_for_no_module() -> None:
    async def ask() -> list[str]:
        return [current_async_library() for _ in range(20)]

    asyncio.run(ask())  # whatever a first call imports, once
    finder = CountingFinder()
    sys.meta_path.insert(0, finder)
    try:
        answers = asyncio.run(ask())
    finally:
        sys.meta_path.remove(finder)
    assert answers == ["asyncio"] * 20
    assert finder.searched == []
