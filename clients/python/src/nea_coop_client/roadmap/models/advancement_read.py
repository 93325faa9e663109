from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.advancement_read_kind import AdvancementReadKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.criterion_explanation import CriterionExplanation


T = TypeVar("T", bound="AdvancementRead")


@_attrs_define
class AdvancementRead:
    """
    Attributes:
        track (str):
        from_stage (str):
        to_stage (str):
        advanced_on (datetime.date):
        completed_by (str):
        criteria_version (int):
        explanation (list[CriterionExplanation]):
        kind (AdvancementReadKind | Unset): Criteria met; a decision (completed_by is its id); or a new criteria version
            adopted Default: AdvancementReadKind.ADVANCED.
        decision_id (None | str | Unset):
        justification (None | str | Unset):
    """

    track: str
    from_stage: str
    to_stage: str
    advanced_on: datetime.date
    completed_by: str
    criteria_version: int
    explanation: list[CriterionExplanation]
    kind: AdvancementReadKind | Unset = AdvancementReadKind.ADVANCED
    decision_id: None | str | Unset = UNSET
    justification: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        track = self.track

        from_stage = self.from_stage

        to_stage = self.to_stage

        advanced_on = self.advanced_on.isoformat()

        completed_by = self.completed_by

        criteria_version = self.criteria_version

        explanation = []
        for explanation_item_data in self.explanation:
            explanation_item = explanation_item_data.to_dict()
            explanation.append(explanation_item)

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        decision_id: None | str | Unset
        if isinstance(self.decision_id, Unset):
            decision_id = UNSET
        else:
            decision_id = self.decision_id

        justification: None | str | Unset
        if isinstance(self.justification, Unset):
            justification = UNSET
        else:
            justification = self.justification

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "track": track,
                "from_stage": from_stage,
                "to_stage": to_stage,
                "advanced_on": advanced_on,
                "completed_by": completed_by,
                "criteria_version": criteria_version,
                "explanation": explanation,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if decision_id is not UNSET:
            field_dict["decision_id"] = decision_id
        if justification is not UNSET:
            field_dict["justification"] = justification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criterion_explanation import CriterionExplanation  # noqa: PLC0415

        d = dict(src_dict)
        track = d.pop("track")

        from_stage = d.pop("from_stage")

        to_stage = d.pop("to_stage")

        advanced_on = datetime.date.fromisoformat(d.pop("advanced_on"))

        completed_by = d.pop("completed_by")

        criteria_version = d.pop("criteria_version")

        explanation = []
        _explanation = d.pop("explanation")
        for explanation_item_data in _explanation:
            explanation_item = CriterionExplanation.from_dict(explanation_item_data)

            explanation.append(explanation_item)

        _kind = d.pop("kind", UNSET)
        kind: AdvancementReadKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = AdvancementReadKind(_kind)

        def _parse_decision_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decision_id = _parse_decision_id(d.pop("decision_id", UNSET))

        def _parse_justification(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        justification = _parse_justification(d.pop("justification", UNSET))

        advancement_read = cls(
            track=track,
            from_stage=from_stage,
            to_stage=to_stage,
            advanced_on=advanced_on,
            completed_by=completed_by,
            criteria_version=criteria_version,
            explanation=explanation,
            kind=kind,
            decision_id=decision_id,
            justification=justification,
        )

        advancement_read.additional_properties = d
        return advancement_read

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
