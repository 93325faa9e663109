from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.client_create_scopes_item import ClientCreateScopesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientCreate")


@_attrs_define
class ClientCreate:
    """
    Attributes:
        name (str): Who uses the client, for example 'MOFA Korea, meetings desk'
        scopes (list[ClientCreateScopesItem]): What the client may do: members:write, meetings:write,
            subscriptions:write, roadmap:write, admin
        member_code (None | str | Unset): The member the client acts for; none for administrators' tooling
    """

    name: str
    scopes: list[ClientCreateScopesItem]
    member_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        member_code: None | str | Unset
        if isinstance(self.member_code, Unset):
            member_code = UNSET
        else:
            member_code = self.member_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )
        if member_code is not UNSET:
            field_dict["member_code"] = member_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = ClientCreateScopesItem(scopes_item_data)

            scopes.append(scopes_item)

        def _parse_member_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_code = _parse_member_code(d.pop("member_code", UNSET))

        client_create = cls(
            name=name,
            scopes=scopes,
            member_code=member_code,
        )

        return client_create
