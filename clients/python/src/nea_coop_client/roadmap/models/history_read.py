from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.advancement_read import AdvancementRead


T = TypeVar("T", bound="HistoryRead")


@_attrs_define
class HistoryRead:
    """
    Attributes:
        roadmap_code (str):
        items (list[AdvancementRead]):
    """

    roadmap_code: str
    items: list[AdvancementRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        roadmap_code = self.roadmap_code

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "roadmap_code": roadmap_code,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.advancement_read import AdvancementRead  # noqa: PLC0415

        d = dict(src_dict)
        roadmap_code = d.pop("roadmap_code")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = AdvancementRead.from_dict(items_item_data)

            items.append(items_item)

        history_read = cls(
            roadmap_code=roadmap_code,
            items=items,
        )

        history_read.additional_properties = d
        return history_read

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
