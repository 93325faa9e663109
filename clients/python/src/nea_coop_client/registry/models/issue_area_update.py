from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.issue_area_update_names_type_0 import IssueAreaUpdateNamesType0


T = TypeVar("T", bound="IssueAreaUpdate")


@_attrs_define
class IssueAreaUpdate:
    """
    Attributes:
        names (IssueAreaUpdateNamesType0 | None | Unset):
    """

    names: IssueAreaUpdateNamesType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.issue_area_update_names_type_0 import IssueAreaUpdateNamesType0  # noqa: PLC0415

        names: dict[str, Any] | None | Unset
        if isinstance(self.names, Unset):
            names = UNSET
        elif isinstance(self.names, IssueAreaUpdateNamesType0):
            names = self.names.to_dict()
        else:
            names = self.names

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if names is not UNSET:
            field_dict["names"] = names

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issue_area_update_names_type_0 import IssueAreaUpdateNamesType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_names(data: object) -> IssueAreaUpdateNamesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                names_type_0 = IssueAreaUpdateNamesType0.from_dict(data)

                return names_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IssueAreaUpdateNamesType0 | None | Unset, data)

        names = _parse_names(d.pop("names", UNSET))

        issue_area_update = cls(
            names=names,
        )

        return issue_area_update
