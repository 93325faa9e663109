from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.simulated_meeting_level import SimulatedMeetingLevel
from ..models.simulated_meeting_track import SimulatedMeetingTrack
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.simulated_attendee import SimulatedAttendee
    from ..models.simulated_outcome import SimulatedOutcome


T = TypeVar("T", bound="SimulatedMeeting")


@_attrs_define
class SimulatedMeeting:
    """A meeting as if it were held: the parts of `meeting.held` the criteria look at.

    Attributes:
        held_on (datetime.date):
        issue_area_codes (list[str] | Unset):
        track (SimulatedMeetingTrack | Unset):  Default: SimulatedMeetingTrack.VALUE_0.
        level (SimulatedMeetingLevel | Unset):  Default: SimulatedMeetingLevel.SENIOR_OFFICIALS.
        mechanism_code (None | str | Unset):
        attendees (list[SimulatedAttendee] | Unset):
        outcomes (list[SimulatedOutcome] | Unset):
    """

    held_on: datetime.date
    issue_area_codes: list[str] | Unset = UNSET
    track: SimulatedMeetingTrack | Unset = SimulatedMeetingTrack.VALUE_0
    level: SimulatedMeetingLevel | Unset = SimulatedMeetingLevel.SENIOR_OFFICIALS
    mechanism_code: None | str | Unset = UNSET
    attendees: list[SimulatedAttendee] | Unset = UNSET
    outcomes: list[SimulatedOutcome] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        held_on = self.held_on.isoformat()

        issue_area_codes: list[str] | Unset = UNSET
        if not isinstance(self.issue_area_codes, Unset):
            issue_area_codes = self.issue_area_codes

        track: str | Unset = UNSET
        if not isinstance(self.track, Unset):
            track = self.track.value

        level: str | Unset = UNSET
        if not isinstance(self.level, Unset):
            level = self.level.value

        mechanism_code: None | str | Unset
        if isinstance(self.mechanism_code, Unset):
            mechanism_code = UNSET
        else:
            mechanism_code = self.mechanism_code

        attendees: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attendees, Unset):
            attendees = []
            for attendees_item_data in self.attendees:
                attendees_item = attendees_item_data.to_dict()
                attendees.append(attendees_item)

        outcomes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.outcomes, Unset):
            outcomes = []
            for outcomes_item_data in self.outcomes:
                outcomes_item = outcomes_item_data.to_dict()
                outcomes.append(outcomes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "held_on": held_on,
            }
        )
        if issue_area_codes is not UNSET:
            field_dict["issue_area_codes"] = issue_area_codes
        if track is not UNSET:
            field_dict["track"] = track
        if level is not UNSET:
            field_dict["level"] = level
        if mechanism_code is not UNSET:
            field_dict["mechanism_code"] = mechanism_code
        if attendees is not UNSET:
            field_dict["attendees"] = attendees
        if outcomes is not UNSET:
            field_dict["outcomes"] = outcomes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simulated_attendee import SimulatedAttendee  # noqa: PLC0415
        from ..models.simulated_outcome import SimulatedOutcome  # noqa: PLC0415

        d = dict(src_dict)
        held_on = datetime.date.fromisoformat(d.pop("held_on"))

        issue_area_codes = cast(list[str], d.pop("issue_area_codes", UNSET))

        _track = d.pop("track", UNSET)
        track: SimulatedMeetingTrack | Unset
        if isinstance(_track, Unset):
            track = UNSET
        else:
            track = SimulatedMeetingTrack(_track)

        _level = d.pop("level", UNSET)
        level: SimulatedMeetingLevel | Unset
        if isinstance(_level, Unset):
            level = UNSET
        else:
            level = SimulatedMeetingLevel(_level)

        def _parse_mechanism_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mechanism_code = _parse_mechanism_code(d.pop("mechanism_code", UNSET))

        _attendees = d.pop("attendees", UNSET)
        attendees: list[SimulatedAttendee] | Unset = UNSET
        if _attendees is not UNSET:
            attendees = []
            for attendees_item_data in _attendees:
                attendees_item = SimulatedAttendee.from_dict(attendees_item_data)

                attendees.append(attendees_item)

        _outcomes = d.pop("outcomes", UNSET)
        outcomes: list[SimulatedOutcome] | Unset = UNSET
        if _outcomes is not UNSET:
            outcomes = []
            for outcomes_item_data in _outcomes:
                outcomes_item = SimulatedOutcome.from_dict(outcomes_item_data)

                outcomes.append(outcomes_item)

        simulated_meeting = cls(
            held_on=held_on,
            issue_area_codes=issue_area_codes,
            track=track,
            level=level,
            mechanism_code=mechanism_code,
            attendees=attendees,
            outcomes=outcomes,
        )

        return simulated_meeting
