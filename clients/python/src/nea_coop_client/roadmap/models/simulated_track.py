from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.next_stage_read import NextStageRead
    from ..models.simulated_advancement import SimulatedAdvancement


T = TypeVar("T", bound="SimulatedTrack")


@_attrs_define
class SimulatedTrack:
    """
    Attributes:
        track (str):
        current_stage (str):
        would_reach (str):
        held (bool):
        advancements (list[SimulatedAdvancement]):
        next_ (NextStageRead | None): The next stage's criterion, judged with the meeting
    """

    track: str
    current_stage: str
    would_reach: str
    held: bool
    advancements: list[SimulatedAdvancement]
    next_: NextStageRead | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.next_stage_read import NextStageRead  # noqa: PLC0415

        track = self.track

        current_stage = self.current_stage

        would_reach = self.would_reach

        held = self.held

        advancements = []
        for advancements_item_data in self.advancements:
            advancements_item = advancements_item_data.to_dict()
            advancements.append(advancements_item)

        next_: dict[str, Any] | None
        if isinstance(self.next_, NextStageRead):
            next_ = self.next_.to_dict()
        else:
            next_ = self.next_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "track": track,
                "current_stage": current_stage,
                "would_reach": would_reach,
                "held": held,
                "advancements": advancements,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_stage_read import NextStageRead  # noqa: PLC0415
        from ..models.simulated_advancement import SimulatedAdvancement  # noqa: PLC0415

        d = dict(src_dict)
        track = d.pop("track")

        current_stage = d.pop("current_stage")

        would_reach = d.pop("would_reach")

        held = d.pop("held")

        advancements = []
        _advancements = d.pop("advancements")
        for advancements_item_data in _advancements:
            advancements_item = SimulatedAdvancement.from_dict(advancements_item_data)

            advancements.append(advancements_item)

        def _parse_next_(data: object) -> NextStageRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_type_0 = NextStageRead.from_dict(data)

                return next_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextStageRead | None, data)

        next_ = _parse_next_(d.pop("next"))

        simulated_track = cls(
            track=track,
            current_stage=current_stage,
            would_reach=would_reach,
            held=held,
            advancements=advancements,
            next_=next_,
        )

        simulated_track.additional_properties = d
        return simulated_track

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
