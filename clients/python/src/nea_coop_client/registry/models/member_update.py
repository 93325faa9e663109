from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_update_names_type_0 import MemberUpdateNamesType0


T = TypeVar("T", bound="MemberUpdate")


@_attrs_define
class MemberUpdate:
    """
    Attributes:
        names (MemberUpdateNamesType0 | None | Unset):
        parent_code (None | str | Unset):
        role_note (None | str | Unset):
    """

    names: MemberUpdateNamesType0 | None | Unset = UNSET
    parent_code: None | str | Unset = UNSET
    role_note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.member_update_names_type_0 import MemberUpdateNamesType0  # noqa: PLC0415

        names: dict[str, Any] | None | Unset
        if isinstance(self.names, Unset):
            names = UNSET
        elif isinstance(self.names, MemberUpdateNamesType0):
            names = self.names.to_dict()
        else:
            names = self.names

        parent_code: None | str | Unset
        if isinstance(self.parent_code, Unset):
            parent_code = UNSET
        else:
            parent_code = self.parent_code

        role_note: None | str | Unset
        if isinstance(self.role_note, Unset):
            role_note = UNSET
        else:
            role_note = self.role_note

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if names is not UNSET:
            field_dict["names"] = names
        if parent_code is not UNSET:
            field_dict["parent_code"] = parent_code
        if role_note is not UNSET:
            field_dict["role_note"] = role_note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_update_names_type_0 import MemberUpdateNamesType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_names(data: object) -> MemberUpdateNamesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                names_type_0 = MemberUpdateNamesType0.from_dict(data)

                return names_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberUpdateNamesType0 | None | Unset, data)

        names = _parse_names(d.pop("names", UNSET))

        def _parse_parent_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_code = _parse_parent_code(d.pop("parent_code", UNSET))

        def _parse_role_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role_note = _parse_role_note(d.pop("role_note", UNSET))

        member_update = cls(
            names=names,
            parent_code=parent_code,
            role_note=role_note,
        )

        return member_update
