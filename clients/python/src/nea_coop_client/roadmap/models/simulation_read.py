from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simulated_track import SimulatedTrack


T = TypeVar("T", bound="SimulationRead")


@_attrs_define
class SimulationRead:
    """
    Attributes:
        roadmap_code (str):
        criteria_version (int):
        simulated_meeting_id (str):
        tracks (list[SimulatedTrack]):
    """

    roadmap_code: str
    criteria_version: int
    simulated_meeting_id: str
    tracks: list[SimulatedTrack]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        roadmap_code = self.roadmap_code

        criteria_version = self.criteria_version

        simulated_meeting_id = self.simulated_meeting_id

        tracks = []
        for tracks_item_data in self.tracks:
            tracks_item = tracks_item_data.to_dict()
            tracks.append(tracks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "roadmap_code": roadmap_code,
                "criteria_version": criteria_version,
                "simulated_meeting_id": simulated_meeting_id,
                "tracks": tracks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simulated_track import SimulatedTrack  # noqa: PLC0415

        d = dict(src_dict)
        roadmap_code = d.pop("roadmap_code")

        criteria_version = d.pop("criteria_version")

        simulated_meeting_id = d.pop("simulated_meeting_id")

        tracks = []
        _tracks = d.pop("tracks")
        for tracks_item_data in _tracks:
            tracks_item = SimulatedTrack.from_dict(tracks_item_data)

            tracks.append(tracks_item)

        simulation_read = cls(
            roadmap_code=roadmap_code,
            criteria_version=criteria_version,
            simulated_meeting_id=simulated_meeting_id,
            tracks=tracks,
        )

        simulation_read.additional_properties = d
        return simulation_read

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
