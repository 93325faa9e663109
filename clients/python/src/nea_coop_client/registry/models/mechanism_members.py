from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.membership_read import MembershipRead


T = TypeVar("T", bound="MechanismMembers")


@_attrs_define
class MechanismMembers:
    """
    Attributes:
        code (str):
        at (datetime.date): The date the list is read on
        members (list[MembershipRead]):
    """

    code: str
    at: datetime.date
    members: list[MembershipRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        at = self.at.isoformat()

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "at": at,
                "members": members,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.membership_read import MembershipRead  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        at = datetime.date.fromisoformat(d.pop("at"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MembershipRead.from_dict(members_item_data)

            members.append(members_item)

        mechanism_members = cls(
            code=code,
            at=at,
            members=members,
        )

        mechanism_members.additional_properties = d
        return mechanism_members

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
