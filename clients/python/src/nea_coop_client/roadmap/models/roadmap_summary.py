from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.stage_read import StageRead


T = TypeVar("T", bound="RoadmapSummary")


@_attrs_define
class RoadmapSummary:
    """
    Attributes:
        code (str):
        criteria_version (int):
        stages (list[StageRead]):
    """

    code: str
    criteria_version: int
    stages: list[StageRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        criteria_version = self.criteria_version

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "criteria_version": criteria_version,
                "stages": stages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_read import StageRead  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        criteria_version = d.pop("criteria_version")

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in _stages:
            stages_item = StageRead.from_dict(stages_item_data)

            stages.append(stages_item)

        roadmap_summary = cls(
            code=code,
            criteria_version=criteria_version,
            stages=stages,
        )

        roadmap_summary.additional_properties = d
        return roadmap_summary

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
