from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReferenceMechanism")


@_attrs_define
class ReferenceMechanism:
    """
    Attributes:
        code (str):
        name (str): The English name
        agenda (None | str | Unset):
        nature (None | str | Unset):
        participation (None | str | Unset):
        member_count (int | None | Unset): The count the sources declare (registered as declared_member_count)
        members (list[str] | Unset): Members, registered or in this document
        expands (None | str | Unset): The mechanism this one expands (TRM+ -> TRM)
        joined_on (datetime.date | None | Unset): When `members` joined (the founding). The reference file gives no
            date; the roadmap counts a mechanism's expansion only when it is dated
        source (None | str | Unset): Where the fact comes from; kept in the document, not registered
    """

    code: str
    name: str
    agenda: None | str | Unset = UNSET
    nature: None | str | Unset = UNSET
    participation: None | str | Unset = UNSET
    member_count: int | None | Unset = UNSET
    members: list[str] | Unset = UNSET
    expands: None | str | Unset = UNSET
    joined_on: datetime.date | None | Unset = UNSET
    source: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        agenda: None | str | Unset
        if isinstance(self.agenda, Unset):
            agenda = UNSET
        else:
            agenda = self.agenda

        nature: None | str | Unset
        if isinstance(self.nature, Unset):
            nature = UNSET
        else:
            nature = self.nature

        participation: None | str | Unset
        if isinstance(self.participation, Unset):
            participation = UNSET
        else:
            participation = self.participation

        member_count: int | None | Unset
        if isinstance(self.member_count, Unset):
            member_count = UNSET
        else:
            member_count = self.member_count

        members: list[str] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = self.members

        expands: None | str | Unset
        if isinstance(self.expands, Unset):
            expands = UNSET
        else:
            expands = self.expands

        joined_on: None | str | Unset
        if isinstance(self.joined_on, Unset):
            joined_on = UNSET
        elif isinstance(self.joined_on, datetime.date):
            joined_on = self.joined_on.isoformat()
        else:
            joined_on = self.joined_on

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
            }
        )
        if agenda is not UNSET:
            field_dict["agenda"] = agenda
        if nature is not UNSET:
            field_dict["nature"] = nature
        if participation is not UNSET:
            field_dict["participation"] = participation
        if member_count is not UNSET:
            field_dict["member_count"] = member_count
        if members is not UNSET:
            field_dict["members"] = members
        if expands is not UNSET:
            field_dict["expands"] = expands
        if joined_on is not UNSET:
            field_dict["joined_on"] = joined_on
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        def _parse_agenda(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agenda = _parse_agenda(d.pop("agenda", UNSET))

        def _parse_nature(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nature = _parse_nature(d.pop("nature", UNSET))

        def _parse_participation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        participation = _parse_participation(d.pop("participation", UNSET))

        def _parse_member_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        member_count = _parse_member_count(d.pop("member_count", UNSET))

        members = cast(list[str], d.pop("members", UNSET))

        def _parse_expands(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expands = _parse_expands(d.pop("expands", UNSET))

        def _parse_joined_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                joined_on_type_0 = datetime.date.fromisoformat(data)

                return joined_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        joined_on = _parse_joined_on(d.pop("joined_on", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        reference_mechanism = cls(
            code=code,
            name=name,
            agenda=agenda,
            nature=nature,
            participation=participation,
            member_count=member_count,
            members=members,
            expands=expands,
            joined_on=joined_on,
            source=source,
        )

        return reference_mechanism
