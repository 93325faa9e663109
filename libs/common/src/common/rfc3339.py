"""Dates and times as the documents say: RFC 3339 text (https://www.rfc-editor.org/rfc/rfc3339#section-5.6),
`full-date` for a date and `date-time` for a moment.

Pydantic's lax mode also reads a number, or text that is a number, as seconds since 1970 (`at=0` is
1970-01-01, `to=0.5` half a second later) and a date-time where a date is asked (its time dropped). None
of that is what the OpenAPI document promises (`format: date`, `format: date-time`), and a partner who
sends `0` by mistake deserves a 422 naming the field rather than an answer about 1970. These types refuse
anything but the RFC's text before pydantic parses it; the document they publish is pydantic's own.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator

FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?", re.ASCII
)


def _full_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and FULL_DATE.fullmatch(value):
        return value
    raise ValueError("must be an RFC 3339 date (YYYY-MM-DD, e.g. 2014-05-20)")


def _date_time(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and DATE_TIME.fullmatch(value):
        return value
    raise ValueError("must be an RFC 3339 date-time (e.g. 2014-05-20T09:00:00+09:00)")


Date = Annotated[date, BeforeValidator(_full_date)]
"""A calendar day, given as `YYYY-MM-DD`."""

# The offset is left to the routes, which refuse a moment without one with a message of their own.
Timestamp = Annotated[datetime, BeforeValidator(_date_time)]
"""A moment, given as RFC 3339 text (`2014-05-20T09:00:00+09:00`)."""

AwareTimestamp = Annotated[AwareDatetime, BeforeValidator(_date_time)]
"""A moment with its offset, given as RFC 3339 text; one without an offset is a 422."""
