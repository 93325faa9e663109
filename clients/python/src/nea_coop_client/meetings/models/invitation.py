from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invitation_role import InvitationRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="Invitation")


@_attrs_define
class Invitation:
    """
    Attributes:
        member_code (str):
        role (InvitationRole | Unset): `host` is the meeting's host only Default: InvitationRole.PARTICIPANT.
    """

    member_code: str
    role: InvitationRole | Unset = InvitationRole.PARTICIPANT

    def to_dict(self) -> dict[str, Any]:
        member_code = self.member_code

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_code": member_code,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_code = d.pop("member_code")

        _role = d.pop("role", UNSET)
        role: InvitationRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = InvitationRole(_role)

        invitation = cls(
            member_code=member_code,
            role=role,
        )

        return invitation
