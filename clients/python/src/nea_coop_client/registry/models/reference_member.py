from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reference_member_kind import ReferenceMemberKind
from ..models.reference_member_status import ReferenceMemberStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReferenceMember")


@_attrs_define
class ReferenceMember:
    """
    Attributes:
        code (str):
        name (str): The English name
        kind (ReferenceMemberKind):
        status (ReferenceMemberStatus | Unset):  Default: ReferenceMemberStatus.INVITED.
        status_since (datetime.date | None | Unset): When the status began; 2013-05-01 if not given
        role_note (None | str | Unset):
        parent (None | str | Unset): The state a local government belongs to
        source (None | str | Unset): Where the fact comes from; kept in the document, not registered
    """

    code: str
    name: str
    kind: ReferenceMemberKind
    status: ReferenceMemberStatus | Unset = ReferenceMemberStatus.INVITED
    status_since: datetime.date | None | Unset = UNSET
    role_note: None | str | Unset = UNSET
    parent: None | str | Unset = UNSET
    source: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        kind = self.kind.value

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        status_since: None | str | Unset
        if isinstance(self.status_since, Unset):
            status_since = UNSET
        elif isinstance(self.status_since, datetime.date):
            status_since = self.status_since.isoformat()
        else:
            status_since = self.status_since

        role_note: None | str | Unset
        if isinstance(self.role_note, Unset):
            role_note = UNSET
        else:
            role_note = self.role_note

        parent: None | str | Unset
        if isinstance(self.parent, Unset):
            parent = UNSET
        else:
            parent = self.parent

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "name": name,
                "kind": kind,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if status_since is not UNSET:
            field_dict["status_since"] = status_since
        if role_note is not UNSET:
            field_dict["role_note"] = role_note
        if parent is not UNSET:
            field_dict["parent"] = parent
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        kind = ReferenceMemberKind(d.pop("kind"))

        _status = d.pop("status", UNSET)
        status: ReferenceMemberStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ReferenceMemberStatus(_status)

        def _parse_status_since(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_since_type_0 = datetime.date.fromisoformat(data)

                return status_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        status_since = _parse_status_since(d.pop("status_since", UNSET))

        def _parse_role_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role_note = _parse_role_note(d.pop("role_note", UNSET))

        def _parse_parent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent = _parse_parent(d.pop("parent", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        reference_member = cls(
            code=code,
            name=name,
            kind=kind,
            status=status,
            status_since=status_since,
            role_note=role_note,
            parent=parent,
            source=source,
        )

        return reference_member
