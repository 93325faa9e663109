from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MembersAdd")


@_attrs_define
class MembersAdd:
    """
    Attributes:
        member_codes (list[str]): Registered members, each listed once
        joined_on (datetime.date | None | Unset): The day the members joined; the day of the request when not given
    """

    member_codes: list[str]
    joined_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_codes = self.member_codes

        joined_on: None | str | Unset
        if isinstance(self.joined_on, Unset):
            joined_on = UNSET
        elif isinstance(self.joined_on, datetime.date):
            joined_on = self.joined_on.isoformat()
        else:
            joined_on = self.joined_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_codes": member_codes,
            }
        )
        if joined_on is not UNSET:
            field_dict["joined_on"] = joined_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_codes = cast(list[str], d.pop("member_codes"))

        def _parse_joined_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                joined_on_type_0 = datetime.date.fromisoformat(data)

                return joined_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        joined_on = _parse_joined_on(d.pop("joined_on", UNSET))

        members_add = cls(
            member_codes=member_codes,
            joined_on=joined_on,
        )

        return members_add
