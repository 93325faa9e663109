from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CountedMeetingState")


@_attrs_define
class CountedMeetingState:
    """A meeting that counts toward a criterion and the members whose attendance (or, for outcomes,
    whose support or signature) made it count: members in good standing on the meeting date, never
    observers.

        Attributes:
            meeting_id (str):
            held_on (datetime.date):
            member_codes (list[str]):
    """

    meeting_id: str
    held_on: datetime.date
    member_codes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        meeting_id = self.meeting_id

        held_on = self.held_on.isoformat()

        member_codes = self.member_codes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "meeting_id": meeting_id,
                "held_on": held_on,
                "member_codes": member_codes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        meeting_id = d.pop("meeting_id")

        held_on = datetime.date.fromisoformat(d.pop("held_on"))

        member_codes = cast(list[str], d.pop("member_codes"))

        counted_meeting_state = cls(
            meeting_id=meeting_id,
            held_on=held_on,
            member_codes=member_codes,
        )

        counted_meeting_state.additional_properties = d
        return counted_meeting_state

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
