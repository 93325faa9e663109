from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReplayRead")


@_attrs_define
class ReplayRead:
    """
    Attributes:
        matched (int): Events since `since` that the subscription's filters accept
        recorded (int): New deliveries recorded
        redelivered (int): Existing deliveries sent again
    """

    matched: int
    recorded: int
    redelivered: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        matched = self.matched

        recorded = self.recorded

        redelivered = self.redelivered

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "matched": matched,
                "recorded": recorded,
                "redelivered": redelivered,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        matched = d.pop("matched")

        recorded = d.pop("recorded")

        redelivered = d.pop("redelivered")

        replay_read = cls(
            matched=matched,
            recorded=recorded,
            redelivered=redelivered,
        )

        replay_read.additional_properties = d
        return replay_read

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
