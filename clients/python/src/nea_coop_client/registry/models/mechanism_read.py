from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mechanism_read_member_count_source import MechanismReadMemberCountSource

if TYPE_CHECKING:
    from ..models.mechanism_read_names import MechanismReadNames


T = TypeVar("T", bound="MechanismRead")


@_attrs_define
class MechanismRead:
    """
    Attributes:
        code (str):
        names (MechanismReadNames):
        agenda (None | str):
        nature (None | str):
        participation (None | str):
        declared_member_count (int | None):
        expands (None | str): The code of the mechanism this one expands
        expanded_by (list[str]): Codes of the mechanisms that expand this one
        member_count (int): Current registered members if any are registered, else the declared count (else 0)
        member_count_source (MechanismReadMemberCountSource):
        version (int):
        registered_at (datetime.datetime):
    """

    code: str
    names: MechanismReadNames
    agenda: None | str
    nature: None | str
    participation: None | str
    declared_member_count: int | None
    expands: None | str
    expanded_by: list[str]
    member_count: int
    member_count_source: MechanismReadMemberCountSource
    version: int
    registered_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        names = self.names.to_dict()

        agenda: None | str
        agenda = self.agenda

        nature: None | str
        nature = self.nature

        participation: None | str
        participation = self.participation

        declared_member_count: int | None
        declared_member_count = self.declared_member_count

        expands: None | str
        expands = self.expands

        expanded_by = self.expanded_by

        member_count = self.member_count

        member_count_source = self.member_count_source.value

        version = self.version

        registered_at = self.registered_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "names": names,
                "agenda": agenda,
                "nature": nature,
                "participation": participation,
                "declared_member_count": declared_member_count,
                "expands": expands,
                "expanded_by": expanded_by,
                "member_count": member_count,
                "member_count_source": member_count_source,
                "version": version,
                "registered_at": registered_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mechanism_read_names import MechanismReadNames  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        names = MechanismReadNames.from_dict(d.pop("names"))

        def _parse_agenda(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agenda = _parse_agenda(d.pop("agenda"))

        def _parse_nature(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        nature = _parse_nature(d.pop("nature"))

        def _parse_participation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        participation = _parse_participation(d.pop("participation"))

        def _parse_declared_member_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        declared_member_count = _parse_declared_member_count(d.pop("declared_member_count"))

        def _parse_expands(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expands = _parse_expands(d.pop("expands"))

        expanded_by = cast(list[str], d.pop("expanded_by"))

        member_count = d.pop("member_count")

        member_count_source = MechanismReadMemberCountSource(d.pop("member_count_source"))

        version = d.pop("version")

        registered_at = datetime.datetime.fromisoformat(d.pop("registered_at"))

        mechanism_read = cls(
            code=code,
            names=names,
            agenda=agenda,
            nature=nature,
            participation=participation,
            declared_member_count=declared_member_count,
            expands=expands,
            expanded_by=expanded_by,
            member_count=member_count,
            member_count_source=member_count_source,
            version=version,
            registered_at=registered_at,
        )

        mechanism_read.additional_properties = d
        return mechanism_read

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
