from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.attendance_entry_attendance import AttendanceEntryAttendance
from ..models.attendance_entry_delegation_level_type_0 import AttendanceEntryDelegationLevelType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="AttendanceEntry")


@_attrs_define
class AttendanceEntry:
    """
    Attributes:
        member_code (str):
        attendance (AttendanceEntryAttendance):
        delegation_level (AttendanceEntryDelegationLevelType0 | None | Unset): The level of the member's delegation
    """

    member_code: str
    attendance: AttendanceEntryAttendance
    delegation_level: AttendanceEntryDelegationLevelType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_code = self.member_code

        attendance = self.attendance.value

        delegation_level: None | str | Unset
        if isinstance(self.delegation_level, Unset):
            delegation_level = UNSET
        elif isinstance(self.delegation_level, AttendanceEntryDelegationLevelType0):
            delegation_level = self.delegation_level.value
        else:
            delegation_level = self.delegation_level

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_code": member_code,
                "attendance": attendance,
            }
        )
        if delegation_level is not UNSET:
            field_dict["delegation_level"] = delegation_level

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_code = d.pop("member_code")

        attendance = AttendanceEntryAttendance(d.pop("attendance"))

        def _parse_delegation_level(data: object) -> AttendanceEntryDelegationLevelType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delegation_level_type_0 = AttendanceEntryDelegationLevelType0(data)

                return delegation_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AttendanceEntryDelegationLevelType0 | None | Unset, data)

        delegation_level = _parse_delegation_level(d.pop("delegation_level", UNSET))

        attendance_entry = cls(
            member_code=member_code,
            attendance=attendance,
            delegation_level=delegation_level,
        )

        return attendance_entry
