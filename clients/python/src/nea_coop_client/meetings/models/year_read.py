from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="YearRead")


@_attrs_define
class YearRead:
    """
    Attributes:
        year (int):
        meetings (int): Held meetings in the filter up to the end of the year
        members (int): Members that attended any of them
        links (int): Pairs of members that attended one of them together
        weight (int): The links' weights, summed
    """

    year: int
    meetings: int
    members: int
    links: int
    weight: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        meetings = self.meetings

        members = self.members

        links = self.links

        weight = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "meetings": meetings,
                "members": members,
                "links": links,
                "weight": weight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        year = d.pop("year")

        meetings = d.pop("meetings")

        members = d.pop("members")

        links = d.pop("links")

        weight = d.pop("weight")

        year_read = cls(
            year=year,
            meetings=meetings,
            members=members,
            links=links,
            weight=weight,
        )

        year_read.additional_properties = d
        return year_read

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
