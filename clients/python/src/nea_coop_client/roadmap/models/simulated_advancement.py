from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.criterion_explanation import CriterionExplanation


T = TypeVar("T", bound="SimulatedAdvancement")


@_attrs_define
class SimulatedAdvancement:
    """
    Attributes:
        from_stage (str):
        to_stage (str):
        on (datetime.date):
        completed_by (str):
        criteria (list[CriterionExplanation]):
    """

    from_stage: str
    to_stage: str
    on: datetime.date
    completed_by: str
    criteria: list[CriterionExplanation]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_stage = self.from_stage

        to_stage = self.to_stage

        on = self.on.isoformat()

        completed_by = self.completed_by

        criteria = []
        for criteria_item_data in self.criteria:
            criteria_item = criteria_item_data.to_dict()
            criteria.append(criteria_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from_stage": from_stage,
                "to_stage": to_stage,
                "on": on,
                "completed_by": completed_by,
                "criteria": criteria,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criterion_explanation import CriterionExplanation  # noqa: PLC0415

        d = dict(src_dict)
        from_stage = d.pop("from_stage")

        to_stage = d.pop("to_stage")

        on = datetime.date.fromisoformat(d.pop("on"))

        completed_by = d.pop("completed_by")

        criteria = []
        _criteria = d.pop("criteria")
        for criteria_item_data in _criteria:
            criteria_item = CriterionExplanation.from_dict(criteria_item_data)

            criteria.append(criteria_item)

        simulated_advancement = cls(
            from_stage=from_stage,
            to_stage=to_stage,
            on=on,
            completed_by=completed_by,
            criteria=criteria,
        )

        simulated_advancement.additional_properties = d
        return simulated_advancement

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
