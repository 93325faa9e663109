from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.meeting_read_level import MeetingReadLevel
from ..models.meeting_read_status import MeetingReadStatus
from ..models.meeting_read_track import MeetingReadTrack

if TYPE_CHECKING:
    from ..models.meeting_read_title import MeetingReadTitle
    from ..models.outcome import Outcome
    from ..models.participant import Participant


T = TypeVar("T", bound="MeetingRead")


@_attrs_define
class MeetingRead:
    """
    Attributes:
        id (UUID):
        title (MeetingReadTitle):
        mechanism_code (None | str):
        issue_area_codes (list[str]):
        track (MeetingReadTrack):
        level (MeetingReadLevel):
        host_code (str):
        city (str):
        country_code (str):
        starts_at (datetime.datetime): UTC
        ends_at (datetime.datetime): UTC
        time_zone (str):
        meeting_date (datetime.date): The day the meeting starts, in its time zone
        documents (list[str]):
        status (MeetingReadStatus):
        status_reason (None | str): Why it was last postponed or cancelled
        participants (list[Participant]):
        outcomes (list[Outcome]):
        summary (None | str):
        held_on (datetime.date | None):
        version (int):
        scheduled_at (datetime.datetime):
    """

    id: UUID
    title: MeetingReadTitle
    mechanism_code: None | str
    issue_area_codes: list[str]
    track: MeetingReadTrack
    level: MeetingReadLevel
    host_code: str
    city: str
    country_code: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    meeting_date: datetime.date
    documents: list[str]
    status: MeetingReadStatus
    status_reason: None | str
    participants: list[Participant]
    outcomes: list[Outcome]
    summary: None | str
    held_on: datetime.date | None
    version: int
    scheduled_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        title = self.title.to_dict()

        mechanism_code: None | str
        mechanism_code = self.mechanism_code

        issue_area_codes = self.issue_area_codes

        track = self.track.value

        level = self.level.value

        host_code = self.host_code

        city = self.city

        country_code = self.country_code

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        time_zone = self.time_zone

        meeting_date = self.meeting_date.isoformat()

        documents = self.documents

        status = self.status.value

        status_reason: None | str
        status_reason = self.status_reason

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        outcomes = []
        for outcomes_item_data in self.outcomes:
            outcomes_item = outcomes_item_data.to_dict()
            outcomes.append(outcomes_item)

        summary: None | str
        summary = self.summary

        held_on: None | str
        if isinstance(self.held_on, datetime.date):
            held_on = self.held_on.isoformat()
        else:
            held_on = self.held_on

        version = self.version

        scheduled_at = self.scheduled_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "mechanism_code": mechanism_code,
                "issue_area_codes": issue_area_codes,
                "track": track,
                "level": level,
                "host_code": host_code,
                "city": city,
                "country_code": country_code,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "time_zone": time_zone,
                "meeting_date": meeting_date,
                "documents": documents,
                "status": status,
                "status_reason": status_reason,
                "participants": participants,
                "outcomes": outcomes,
                "summary": summary,
                "held_on": held_on,
                "version": version,
                "scheduled_at": scheduled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.meeting_read_title import MeetingReadTitle  # noqa: PLC0415
        from ..models.outcome import Outcome  # noqa: PLC0415
        from ..models.participant import Participant  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        title = MeetingReadTitle.from_dict(d.pop("title"))

        def _parse_mechanism_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mechanism_code = _parse_mechanism_code(d.pop("mechanism_code"))

        issue_area_codes = cast(list[str], d.pop("issue_area_codes"))

        track = MeetingReadTrack(d.pop("track"))

        level = MeetingReadLevel(d.pop("level"))

        host_code = d.pop("host_code")

        city = d.pop("city")

        country_code = d.pop("country_code")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        time_zone = d.pop("time_zone")

        meeting_date = datetime.date.fromisoformat(d.pop("meeting_date"))

        documents = cast(list[str], d.pop("documents"))

        status = MeetingReadStatus(d.pop("status"))

        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = Participant.from_dict(participants_item_data)

            participants.append(participants_item)

        outcomes = []
        _outcomes = d.pop("outcomes")
        for outcomes_item_data in _outcomes:
            outcomes_item = Outcome.from_dict(outcomes_item_data)

            outcomes.append(outcomes_item)

        def _parse_summary(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        summary = _parse_summary(d.pop("summary"))

        def _parse_held_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                held_on_type_0 = datetime.date.fromisoformat(data)

                return held_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        held_on = _parse_held_on(d.pop("held_on"))

        version = d.pop("version")

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        meeting_read = cls(
            id=id,
            title=title,
            mechanism_code=mechanism_code,
            issue_area_codes=issue_area_codes,
            track=track,
            level=level,
            host_code=host_code,
            city=city,
            country_code=country_code,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            meeting_date=meeting_date,
            documents=documents,
            status=status,
            status_reason=status_reason,
            participants=participants,
            outcomes=outcomes,
            summary=summary,
            held_on=held_on,
            version=version,
            scheduled_at=scheduled_at,
        )

        meeting_read.additional_properties = d
        return meeting_read

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
