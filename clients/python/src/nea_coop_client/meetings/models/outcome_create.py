from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.outcome_create_type import OutcomeCreateType

T = TypeVar("T", bound="OutcomeCreate")


@_attrs_define
class OutcomeCreate:
    """
    Attributes:
        type_ (OutcomeCreateType):
        text (str):
        member_codes (list[str]): Signatories (supporters for support_expressed): attendees in good standing on the
            meeting date (participant, supporter or partner), never observers by status or by role
    """

    type_: OutcomeCreateType
    text: str
    member_codes: list[str]

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        text = self.text

        member_codes = self.member_codes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "text": text,
                "member_codes": member_codes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = OutcomeCreateType(d.pop("type"))

        text = d.pop("text")

        member_codes = cast(list[str], d.pop("member_codes"))

        outcome_create = cls(
            type_=type_,
            text=text,
            member_codes=member_codes,
        )

        return outcome_create
