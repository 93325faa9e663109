from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.filters_track_type_0 import FiltersTrackType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="Filters")


@_attrs_define
class Filters:
    """
    Attributes:
        issue_area (None | str | Unset):
        track (FiltersTrackType0 | None | Unset):
        mechanism (None | str | Unset):
        from_ (datetime.date | None | Unset):
        to (datetime.date | None | Unset):
    """

    issue_area: None | str | Unset = UNSET
    track: FiltersTrackType0 | None | Unset = UNSET
    mechanism: None | str | Unset = UNSET
    from_: datetime.date | None | Unset = UNSET
    to: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        issue_area: None | str | Unset
        if isinstance(self.issue_area, Unset):
            issue_area = UNSET
        else:
            issue_area = self.issue_area

        track: None | str | Unset
        if isinstance(self.track, Unset):
            track = UNSET
        elif isinstance(self.track, FiltersTrackType0):
            track = self.track.value
        else:
            track = self.track

        mechanism: None | str | Unset
        if isinstance(self.mechanism, Unset):
            mechanism = UNSET
        else:
            mechanism = self.mechanism

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, datetime.date):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        elif isinstance(self.to, datetime.date):
            to = self.to.isoformat()
        else:
            to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if issue_area is not UNSET:
            field_dict["issue_area"] = issue_area
        if track is not UNSET:
            field_dict["track"] = track
        if mechanism is not UNSET:
            field_dict["mechanism"] = mechanism
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_issue_area(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issue_area = _parse_issue_area(d.pop("issue_area", UNSET))

        def _parse_track(data: object) -> FiltersTrackType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                track_type_0 = FiltersTrackType0(data)

                return track_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FiltersTrackType0 | None | Unset, data)

        track = _parse_track(d.pop("track", UNSET))

        def _parse_mechanism(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mechanism = _parse_mechanism(d.pop("mechanism", UNSET))

        def _parse_from_(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.date.fromisoformat(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_type_0 = datetime.date.fromisoformat(data)

                return to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        filters = cls(
            issue_area=issue_area,
            track=track,
            mechanism=mechanism,
            from_=from_,
            to=to,
        )

        filters.additional_properties = d
        return filters

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
