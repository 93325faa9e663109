from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EngagementRule")


@_attrs_define
class EngagementRule:
    """`engagement.json`: the thresholds, versioned; the answer publishes them as they are.

    Attributes:
        version (int):
        lapsing_after_months (int):
        lapsed_after_months (int):
        counts (str):
    """

    version: int
    lapsing_after_months: int
    lapsed_after_months: int
    counts: str

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        lapsing_after_months = self.lapsing_after_months

        lapsed_after_months = self.lapsed_after_months

        counts = self.counts

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "lapsing_after_months": lapsing_after_months,
                "lapsed_after_months": lapsed_after_months,
                "counts": counts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        lapsing_after_months = d.pop("lapsing_after_months")

        lapsed_after_months = d.pop("lapsed_after_months")

        counts = d.pop("counts")

        engagement_rule = cls(
            version=version,
            lapsing_after_months=lapsing_after_months,
            lapsed_after_months=lapsed_after_months,
            counts=counts,
        )

        return engagement_rule
