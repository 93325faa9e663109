from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.year_read import YearRead


T = TypeVar("T", bound="GrowthRead")


@_attrs_define
class GrowthRead:
    """
    Attributes:
        years (list[YearRead]): The cumulative network at the end of each year, oldest first
    """

    years: list[YearRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        years = []
        for years_item_data in self.years:
            years_item = years_item_data.to_dict()
            years.append(years_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "years": years,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.year_read import YearRead  # noqa: PLC0415

        d = dict(src_dict)
        years = []
        _years = d.pop("years")
        for years_item_data in _years:
            years_item = YearRead.from_dict(years_item_data)

            years.append(years_item)

        growth_read = cls(
            years=years,
        )

        growth_read.additional_properties = d
        return growth_read

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
