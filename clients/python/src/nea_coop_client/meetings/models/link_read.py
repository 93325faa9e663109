from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LinkRead")


@_attrs_define
class LinkRead:
    """
    Attributes:
        members (list[str]): The two members, by code, in order
        weight (int): Held meetings in the filter both attended
        meetings (list[str]): Their ids
    """

    members: list[str]
    weight: int
    meetings: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        members = self.members

        weight = self.weight

        meetings = self.meetings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "members": members,
                "weight": weight,
                "meetings": meetings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        members = cast(list[str], d.pop("members"))

        weight = d.pop("weight")

        meetings = cast(list[str], d.pop("meetings"))

        link_read = cls(
            members=members,
            weight=weight,
            meetings=meetings,
        )

        link_read.additional_properties = d
        return link_read

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
