from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HeldMeetingFactRead")


@_attrs_define
class HeldMeetingFactRead:
    """
    Attributes:
        meeting_id (str):
        held_on (datetime.date):
        issue_area_codes (list[str]):
        version (int): The meeting's version in the last `meeting.held` event applied
    """

    meeting_id: str
    held_on: datetime.date
    issue_area_codes: list[str]
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        meeting_id = self.meeting_id

        held_on = self.held_on.isoformat()

        issue_area_codes = self.issue_area_codes

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "meeting_id": meeting_id,
                "held_on": held_on,
                "issue_area_codes": issue_area_codes,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        meeting_id = d.pop("meeting_id")

        held_on = datetime.date.fromisoformat(d.pop("held_on"))

        issue_area_codes = cast(list[str], d.pop("issue_area_codes"))

        version = d.pop("version")

        held_meeting_fact_read = cls(
            meeting_id=meeting_id,
            held_on=held_on,
            issue_area_codes=issue_area_codes,
            version=version,
        )

        held_meeting_fact_read.additional_properties = d
        return held_meeting_fact_read

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
