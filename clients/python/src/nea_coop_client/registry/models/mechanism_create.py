from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mechanism_create_names import MechanismCreateNames


T = TypeVar("T", bound="MechanismCreate")


@_attrs_define
class MechanismCreate:
    """
    Attributes:
        code (str): A short upper-case code: TRM, TRM+, NEASPEC, GTI
        names (MechanismCreateNames): Text by language (en, ko, ja, zh, ru, mn), each at most 500 characters; English
            required
        agenda (None | str | Unset): What the mechanism works on
        nature (None | str | Unset): For example 'ministerial meeting' or 'programme'
        participation (None | str | Unset): Who takes part, in the sources' words
        declared_member_count (int | None | Unset): A count the sources declare where the member list is not registered
            (ARF: 27)
        expands_code (None | str | Unset): The registered mechanism this one expands (TRM+ expands TRM)
        member_codes (list[str] | Unset): Registered members that belong to it from the start
        joined_on (datetime.date | None | Unset): The day the members joined; null when the sources give no date, and
            such a member counts as one on every date
    """

    code: str
    names: MechanismCreateNames
    agenda: None | str | Unset = UNSET
    nature: None | str | Unset = UNSET
    participation: None | str | Unset = UNSET
    declared_member_count: int | None | Unset = UNSET
    expands_code: None | str | Unset = UNSET
    member_codes: list[str] | Unset = UNSET
    joined_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        names = self.names.to_dict()

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

        declared_member_count: int | None | Unset
        if isinstance(self.declared_member_count, Unset):
            declared_member_count = UNSET
        else:
            declared_member_count = self.declared_member_count

        expands_code: None | str | Unset
        if isinstance(self.expands_code, Unset):
            expands_code = UNSET
        else:
            expands_code = self.expands_code

        member_codes: list[str] | Unset = UNSET
        if not isinstance(self.member_codes, Unset):
            member_codes = self.member_codes

        joined_on: None | str | Unset
        if isinstance(self.joined_on, Unset):
            joined_on = UNSET
        elif isinstance(self.joined_on, datetime.date):
            joined_on = self.joined_on.isoformat()
        else:
            joined_on = self.joined_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "names": names,
            }
        )
        if agenda is not UNSET:
            field_dict["agenda"] = agenda
        if nature is not UNSET:
            field_dict["nature"] = nature
        if participation is not UNSET:
            field_dict["participation"] = participation
        if declared_member_count is not UNSET:
            field_dict["declared_member_count"] = declared_member_count
        if expands_code is not UNSET:
            field_dict["expands_code"] = expands_code
        if member_codes is not UNSET:
            field_dict["member_codes"] = member_codes
        if joined_on is not UNSET:
            field_dict["joined_on"] = joined_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mechanism_create_names import MechanismCreateNames  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        names = MechanismCreateNames.from_dict(d.pop("names"))

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

        def _parse_declared_member_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        declared_member_count = _parse_declared_member_count(d.pop("declared_member_count", UNSET))

        def _parse_expands_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expands_code = _parse_expands_code(d.pop("expands_code", UNSET))

        member_codes = cast(list[str], d.pop("member_codes", UNSET))

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

        mechanism_create = cls(
            code=code,
            names=names,
            agenda=agenda,
            nature=nature,
            participation=participation,
            declared_member_count=declared_member_count,
            expands_code=expands_code,
            member_codes=member_codes,
            joined_on=joined_on,
        )

        return mechanism_create
