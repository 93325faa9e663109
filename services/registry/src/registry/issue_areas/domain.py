"""Rules of an issue area: which start open, and what an edit may change.

Non-traditional areas (energy, environment, ...) are open from registration. Traditional ones start
locked and open only through the roadmap's consensus decision (`service.open_issue_area`), never by an
edit: an edit renames, and nothing else.
"""

from __future__ import annotations

from typing import TypeVar

from common.errors import RuleViolated

N = TypeVar("N")


def open_at_registration(kind: str) -> bool:
    return kind == "non_traditional"


def renamed(names: N | None, *, names_sent: bool) -> N:
    """The names an edit gives the area: it must carry them, and cannot remove them (every area has an
    English name)."""
    if names is None:
        # Optional in the schema only so that a body of just `open` or `kind` is refused naming that field.
        raise RuleViolated(
            "names cannot be removed; an English name is required"
            if names_sent
            else "names are all an edit changes; send them",
            field="names",
        )
    return names
