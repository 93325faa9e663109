from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.participant_attendance_type_0 import ParticipantAttendanceType0
from ..models.participant_delegation_level_type_0 import ParticipantDelegationLevelType0
from ..models.participant_response import ParticipantResponse
from ..models.participant_role import ParticipantRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="Participant")


@_attrs_define
class Participant:
    """
    Attributes:
        member_code (str):
        role (ParticipantRole):
        response (ParticipantResponse):
        attendance (None | ParticipantAttendanceType0 | Unset): Recorded when the meeting is held
        delegation_level (None | ParticipantDelegationLevelType0 | Unset):
    """

    member_code: str
    role: ParticipantRole
    response: ParticipantResponse
    attendance: None | ParticipantAttendanceType0 | Unset = UNSET
    delegation_level: None | ParticipantDelegationLevelType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_code = self.member_code

        role = self.role.value

        response = self.response.value

        attendance: None | str | Unset
        if isinstance(self.attendance, Unset):
            attendance = UNSET
        elif isinstance(self.attendance, ParticipantAttendanceType0):
            attendance = self.attendance.value
        else:
            attendance = self.attendance

        delegation_level: None | str | Unset
        if isinstance(self.delegation_level, Unset):
            delegation_level = UNSET
        elif isinstance(self.delegation_level, ParticipantDelegationLevelType0):
            delegation_level = self.delegation_level.value
        else:
            delegation_level = self.delegation_level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_code": member_code,
                "role": role,
                "response": response,
            }
        )
        if attendance is not UNSET:
            field_dict["attendance"] = attendance
        if delegation_level is not UNSET:
            field_dict["delegation_level"] = delegation_level

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_code = d.pop("member_code")

        role = ParticipantRole(d.pop("role"))

        response = ParticipantResponse(d.pop("response"))

        def _parse_attendance(data: object) -> None | ParticipantAttendanceType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attendance_type_0 = ParticipantAttendanceType0(data)

                return attendance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParticipantAttendanceType0 | Unset, data)

        attendance = _parse_attendance(d.pop("attendance", UNSET))

        def _parse_delegation_level(data: object) -> None | ParticipantDelegationLevelType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delegation_level_type_0 = ParticipantDelegationLevelType0(data)

                return delegation_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParticipantDelegationLevelType0 | Unset, data)

        delegation_level = _parse_delegation_level(d.pop("delegation_level", UNSET))

        participant = cls(
            member_code=member_code,
            role=role,
            response=response,
            attendance=attendance,
            delegation_level=delegation_level,
        )

        participant.additional_properties = d
        return participant

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
