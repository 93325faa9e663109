from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Postponement")


@_attrs_define
class Postponement:
    """
    Attributes:
        starts_at (datetime.datetime): RFC 3339 with an offset; a time without one is a 422
        ends_at (datetime.datetime): RFC 3339 with an offset; not before `starts_at`
        reason (str):
        time_zone (None | str | Unset): If the venue's time zone changes too
    """

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    reason: str
    time_zone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        reason = self.reason

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "starts_at": starts_at,
                "ends_at": ends_at,
                "reason": reason,
            }
        )
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        reason = d.pop("reason")

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        postponement = cls(
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
            time_zone=time_zone,
        )

        return postponement
