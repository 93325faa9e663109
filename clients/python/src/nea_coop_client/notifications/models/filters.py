from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Filters")


@_attrs_define
class Filters:
    """What a subscription hears of. Every list given must match the event (one of its values is
    enough); an empty list matches everything.

        Attributes:
            event_types (list[str] | Unset): Event types (`org.neacoop.meetings.meeting.held.v1`)
            issue_areas (list[str] | Unset): Issue area codes (`nuclear_safety`)
            members (list[str] | Unset): Members hosting, invited or agreeing, or whose engagement changed
            mechanisms (list[str] | Unset): Mechanism codes (`TRM+`)
            tracks (list[str] | Unset): Roadmap tracks (`nuclear_safety`, `napci`): a meeting is on its issue areas' tracks
    """

    event_types: list[str] | Unset = UNSET
    issue_areas: list[str] | Unset = UNSET
    members: list[str] | Unset = UNSET
    mechanisms: list[str] | Unset = UNSET
    tracks: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types

        issue_areas: list[str] | Unset = UNSET
        if not isinstance(self.issue_areas, Unset):
            issue_areas = self.issue_areas

        members: list[str] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = self.members

        mechanisms: list[str] | Unset = UNSET
        if not isinstance(self.mechanisms, Unset):
            mechanisms = self.mechanisms

        tracks: list[str] | Unset = UNSET
        if not isinstance(self.tracks, Unset):
            tracks = self.tracks

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if issue_areas is not UNSET:
            field_dict["issue_areas"] = issue_areas
        if members is not UNSET:
            field_dict["members"] = members
        if mechanisms is not UNSET:
            field_dict["mechanisms"] = mechanisms
        if tracks is not UNSET:
            field_dict["tracks"] = tracks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = cast(list[str], d.pop("event_types", UNSET))

        issue_areas = cast(list[str], d.pop("issue_areas", UNSET))

        members = cast(list[str], d.pop("members", UNSET))

        mechanisms = cast(list[str], d.pop("mechanisms", UNSET))

        tracks = cast(list[str], d.pop("tracks", UNSET))

        filters = cls(
            event_types=event_types,
            issue_areas=issue_areas,
            members=members,
            mechanisms=mechanisms,
            tracks=tracks,
        )

        return filters
