from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.counted_meeting_state import CountedMeetingState


T = TypeVar("T", bound="EvidenceState")


@_attrs_define
class EvidenceState:
    """What counts toward a criterion: ids of meetings, outcomes and mechanism expansions, and members;
    `meetings` names, for each counted meeting, the members that made it count.

        Attributes:
            meeting_ids (list[str] | Unset):
            outcome_ids (list[str] | Unset):
            expansion_ids (list[str] | Unset):
            member_codes (list[str] | Unset):
            meetings (list[CountedMeetingState] | Unset):
    """

    meeting_ids: list[str] | Unset = UNSET
    outcome_ids: list[str] | Unset = UNSET
    expansion_ids: list[str] | Unset = UNSET
    member_codes: list[str] | Unset = UNSET
    meetings: list[CountedMeetingState] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        meeting_ids: list[str] | Unset = UNSET
        if not isinstance(self.meeting_ids, Unset):
            meeting_ids = self.meeting_ids

        outcome_ids: list[str] | Unset = UNSET
        if not isinstance(self.outcome_ids, Unset):
            outcome_ids = self.outcome_ids

        expansion_ids: list[str] | Unset = UNSET
        if not isinstance(self.expansion_ids, Unset):
            expansion_ids = self.expansion_ids

        member_codes: list[str] | Unset = UNSET
        if not isinstance(self.member_codes, Unset):
            member_codes = self.member_codes

        meetings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.meetings, Unset):
            meetings = []
            for meetings_item_data in self.meetings:
                meetings_item = meetings_item_data.to_dict()
                meetings.append(meetings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if meeting_ids is not UNSET:
            field_dict["meeting_ids"] = meeting_ids
        if outcome_ids is not UNSET:
            field_dict["outcome_ids"] = outcome_ids
        if expansion_ids is not UNSET:
            field_dict["expansion_ids"] = expansion_ids
        if member_codes is not UNSET:
            field_dict["member_codes"] = member_codes
        if meetings is not UNSET:
            field_dict["meetings"] = meetings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.counted_meeting_state import CountedMeetingState  # noqa: PLC0415

        d = dict(src_dict)
        meeting_ids = cast(list[str], d.pop("meeting_ids", UNSET))

        outcome_ids = cast(list[str], d.pop("outcome_ids", UNSET))

        expansion_ids = cast(list[str], d.pop("expansion_ids", UNSET))

        member_codes = cast(list[str], d.pop("member_codes", UNSET))

        _meetings = d.pop("meetings", UNSET)
        meetings: list[CountedMeetingState] | Unset = UNSET
        if _meetings is not UNSET:
            meetings = []
            for meetings_item_data in _meetings:
                meetings_item = CountedMeetingState.from_dict(meetings_item_data)

                meetings.append(meetings_item)

        evidence_state = cls(
            meeting_ids=meeting_ids,
            outcome_ids=outcome_ids,
            expansion_ids=expansion_ids,
            member_codes=member_codes,
            meetings=meetings,
        )

        evidence_state.additional_properties = d
        return evidence_state

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
