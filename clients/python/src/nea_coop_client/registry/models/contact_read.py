from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contact_read_preferred_language import ContactReadPreferredLanguage

T = TypeVar("T", bound="ContactRead")


@_attrs_define
class ContactRead:
    """
    Attributes:
        id (UUID):
        member_code (str):
        name (str):
        email (str):
        preferred_language (ContactReadPreferredLanguage):
        role (str):
    """

    id: UUID
    member_code: str
    name: str
    email: str
    preferred_language: ContactReadPreferredLanguage
    role: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        member_code = self.member_code

        name = self.name

        email = self.email

        preferred_language = self.preferred_language.value

        role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member_code": member_code,
                "name": name,
                "email": email,
                "preferred_language": preferred_language,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        member_code = d.pop("member_code")

        name = d.pop("name")

        email = d.pop("email")

        preferred_language = ContactReadPreferredLanguage(d.pop("preferred_language"))

        role = d.pop("role")

        contact_read = cls(
            id=id,
            member_code=member_code,
            name=name,
            email=email,
            preferred_language=preferred_language,
            role=role,
        )

        contact_read.additional_properties = d
        return contact_read

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
