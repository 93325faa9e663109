from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendance_entry import AttendanceEntry
    from ..models.outcome_create import OutcomeCreate


T = TypeVar("T", bound="HeldRecord")


@_attrs_define
class HeldRecord:
    """
    Attributes:
        attendance (list[AttendanceEntry]): Participants not listed are recorded as absent
        summary (str):
        outcomes (list[OutcomeCreate] | Unset):
    """

    attendance: list[AttendanceEntry]
    summary: str
    outcomes: list[OutcomeCreate] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        attendance = []
        for attendance_item_data in self.attendance:
            attendance_item = attendance_item_data.to_dict()
            attendance.append(attendance_item)

        summary = self.summary

        outcomes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.outcomes, Unset):
            outcomes = []
            for outcomes_item_data in self.outcomes:
                outcomes_item = outcomes_item_data.to_dict()
                outcomes.append(outcomes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attendance": attendance,
                "summary": summary,
            }
        )
        if outcomes is not UNSET:
            field_dict["outcomes"] = outcomes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendance_entry import AttendanceEntry  # noqa: PLC0415
        from ..models.outcome_create import OutcomeCreate  # noqa: PLC0415

        d = dict(src_dict)
        attendance = []
        _attendance = d.pop("attendance")
        for attendance_item_data in _attendance:
            attendance_item = AttendanceEntry.from_dict(attendance_item_data)

            attendance.append(attendance_item)

        summary = d.pop("summary")

        _outcomes = d.pop("outcomes", UNSET)
        outcomes: list[OutcomeCreate] | Unset = UNSET
        if _outcomes is not UNSET:
            outcomes = []
            for outcomes_item_data in _outcomes:
                outcomes_item = OutcomeCreate.from_dict(outcomes_item_data)

                outcomes.append(outcomes_item)

        held_record = cls(
            attendance=attendance,
            summary=summary,
            outcomes=outcomes,
        )

        return held_record
