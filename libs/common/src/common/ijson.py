"""Request bodies are I-JSON (RFC 7493, https://www.rfc-editor.org/rfc/rfc7493): JSON every layer of ours
reads the same way, refused with a 422 naming the field otherwise.

Python's json module accepts more than that, and each extra is a way in for a hostile body:

- **Nesting without end.** `[[[...]]]` ten thousand deep makes the decoder raise RecursionError, which
  FastAPI answers with a bare 400 and a dependency that peeks at the body (common.auth) with a 500; a
  body a few hundred levels deep is decoded, then walked recursively by pydantic and by the JSON
  encoders of the event and the database. No body of ours is deeper than a handful of levels.
- **Duplicate names** (`{"member_code": "KOR", "member_code": "JPN"}`): the last one wins in Python, the
  first in other parsers, so what one reader checks is not what another stores. RFC 7493 §2.3: names
  MUST be unique.
- **NaN and Infinity**, which are not JSON at all (RFC 8259 §6), and numbers beyond a double's range
  (`1e400` becomes infinity): PostgreSQL's jsonb and every other JSON reader refuse them later, in the
  middle of a write. RFC 7493 §2.2.
- **Integers beyond 2**53** (RFC 7493 §2.2: other readers lose their precision) and, further on, beyond
  the 4 300 digits CPython converts at all (a ValueError, https://docs.python.org/3/library/stdtypes.html#int-max-str-digits),
  which reach an INTEGER column as an overflow.
- **Bytes that are not UTF-8** (RFC 8259 §8.1), which FastAPI answers with a bare 400.

`faults` parses a body once, iteratively and with hooks that only mark what is wrong, and names each
fault by its path (`title.en`, `outcomes.0.member_codes`), as FastAPI names fields.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

# Deeper than any body of ours (a bulk import is about five levels) and far below the interpreter's
# recursion limit, which pydantic and the JSON encoders would otherwise meet.
MAX_DEPTH = 32
# RFC 7493 §2.2: integers in [-(2**53)+1, (2**53)-1] are exact in every reader.
MAX_SAFE_INTEGER = 2**53 - 1
# Digits beyond which an integer is refused unread: 16 already exceed MAX_SAFE_INTEGER.
_MAX_INTEGER_DIGITS = 20


class _Unique(dict[str, Any]):
    """A decoded object, with the names that appeared in it more than once."""

    duplicates: list[str]


class _Refused:
    """A number the body may not carry, kept in place so that the walk can name where it was."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _object(pairs: list[tuple[str, Any]]) -> _Unique:
    decoded = _Unique(pairs)
    decoded.duplicates = []
    if len(decoded) < len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                decoded.duplicates.append(name)
            seen.add(name)
    return decoded


def _constant(name: str) -> _Refused:
    return _Refused(f"{name} is not a JSON number (RFC 8259 §6)")


def _float(text: str) -> float | _Refused:
    value = float(text)
    return (
        value if math.isfinite(value) else _Refused(f"{text} is beyond the range of a number (RFC 7493 §2.2)")
    )


def _integer(text: str) -> int | _Refused:
    digits = text.lstrip("-")
    if len(digits) <= _MAX_INTEGER_DIGITS:
        value = int(text)
        if abs(value) <= MAX_SAFE_INTEGER:
            return value
    shown = text if len(text) <= 24 else f"an integer of {len(digits)} digits"
    return _Refused(f"{shown} is beyond ±(2**53 - 1), the integers every reader keeps exact (RFC 7493 §2.2)")


def faults(body: bytes) -> Iterator[tuple[str | None, str, str]]:
    """(field, reason, type) for each way `body` is not I-JSON, nothing for a body that is; the field is
    None where the body as a whole is at fault (not UTF-8, not JSON, nested without end)."""
    try:
        # RFC 8259 §8.1 lets a reader ignore a byte order mark; a surrogate sent as bytes is decoded as json
        # decodes it, so that common.text names the field that holds it.
        text = body.decode("utf-8-sig", "surrogatepass")
    except UnicodeDecodeError as exc:
        yield (
            None,
            f"the body is not UTF-8 (byte {exc.start}), which JSON must be (RFC 8259 §8.1)",
            "not_text",
        )
        return
    try:
        document = json.loads(
            text, object_pairs_hook=_object, parse_constant=_constant, parse_float=_float, parse_int=_integer
        )
    except RecursionError:
        yield None, f"the body is nested deeper than {MAX_DEPTH} levels", "too_deep"
        return
    except json.JSONDecodeError as exc:
        # Named as FastAPI names it, so a client sees one kind of answer whichever route it calls.
        yield None, f"the body is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", "json_invalid"
        return
    yield from _walk(document)


# A field's name as a chain of (parent, segment), so a child does not copy its parent's name.
_Path = tuple["_Path", str] | None


def _walk(document: Any) -> Iterator[tuple[str | None, str, str]]:
    pending: list[tuple[_Path, int, Any]] = [(None, 0, document)]
    while pending:
        path, depth, value = pending.pop()
        if isinstance(value, _Refused):
            yield _spelled(path), value.reason, "not_ijson_number"
        elif isinstance(value, dict | list) and depth >= MAX_DEPTH:
            yield _spelled(path), f"nested deeper than {MAX_DEPTH} levels", "too_deep"
        elif isinstance(value, dict):
            for name in getattr(value, "duplicates", ()):
                yield (
                    _spelled((path, name)),
                    "the name appears more than once (RFC 7493 §2.3)",
                    "duplicate_name",
                )
            pending.extend(((path, name), depth + 1, item) for name, item in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(((path, str(i)), depth + 1, item) for i, item in reversed(list(enumerate(value))))


def _spelled(path: _Path) -> str | None:
    segments: list[str] = []
    while path is not None:
        path, segment = path
        segments.append(segment)
    return ".".join(reversed(segments)) or None
