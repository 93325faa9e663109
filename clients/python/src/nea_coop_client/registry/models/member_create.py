from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.member_create_kind import MemberCreateKind
from ..models.member_create_status import MemberCreateStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_create_names import MemberCreateNames


T = TypeVar("T", bound="MemberCreate")


@_attrs_define
class MemberCreate:
    """
    Attributes:
        code (str): ISO 3166-1 alpha-3 for states, a short upper-case code for others
        kind (MemberCreateKind):
        names (MemberCreateNames): Text by language (en, ko, ja, zh, ru, mn), each at most 500 characters; English
            required
        parent_code (None | str | Unset): The state a local government belongs to
        role_note (None | str | Unset): For example 'facilitator'
        status (MemberCreateStatus | Unset):  Default: MemberCreateStatus.INVITED.
        status_effective_from (datetime.date | None | Unset): Defaults to today
        status_reason (str | Unset):  Default: 'registered'.
    """

    code: str
    kind: MemberCreateKind
    names: MemberCreateNames
    parent_code: None | str | Unset = UNSET
    role_note: None | str | Unset = UNSET
    status: MemberCreateStatus | Unset = MemberCreateStatus.INVITED
    status_effective_from: datetime.date | None | Unset = UNSET
    status_reason: str | Unset = "registered"

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        kind = self.kind.value

        names = self.names.to_dict()

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

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        status_effective_from: None | str | Unset
        if isinstance(self.status_effective_from, Unset):
            status_effective_from = UNSET
        elif isinstance(self.status_effective_from, datetime.date):
            status_effective_from = self.status_effective_from.isoformat()
        else:
            status_effective_from = self.status_effective_from

        status_reason = self.status_reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "kind": kind,
                "names": names,
            }
        )
        if parent_code is not UNSET:
            field_dict["parent_code"] = parent_code
        if role_note is not UNSET:
            field_dict["role_note"] = role_note
        if status is not UNSET:
            field_dict["status"] = status
        if status_effective_from is not UNSET:
            field_dict["status_effective_from"] = status_effective_from
        if status_reason is not UNSET:
            field_dict["status_reason"] = status_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_create_names import MemberCreateNames  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        kind = MemberCreateKind(d.pop("kind"))

        names = MemberCreateNames.from_dict(d.pop("names"))

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

        _status = d.pop("status", UNSET)
        status: MemberCreateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = MemberCreateStatus(_status)

        def _parse_status_effective_from(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_effective_from_type_0 = datetime.date.fromisoformat(data)

                return status_effective_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        status_effective_from = _parse_status_effective_from(d.pop("status_effective_from", UNSET))

        status_reason = d.pop("status_reason", UNSET)

        member_create = cls(
            code=code,
            kind=kind,
            names=names,
            parent_code=parent_code,
            role_note=role_note,
            status=status,
            status_effective_from=status_effective_from,
            status_reason=status_reason,
        )

        return member_create
