from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.decision_read_kind import DecisionReadKind

T = TypeVar("T", bound="DecisionRead")


@_attrs_define
class DecisionRead:
    """
    Attributes:
        id (str):
        roadmap_code (str):
        kind (DecisionReadKind):
        track (None | str):
        issue_area_code (None | str):
        agreed_by (list[str]):
        justification (str):
        decided_on (datetime.date):
        from_stage (None | str):
        to_stage (None | str):
    """

    id: str
    roadmap_code: str
    kind: DecisionReadKind
    track: None | str
    issue_area_code: None | str
    agreed_by: list[str]
    justification: str
    decided_on: datetime.date
    from_stage: None | str
    to_stage: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        roadmap_code = self.roadmap_code

        kind = self.kind.value

        track: None | str
        track = self.track

        issue_area_code: None | str
        issue_area_code = self.issue_area_code

        agreed_by = self.agreed_by

        justification = self.justification

        decided_on = self.decided_on.isoformat()

        from_stage: None | str
        from_stage = self.from_stage

        to_stage: None | str
        to_stage = self.to_stage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "roadmap_code": roadmap_code,
                "kind": kind,
                "track": track,
                "issue_area_code": issue_area_code,
                "agreed_by": agreed_by,
                "justification": justification,
                "decided_on": decided_on,
                "from_stage": from_stage,
                "to_stage": to_stage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        roadmap_code = d.pop("roadmap_code")

        kind = DecisionReadKind(d.pop("kind"))

        def _parse_track(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        track = _parse_track(d.pop("track"))

        def _parse_issue_area_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        issue_area_code = _parse_issue_area_code(d.pop("issue_area_code"))

        agreed_by = cast(list[str], d.pop("agreed_by"))

        justification = d.pop("justification")

        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))

        def _parse_from_stage(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_stage = _parse_from_stage(d.pop("from_stage"))

        def _parse_to_stage(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        to_stage = _parse_to_stage(d.pop("to_stage"))

        decision_read = cls(
            id=id,
            roadmap_code=roadmap_code,
            kind=kind,
            track=track,
            issue_area_code=issue_area_code,
            agreed_by=agreed_by,
            justification=justification,
            decided_on=decided_on,
            from_stage=from_stage,
            to_stage=to_stage,
        )

        decision_read.additional_properties = d
        return decision_read

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
