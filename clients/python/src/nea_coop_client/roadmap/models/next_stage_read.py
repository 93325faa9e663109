from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.criterion_explanation import CriterionExplanation


T = TypeVar("T", bound="NextStageRead")


@_attrs_define
class NextStageRead:
    """The criterion to advance into the next stage, judged today: each part's value, target, evidence.

    Attributes:
        stage (str):
        met (bool):
        stage_began (datetime.date):
        criteria (list[CriterionExplanation]):
    """

    stage: str
    met: bool
    stage_began: datetime.date
    criteria: list[CriterionExplanation]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stage = self.stage

        met = self.met

        stage_began = self.stage_began.isoformat()

        criteria = []
        for criteria_item_data in self.criteria:
            criteria_item = criteria_item_data.to_dict()
            criteria.append(criteria_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "stage": stage,
                "met": met,
                "stage_began": stage_began,
                "criteria": criteria,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criterion_explanation import CriterionExplanation  # noqa: PLC0415

        d = dict(src_dict)
        stage = d.pop("stage")

        met = d.pop("met")

        stage_began = datetime.date.fromisoformat(d.pop("stage_began"))

        criteria = []
        _criteria = d.pop("criteria")
        for criteria_item_data in _criteria:
            criteria_item = CriterionExplanation.from_dict(criteria_item_data)

            criteria.append(criteria_item)

        next_stage_read = cls(
            stage=stage,
            met=met,
            stage_began=stage_began,
            criteria=criteria,
        )

        next_stage_read.additional_properties = d
        return next_stage_read

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
