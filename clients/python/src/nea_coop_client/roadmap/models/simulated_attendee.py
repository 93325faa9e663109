from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
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

        simulated_attendee.additional_properties = d
        return simulated_attendee

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
