from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mechanism_update_names_type_0 import MechanismUpdateNamesType0


T = TypeVar("T", bound="MechanismUpdate")


@_attrs_define
class MechanismUpdate:
    """The fields sent are changed and the others kept; null clears a field, except `names`, which stay.

    Members join and leave through `/members`, never here.

        Attributes:
            names (MechanismUpdateNamesType0 | None | Unset):
            agenda (None | str | Unset): What the mechanism works on
            nature (None | str | Unset): For example 'ministerial meeting' or 'programme'
            participation (None | str | Unset): Who takes part, in the sources' words
            declared_member_count (int | None | Unset): A count the sources declare where the member list is not registered
                (ARF: 27)
            expands_code (None | str | Unset): The registered mechanism this one expands; null when it expands none
    """

    names: MechanismUpdateNamesType0 | None | Unset = UNSET
    agenda: None | str | Unset = UNSET
    nature: None | str | Unset = UNSET
    participation: None | str | Unset = UNSET
    declared_member_count: int | None | Unset = UNSET
    expands_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.mechanism_update_names_type_0 import MechanismUpdateNamesType0  # noqa: PLC0415

        names: dict[str, Any] | None | Unset
        if isinstance(self.names, Unset):
            names = UNSET
        elif isinstance(self.names, MechanismUpdateNamesType0):
            names = self.names.to_dict()
        else:
            names = self.names

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

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if names is not UNSET:
            field_dict["names"] = names
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mechanism_update_names_type_0 import MechanismUpdateNamesType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_names(data: object) -> MechanismUpdateNamesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                names_type_0 = MechanismUpdateNamesType0.from_dict(data)

                return names_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MechanismUpdateNamesType0 | None | Unset, data)

        names = _parse_names(d.pop("names", UNSET))

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

        mechanism_update = cls(
            names=names,
            agenda=agenda,
            nature=nature,
            participation=participation,
            declared_member_count=declared_member_count,
            expands_code=expands_code,
        )

        return mechanism_update
