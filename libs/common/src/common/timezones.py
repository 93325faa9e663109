"""IANA time zone names as clients send them: a venue's zone (meetings), a subscriber's (notifications'
digests). Checked against the tz database installed, which no schema can list."""

from __future__ import annotations

from functools import cache
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, StringConstraints


@cache
def iana_time_zones() -> frozenset[str]:
    """The IANA names the installed tz database knows, read once (it walks the database on disk).

    Not whatever ZoneInfo() opens: it also loads `posix/...` and `right/...` copies (the latter counts
    leap seconds, so its times are off) and `posixrules`; `localtime` is this machine's own alias, not
    a name a venue or a subscriber can have
    (https://docs.python.org/3/library/zoneinfo.html#zoneinfo.available_timezones).
    """
    return frozenset(available_timezones() - {"localtime"})


def _known_time_zone(name: str) -> str:
    if name not in iana_time_zones():
        raise ValueError(f"{name!r} is not an IANA time zone (e.g. Asia/Seoul)")
    return name


TimeZone = Annotated[
    # The longest IANA name is 32 characters (America/Argentina/ComodRivadavia).
    str,
    StringConstraints(max_length=64),
    AfterValidator(_known_time_zone),
    Field(description="IANA time zone", examples=["Asia/Seoul"]),
]
