from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberMeasuresRead")


@_attrs_define
class MemberMeasuresRead:
    """
    Attributes:
        code (str):
        meetings (int): Held meetings in the filter the member attended
        degree (int): Members it attended at least one of them with
        weighted_degree (int): The weights of its links, summed: meetings attended together
        centrality (float): networkx's closeness centrality in the network, 0 to 1
    """

    code: str
    meetings: int
    degree: int
    weighted_degree: int
    centrality: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        meetings = self.meetings

        degree = self.degree

        weighted_degree = self.weighted_degree

        centrality = self.centrality

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "meetings": meetings,
                "degree": degree,
                "weighted_degree": weighted_degree,
                "centrality": centrality,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        meetings = d.pop("meetings")

        degree = d.pop("degree")

        weighted_degree = d.pop("weighted_degree")

        centrality = d.pop("centrality")

        member_measures_read = cls(
            code=code,
            meetings=meetings,
            degree=degree,
            weighted_degree=weighted_degree,
            centrality=centrality,
        )

        member_measures_read.additional_properties = d
        return member_measures_read

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
