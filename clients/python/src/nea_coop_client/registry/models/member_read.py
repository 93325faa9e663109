from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_read_kind import MemberReadKind
from ..models.member_read_status_type_0 import MemberReadStatusType0

if TYPE_CHECKING:
    from ..models.member_read_names import MemberReadNames


T = TypeVar("T", bound="MemberRead")


@_attrs_define
class MemberRead:
    """
    Attributes:
        code (str):
        kind (MemberReadKind):
        names (MemberReadNames):
        parent_code (None | str):
        role_note (None | str):
        status (MemberReadStatusType0 | None): Status on the date asked (`at`), else today
        status_since (datetime.date | None):
        version (int):
        registered_at (datetime.datetime):
    """

    code: str
    kind: MemberReadKind
    names: MemberReadNames
    parent_code: None | str
    role_note: None | str
    status: MemberReadStatusType0 | None
    status_since: datetime.date | None
    version: int
    registered_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        kind = self.kind.value

        names = self.names.to_dict()

        parent_code: None | str
        parent_code = self.parent_code

        role_note: None | str
        role_note = self.role_note

        status: None | str
        if isinstance(self.status, MemberReadStatusType0):
            status = self.status.value
        else:
            status = self.status

        status_since: None | str
        if isinstance(self.status_since, datetime.date):
            status_since = self.status_since.isoformat()
        else:
            status_since = self.status_since

        version = self.version

        registered_at = self.registered_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "kind": kind,
                "names": names,
                "parent_code": parent_code,
                "role_note": role_note,
                "status": status,
                "status_since": status_since,
                "version": version,
                "registered_at": registered_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_read_names import MemberReadNames  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        kind = MemberReadKind(d.pop("kind"))

        names = MemberReadNames.from_dict(d.pop("names"))

        def _parse_parent_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent_code = _parse_parent_code(d.pop("parent_code"))

        def _parse_role_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role_note = _parse_role_note(d.pop("role_note"))

        def _parse_status(data: object) -> MemberReadStatusType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = MemberReadStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberReadStatusType0 | None, data)

        status = _parse_status(d.pop("status"))

        def _parse_status_since(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_since_type_0 = datetime.date.fromisoformat(data)

                return status_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        status_since = _parse_status_since(d.pop("status_since"))

        version = d.pop("version")

        registered_at = datetime.datetime.fromisoformat(d.pop("registered_at"))

        member_read = cls(
            code=code,
            kind=kind,
            names=names,
            parent_code=parent_code,
            role_note=role_note,
            status=status,
            status_since=status_since,
            version=version,
            registered_at=registered_at,
        )

        member_read.additional_properties = d
        return member_read

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
