from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.contact_create_preferred_language import ContactCreatePreferredLanguage
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactCreate")


@_attrs_define
class ContactCreate:
    """
    Attributes:
        name (str):
        email (str):
        preferred_language (ContactCreatePreferredLanguage | Unset):  Default: ContactCreatePreferredLanguage.EN.
        role (str | Unset):  Default: 'focal point'.
    """

    name: str
    email: str
    preferred_language: ContactCreatePreferredLanguage | Unset = ContactCreatePreferredLanguage.EN
    role: str | Unset = "focal point"

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        preferred_language: str | Unset = UNSET
        if not isinstance(self.preferred_language, Unset):
            preferred_language = self.preferred_language.value

        role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "email": email,
            }
        )
        if preferred_language is not UNSET:
            field_dict["preferred_language"] = preferred_language
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        email = d.pop("email")

        _preferred_language = d.pop("preferred_language", UNSET)
        preferred_language: ContactCreatePreferredLanguage | Unset
        if isinstance(_preferred_language, Unset):
            preferred_language = UNSET
        else:
            preferred_language = ContactCreatePreferredLanguage(_preferred_language)

        role = d.pop("role", UNSET)

        contact_create = cls(
            name=name,
            email=email,
            preferred_language=preferred_language,
            role=role,
        )

        return contact_create
