from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.meeting_create_country_code import MeetingCreateCountryCode
from ..models.meeting_create_level import MeetingCreateLevel
from ..models.meeting_create_track import MeetingCreateTrack
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invitation import Invitation
    from ..models.meeting_create_title import MeetingCreateTitle


T = TypeVar("T", bound="MeetingCreate")


@_attrs_define
class MeetingCreate:
    """
    Attributes:
        title (MeetingCreateTitle): Text by language (en, ko, ja, zh, ru, mn), each at most 500 characters; English
            required
        issue_area_codes (list[str]): One or more open issue areas
        track (MeetingCreateTrack):
        level (MeetingCreateLevel):
        host_code (str): The hosting member; it is always a participant (role host)
        city (str):
        country_code (MeetingCreateCountryCode): ISO 3166-1 alpha-3 country code of the venue, e.g. KOR
        starts_at (datetime.datetime): RFC 3339 with an offset; a time without one is a 422
        ends_at (datetime.datetime): RFC 3339 with an offset; not before `starts_at`
        time_zone (str): IANA time zone of the venue
        mechanism_code (None | str | Unset): The mechanism the meeting belongs to; absent for a stand-alone forum
        documents (list[str] | Unset): Links to the meeting's documents
        participants (list[Invitation] | Unset): Members invited at once
    """

    title: MeetingCreateTitle
    issue_area_codes: list[str]
    track: MeetingCreateTrack
    level: MeetingCreateLevel
    host_code: str
    city: str
    country_code: MeetingCreateCountryCode
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    mechanism_code: None | str | Unset = UNSET
    documents: list[str] | Unset = UNSET
    participants: list[Invitation] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title.to_dict()

        issue_area_codes = self.issue_area_codes

        track = self.track.value

        level = self.level.value

        host_code = self.host_code

        city = self.city

        country_code = self.country_code.value

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        time_zone = self.time_zone

        mechanism_code: None | str | Unset
        if isinstance(self.mechanism_code, Unset):
            mechanism_code = UNSET
        else:
            mechanism_code = self.mechanism_code

        documents: list[str] | Unset = UNSET
        if not isinstance(self.documents, Unset):
            documents = self.documents

        participants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.participants, Unset):
            participants = []
            for participants_item_data in self.participants:
                participants_item = participants_item_data.to_dict()
                participants.append(participants_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "issue_area_codes": issue_area_codes,
                "track": track,
                "level": level,
                "host_code": host_code,
                "city": city,
                "country_code": country_code,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "time_zone": time_zone,
            }
        )
        if mechanism_code is not UNSET:
            field_dict["mechanism_code"] = mechanism_code
        if documents is not UNSET:
            field_dict["documents"] = documents
        if participants is not UNSET:
            field_dict["participants"] = participants

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invitation import Invitation  # noqa: PLC0415
        from ..models.meeting_create_title import MeetingCreateTitle  # noqa: PLC0415

        d = dict(src_dict)
        title = MeetingCreateTitle.from_dict(d.pop("title"))

        issue_area_codes = cast(list[str], d.pop("issue_area_codes"))

        track = MeetingCreateTrack(d.pop("track"))

        level = MeetingCreateLevel(d.pop("level"))

        host_code = d.pop("host_code")

        city = d.pop("city")

        country_code = MeetingCreateCountryCode(d.pop("country_code"))

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        time_zone = d.pop("time_zone")

        def _parse_mechanism_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mechanism_code = _parse_mechanism_code(d.pop("mechanism_code", UNSET))

        documents = cast(list[str], d.pop("documents", UNSET))

        _participants = d.pop("participants", UNSET)
        participants: list[Invitation] | Unset = UNSET
        if _participants is not UNSET:
            participants = []
            for participants_item_data in _participants:
                participants_item = Invitation.from_dict(participants_item_data)

                participants.append(participants_item)

        meeting_create = cls(
            title=title,
            issue_area_codes=issue_area_codes,
            track=track,
            level=level,
            host_code=host_code,
            city=city,
            country_code=country_code,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            mechanism_code=mechanism_code,
            documents=documents,
            participants=participants,
        )

        return meeting_create
