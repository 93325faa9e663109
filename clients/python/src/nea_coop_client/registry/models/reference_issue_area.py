from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reference_issue_area_kind import ReferenceIssueAreaKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReferenceIssueArea")


@_attrs_define
class ReferenceIssueArea:
    """
    Attributes:
        code (str):
        name (str): The English name
        kind (ReferenceIssueAreaKind): traditional areas are registered locked
        locked_until (None | str | Unset): When a traditional area may open; a note
        source (None | str | Unset): Where the fact comes from; kept in the document, not registered
    """

    code: str
    name: str
    kind: ReferenceIssueAreaKind
    locked_until: None | str | Unset = UNSET
    source: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        kind = self.kind.value

        locked_until: None | str | Unset
        if isinstance(self.locked_until, Unset):
            locked_until = UNSET
        else:
            locked_until = self.locked_until

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
        if locked_until is not UNSET:
            field_dict["locked_until"] = locked_until
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        kind = ReferenceIssueAreaKind(d.pop("kind"))

        def _parse_locked_until(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locked_until = _parse_locked_until(d.pop("locked_until", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        reference_issue_area = cls(
            code=code,
            name=name,
            kind=kind,
            locked_until=locked_until,
            source=source,
        )

        return reference_issue_area
