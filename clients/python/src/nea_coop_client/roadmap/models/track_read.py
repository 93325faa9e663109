from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.next_stage_read import NextStageRead


T = TypeVar("T", bound="TrackRead")


@_attrs_define
class TrackRead:
    """
    Attributes:
        track (str):
        issue_areas (list[str]):
        untagged (bool):
        current_stage (str):
        since (datetime.date | None): When the track entered its stage; null at the first stage
        next_ (NextStageRead | None): Null at the last stage, or where only a decision moves the track on
        levels (list[str] | Unset): Meetings at these levels belong too
        held (bool | Unset): A hold decision stops criteria advancing the track Default: False.
    """

    track: str
    issue_areas: list[str]
    untagged: bool
    current_stage: str
    since: datetime.date | None
    next_: NextStageRead | None
    levels: list[str] | Unset = UNSET
    held: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.next_stage_read import NextStageRead  # noqa: PLC0415

        track = self.track

        issue_areas = self.issue_areas

        untagged = self.untagged

        current_stage = self.current_stage

        since: None | str
        if isinstance(self.since, datetime.date):
            since = self.since.isoformat()
        else:
            since = self.since

        next_: dict[str, Any] | None
        if isinstance(self.next_, NextStageRead):
            next_ = self.next_.to_dict()
        else:
            next_ = self.next_

        levels: list[str] | Unset = UNSET
        if not isinstance(self.levels, Unset):
            levels = self.levels

        held = self.held

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "track": track,
                "issue_areas": issue_areas,
                "untagged": untagged,
                "current_stage": current_stage,
                "since": since,
                "next": next_,
            }
        )
        if levels is not UNSET:
            field_dict["levels"] = levels
        if held is not UNSET:
            field_dict["held"] = held

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_stage_read import NextStageRead  # noqa: PLC0415

        d = dict(src_dict)
        track = d.pop("track")

        issue_areas = cast(list[str], d.pop("issue_areas"))

        untagged = d.pop("untagged")

        current_stage = d.pop("current_stage")

        def _parse_since(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.date.fromisoformat(data)

                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        since = _parse_since(d.pop("since"))

        def _parse_next_(data: object) -> NextStageRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_type_0 = NextStageRead.from_dict(data)

                return next_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextStageRead | None, data)

        next_ = _parse_next_(d.pop("next"))

        levels = cast(list[str], d.pop("levels", UNSET))

        held = d.pop("held", UNSET)

        track_read = cls(
            track=track,
            issue_areas=issue_areas,
            untagged=untagged,
            current_stage=current_stage,
            since=since,
            next_=next_,
            levels=levels,
            held=held,
        )

        track_read.additional_properties = d
        return track_read

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
