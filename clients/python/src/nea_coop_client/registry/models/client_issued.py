from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClientIssued")


@_attrs_define
class ClientIssued:
    """The one answer that carries the secret: the registry keeps only its hash.

    Attributes:
        client_id (str):
        name (str):
        member_code (None | str):
        scopes (list[str]):
        revoked_at (datetime.datetime | None): When the client was revoked; it is refused from then on
        version (int):
        created_at (datetime.datetime):
        secret (str): Shown once; store it now, it cannot be read again
        token (str): `<client_id>.<secret>`: send it as `Authorization: Bearer <token>`
    """

    client_id: str
    name: str
    member_code: None | str
    scopes: list[str]
    revoked_at: datetime.datetime | None
    version: int
    created_at: datetime.datetime
    secret: str
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        name = self.name

        member_code: None | str
        member_code = self.member_code

        scopes = self.scopes

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        version = self.version

        created_at = self.created_at.isoformat()

        secret = self.secret

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "name": name,
                "member_code": member_code,
                "scopes": scopes,
                "revoked_at": revoked_at,
                "version": version,
                "created_at": created_at,
                "secret": secret,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        name = d.pop("name")

        def _parse_member_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        member_code = _parse_member_code(d.pop("member_code"))

        scopes = cast(list[str], d.pop("scopes"))

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        secret = d.pop("secret")

        token = d.pop("token")

        client_issued = cls(
            client_id=client_id,
            name=name,
            member_code=member_code,
            scopes=scopes,
            revoked_at=revoked_at,
            version=version,
            created_at=created_at,
            secret=secret,
            token=token,
        )

        client_issued.additional_properties = d
        return client_issued

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
