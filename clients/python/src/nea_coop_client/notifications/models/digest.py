from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.digest_every import DigestEvery
from ..models.digest_weekday_type_0 import DigestWeekdayType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="Digest")


@_attrs_define
class Digest:
    """One message a day or a week listing every event the subscription matched since the previous one,
    instead of a message per event.

        Attributes:
            every (DigestEvery): `day` or `week`
            at (str): The time of day it is sent, HH:MM on a 24-hour clock, in `time_zone`
            time_zone (str): The subscriber's IANA time zone
            weekday (DigestWeekdayType0 | None | Unset): week: the day it is sent (none for `day`)
    """

    every: DigestEvery
    at: str
    time_zone: str
    weekday: DigestWeekdayType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        every = self.every.value

        at = self.at

        time_zone = self.time_zone

        weekday: None | str | Unset
        if isinstance(self.weekday, Unset):
            weekday = UNSET
        elif isinstance(self.weekday, DigestWeekdayType0):
            weekday = self.weekday.value
        else:
            weekday = self.weekday

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "every": every,
                "at": at,
                "time_zone": time_zone,
            }
        )
        if weekday is not UNSET:
            field_dict["weekday"] = weekday

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        every = DigestEvery(d.pop("every"))

        at = d.pop("at")

        time_zone = d.pop("time_zone")

        def _parse_weekday(data: object) -> DigestWeekdayType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                weekday_type_0 = DigestWeekdayType0(data)

                return weekday_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DigestWeekdayType0 | None | Unset, data)

        weekday = _parse_weekday(d.pop("weekday", UNSET))

        digest = cls(
            every=every,
            at=at,
            time_zone=time_zone,
            weekday=weekday,
        )

        return digest
