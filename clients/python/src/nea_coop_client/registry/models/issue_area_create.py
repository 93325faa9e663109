from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.issue_area_create_kind import IssueAreaCreateKind

if TYPE_CHECKING:
    from ..models.issue_area_create_names import IssueAreaCreateNames


T = TypeVar("T", bound="IssueAreaCreate")


@_attrs_define
class IssueAreaCreate:
    """
    Attributes:
        code (str): Lower snake_case, for example nuclear_safety
        names (IssueAreaCreateNames): Text by language (en, ko, ja, zh, ru, mn), each at most 500 characters; English
            required
        kind (IssueAreaCreateKind): non_traditional areas are open from the start; traditional ones start locked
    """

    code: str
    names: IssueAreaCreateNames
    kind: IssueAreaCreateKind

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        names = self.names.to_dict()

        kind = self.kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "names": names,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issue_area_create_names import IssueAreaCreateNames  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        names = IssueAreaCreateNames.from_dict(d.pop("names"))

        kind = IssueAreaCreateKind(d.pop("kind"))

        issue_area_create = cls(
            code=code,
            names=names,
            kind=kind,
        )

        return issue_area_create
