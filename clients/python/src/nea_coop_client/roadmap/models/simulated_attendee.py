from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.simulated_attendee_kind import SimulatedAttendeeKind
from ..models.simulated_attendee_role import SimulatedAttendeeRole
from ..models.simulated_attendee_status_on_meeting_date_type_0 import SimulatedAttendeeStatusOnMeetingDateType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulatedAttendee")


@_attrs_define
class SimulatedAttendee:
    """
    Attributes:
        member_code (str):
        kind (SimulatedAttendeeKind):
        status_on_meeting_date (None | SimulatedAttendeeStatusOnMeetingDateType0):
        role (SimulatedAttendeeRole | Unset):  Default: SimulatedAttendeeRole.PARTICIPANT.
    """

    member_code: str
    kind: SimulatedAttendeeKind
    status_on_meeting_date: None | SimulatedAttendeeStatusOnMeetingDateType0
    role: SimulatedAttendeeRole | Unset = SimulatedAttendeeRole.PARTICIPANT

    def to_dict(self) -> dict[str, Any]:
        member_code = self.member_code

        kind = self.kind.value

        status_on_meeting_date: None | str
        if isinstance(self.status_on_meeting_date, SimulatedAttendeeStatusOnMeetingDateType0):
            status_on_meeting_date = self.status_on_meeting_date.value
        else:
            status_on_meeting_date = self.status_on_meeting_date

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_code": member_code,
                "kind": kind,
                "status_on_meeting_date": status_on_meeting_date,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_code = d.pop("member_code")

        kind = SimulatedAttendeeKind(d.pop("kind"))

        def _parse_status_on_meeting_date(data: object) -> None | SimulatedAttendeeStatusOnMeetingDateType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_on_meeting_date_type_0 = SimulatedAttendeeStatusOnMeetingDateType0(data)

                return status_on_meeting_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SimulatedAttendeeStatusOnMeetingDateType0, data)

        status_on_meeting_date = _parse_status_on_meeting_date(d.pop("status_on_meeting_date"))

        _role = d.pop("role", UNSET)
        role: SimulatedAttendeeRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = SimulatedAttendeeRole(_role)

        simulated_attendee = cls(
            member_code=member_code,
            kind=kind,
            status_on_meeting_date=status_on_meeting_date,
            role=role,
        )

        return simulated_attendee
