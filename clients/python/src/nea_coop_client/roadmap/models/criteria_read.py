from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.criteria_read_document import CriteriaReadDocument


T = TypeVar("T", bound="CriteriaRead")


@_attrs_define
class CriteriaRead:
    """
    Attributes:
        roadmap_code (str):
        version (int):
        document (CriteriaReadDocument):
    """

    roadmap_code: str
    version: int
    document: CriteriaReadDocument
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        roadmap_code = self.roadmap_code

        version = self.version

        document = self.document.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "roadmap_code": roadmap_code,
                "version": version,
                "document": document,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criteria_read_document import CriteriaReadDocument  # noqa: PLC0415

        d = dict(src_dict)
        roadmap_code = d.pop("roadmap_code")

        version = d.pop("version")

        document = CriteriaReadDocument.from_dict(d.pop("document"))

        criteria_read = cls(
            roadmap_code=roadmap_code,
            version=version,
            document=document,
        )

        criteria_read.additional_properties = d
        return criteria_read

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
