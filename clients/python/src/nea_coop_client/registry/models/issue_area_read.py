from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.issue_area_read_kind import IssueAreaReadKind

if TYPE_CHECKING:
    from ..models.issue_area_read_names import IssueAreaReadNames


T = TypeVar("T", bound="IssueAreaRead")


@_attrs_define
class IssueAreaRead:
    """
    Attributes:
        code (str):
        names (IssueAreaReadNames):
        kind (IssueAreaReadKind):
        open_ (bool): Whether meetings may take it up
        opened_by_decision (None | str): The roadmap decision that opened a traditional area
        version (int):
    """

    code: str
    names: IssueAreaReadNames
    kind: IssueAreaReadKind
    open_: bool
    opened_by_decision: None | str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        names = self.names.to_dict()

        kind = self.kind.value

        open_ = self.open_

        opened_by_decision: None | str
        opened_by_decision = self.opened_by_decision

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "names": names,
                "kind": kind,
                "open": open_,
                "opened_by_decision": opened_by_decision,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issue_area_read_names import IssueAreaReadNames  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        names = IssueAreaReadNames.from_dict(d.pop("names"))

        kind = IssueAreaReadKind(d.pop("kind"))

        open_ = d.pop("open")

        def _parse_opened_by_decision(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        opened_by_decision = _parse_opened_by_decision(d.pop("opened_by_decision"))

        version = d.pop("version")

        issue_area_read = cls(
            code=code,
            names=names,
            kind=kind,
            open_=open_,
            opened_by_decision=opened_by_decision,
            version=version,
        )

        issue_area_read.additional_properties = d
        return issue_area_read

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
