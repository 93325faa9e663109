from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.decision_create_kind import DecisionCreateKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionCreate")


@_attrs_define
class DecisionCreate:
    """
    Attributes:
        kind (DecisionCreateKind):
        agreed_by (list[str]): Codes of the members that agreed
        justification (str): Why; never empty
        decided_on (datetime.date):
        track (None | str | Unset): For advance, hold and move_back: the track
        issue_area_code (None | str | Unset): For open_issue_area: the area to open
    """

    kind: DecisionCreateKind
    agreed_by: list[str]
    justification: str
    decided_on: datetime.date
    track: None | str | Unset = UNSET
    issue_area_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        agreed_by = self.agreed_by

        justification = self.justification

        decided_on = self.decided_on.isoformat()

        track: None | str | Unset
        if isinstance(self.track, Unset):
            track = UNSET
        else:
            track = self.track

        issue_area_code: None | str | Unset
        if isinstance(self.issue_area_code, Unset):
            issue_area_code = UNSET
        else:
            issue_area_code = self.issue_area_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "agreed_by": agreed_by,
                "justification": justification,
                "decided_on": decided_on,
            }
        )
        if track is not UNSET:
            field_dict["track"] = track
        if issue_area_code is not UNSET:
            field_dict["issue_area_code"] = issue_area_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = DecisionCreateKind(d.pop("kind"))

        agreed_by = cast(list[str], d.pop("agreed_by"))

        justification = d.pop("justification")

        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))

        def _parse_track(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        track = _parse_track(d.pop("track", UNSET))

        def _parse_issue_area_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issue_area_code = _parse_issue_area_code(d.pop("issue_area_code", UNSET))

        decision_create = cls(
            kind=kind,
            agreed_by=agreed_by,
            justification=justification,
            decided_on=decided_on,
            track=track,
            issue_area_code=issue_area_code,
        )

        return decision_create
