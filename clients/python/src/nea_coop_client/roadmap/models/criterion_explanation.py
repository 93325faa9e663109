from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_state import EvidenceState


T = TypeVar("T", bound="CriterionExplanation")


@_attrs_define
class CriterionExplanation:
    """One criterion judged: `value` against `target` (for all_of / any_of: how many parts are met).

    `path` names the criterion inside the criteria document (`advancement.solid_framework.criteria[1]`);
    a combined criterion is followed by its parts, depth first.

        Attributes:
            path (str):
            kind (str):
            description (str):
            target (int):
            value (int):
            met (bool):
            evidence (EvidenceState): What counts toward a criterion: ids of meetings, outcomes and mechanism expansions,
                and members;
                `meetings` names, for each counted meeting, the members that made it count.
            members_target (int | None | Unset):
            members_value (int | None | Unset):
    """

    path: str
    kind: str
    description: str
    target: int
    value: int
    met: bool
    evidence: EvidenceState
    members_target: int | None | Unset = UNSET
    members_value: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        kind = self.kind

        description = self.description

        target = self.target

        value = self.value

        met = self.met

        evidence = self.evidence.to_dict()

        members_target: int | None | Unset
        if isinstance(self.members_target, Unset):
            members_target = UNSET
        else:
            members_target = self.members_target

        members_value: int | None | Unset
        if isinstance(self.members_value, Unset):
            members_value = UNSET
        else:
            members_value = self.members_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "kind": kind,
                "description": description,
                "target": target,
                "value": value,
                "met": met,
                "evidence": evidence,
            }
        )
        if members_target is not UNSET:
            field_dict["members_target"] = members_target
        if members_value is not UNSET:
            field_dict["members_value"] = members_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_state import EvidenceState  # noqa: PLC0415

        d = dict(src_dict)
        path = d.pop("path")

        kind = d.pop("kind")

        description = d.pop("description")

        target = d.pop("target")

        value = d.pop("value")

        met = d.pop("met")

        evidence = EvidenceState.from_dict(d.pop("evidence"))

        def _parse_members_target(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        members_target = _parse_members_target(d.pop("members_target", UNSET))

        def _parse_members_value(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        members_value = _parse_members_value(d.pop("members_value", UNSET))

        criterion_explanation = cls(
            path=path,
            kind=kind,
            description=description,
            target=target,
            value=value,
            met=met,
            evidence=evidence,
            members_target=members_target,
            members_value=members_value,
        )

        criterion_explanation.additional_properties = d
        return criterion_explanation

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
