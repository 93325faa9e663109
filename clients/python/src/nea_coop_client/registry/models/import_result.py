from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.counts import Counts


T = TypeVar("T", bound="ImportResult")


@_attrs_define
class ImportResult:
    """
    Attributes:
        members (Counts):
        issue_areas (Counts):
        mechanisms (Counts):
    """

    members: Counts
    issue_areas: Counts
    mechanisms: Counts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        members = self.members.to_dict()

        issue_areas = self.issue_areas.to_dict()

        mechanisms = self.mechanisms.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "members": members,
                "issue_areas": issue_areas,
                "mechanisms": mechanisms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.counts import Counts  # noqa: PLC0415

        d = dict(src_dict)
        members = Counts.from_dict(d.pop("members"))

        issue_areas = Counts.from_dict(d.pop("issue_areas"))

        mechanisms = Counts.from_dict(d.pop("mechanisms"))

        import_result = cls(
            members=members,
            issue_areas=issue_areas,
            mechanisms=mechanisms,
        )

        import_result.additional_properties = d
        return import_result

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
