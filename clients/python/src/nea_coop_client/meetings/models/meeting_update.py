from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.meeting_update_country_code_type_0 import MeetingUpdateCountryCodeType0
from ..models.meeting_update_level_type_0 import MeetingUpdateLevelType0
from ..models.meeting_update_track_type_0 import MeetingUpdateTrackType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.meeting_update_title_type_0 import MeetingUpdateTitleType0


T = TypeVar("T", bound="MeetingUpdate")


@_attrs_define
class MeetingUpdate:
    """Only the fields sent change; the host, mechanism and participants change elsewhere or not at all.

    Attributes:
        title (MeetingUpdateTitleType0 | None | Unset):
        issue_area_codes (list[str] | None | Unset):
        track (MeetingUpdateTrackType0 | None | Unset):
        level (MeetingUpdateLevelType0 | None | Unset):
        city (None | str | Unset):
        country_code (MeetingUpdateCountryCodeType0 | None | Unset):
        starts_at (datetime.datetime | None | Unset):
        ends_at (datetime.datetime | None | Unset):
        time_zone (None | str | Unset):
        documents (list[str] | None | Unset):
    """

    title: MeetingUpdateTitleType0 | None | Unset = UNSET
    issue_area_codes: list[str] | None | Unset = UNSET
    track: MeetingUpdateTrackType0 | None | Unset = UNSET
    level: MeetingUpdateLevelType0 | None | Unset = UNSET
    city: None | str | Unset = UNSET
    country_code: MeetingUpdateCountryCodeType0 | None | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    documents: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.meeting_update_title_type_0 import MeetingUpdateTitleType0  # noqa: PLC0415

        title: dict[str, Any] | None | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        elif isinstance(self.title, MeetingUpdateTitleType0):
            title = self.title.to_dict()
        else:
            title = self.title

        issue_area_codes: list[str] | None | Unset
        if isinstance(self.issue_area_codes, Unset):
            issue_area_codes = UNSET
        elif isinstance(self.issue_area_codes, list):
            issue_area_codes = self.issue_area_codes

        else:
            issue_area_codes = self.issue_area_codes

        track: None | str | Unset
        if isinstance(self.track, Unset):
            track = UNSET
        elif isinstance(self.track, MeetingUpdateTrackType0):
            track = self.track.value
        else:
            track = self.track

        level: None | str | Unset
        if isinstance(self.level, Unset):
            level = UNSET
        elif isinstance(self.level, MeetingUpdateLevelType0):
            level = self.level.value
        else:
            level = self.level

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        elif isinstance(self.country_code, MeetingUpdateCountryCodeType0):
            country_code = self.country_code.value
        else:
            country_code = self.country_code

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        documents: list[str] | None | Unset
        if isinstance(self.documents, Unset):
            documents = UNSET
        elif isinstance(self.documents, list):
            documents = self.documents

        else:
            documents = self.documents

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if issue_area_codes is not UNSET:
            field_dict["issue_area_codes"] = issue_area_codes
        if track is not UNSET:
            field_dict["track"] = track
        if level is not UNSET:
            field_dict["level"] = level
        if city is not UNSET:
            field_dict["city"] = city
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if documents is not UNSET:
            field_dict["documents"] = documents

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.meeting_update_title_type_0 import MeetingUpdateTitleType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_title(data: object) -> MeetingUpdateTitleType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                title_type_0 = MeetingUpdateTitleType0.from_dict(data)

                return title_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeetingUpdateTitleType0 | None | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_issue_area_codes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                issue_area_codes_type_0 = cast(list[str], data)

                return issue_area_codes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        issue_area_codes = _parse_issue_area_codes(d.pop("issue_area_codes", UNSET))

        def _parse_track(data: object) -> MeetingUpdateTrackType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                track_type_0 = MeetingUpdateTrackType0(data)

                return track_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeetingUpdateTrackType0 | None | Unset, data)

        track = _parse_track(d.pop("track", UNSET))

        def _parse_level(data: object) -> MeetingUpdateLevelType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                level_type_0 = MeetingUpdateLevelType0(data)

                return level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeetingUpdateLevelType0 | None | Unset, data)

        level = _parse_level(d.pop("level", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_country_code(data: object) -> MeetingUpdateCountryCodeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                country_code_type_0 = MeetingUpdateCountryCodeType0(data)

                return country_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeetingUpdateCountryCodeType0 | None | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("time_zone", UNSET))

        def _parse_documents(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                documents_type_0 = cast(list[str], data)

                return documents_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        documents = _parse_documents(d.pop("documents", UNSET))

        meeting_update = cls(
            title=title,
            issue_area_codes=issue_area_codes,
            track=track,
            level=level,
            city=city,
            country_code=country_code,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            documents=documents,
        )

        return meeting_update
