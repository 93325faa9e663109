from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.simulated_outcome_type import SimulatedOutcomeType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulatedOutcome")


@_attrs_define
class SimulatedOutcome:
    """
    Attributes:
        type_ (SimulatedOutcomeType):
        member_codes (list[str] | Unset):
    """

    type_: SimulatedOutcomeType
    member_codes: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        member_codes: list[str] | Unset = UNSET
        if not isinstance(self.member_codes, Unset):
            member_codes = self.member_codes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if member_codes is not UNSET:
            field_dict["member_codes"] = member_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = SimulatedOutcomeType(d.pop("type"))

        member_codes = cast(list[str], d.pop("member_codes", UNSET))

        simulated_outcome = cls(
            type_=type_,
            member_codes=member_codes,
        )

        return simulated_outcome
