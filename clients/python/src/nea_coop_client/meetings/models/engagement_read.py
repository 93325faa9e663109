from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.engagement_rule import EngagementRule
    from ..models.member_engagement_read import MemberEngagementRead


T = TypeVar("T", bound="EngagementRead")


@_attrs_define
class EngagementRead:
    """
    Attributes:
        as_of (datetime.date):
        rule (EngagementRule): `engagement.json`: the thresholds, versioned; the answer publishes them as they are.
        members (list[MemberEngagementRead]):
    """

    as_of: datetime.date
    rule: EngagementRule
    members: list[MemberEngagementRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        rule = self.rule.to_dict()

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "rule": rule,
                "members": members,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.engagement_rule import EngagementRule  # noqa: PLC0415
        from ..models.member_engagement_read import MemberEngagementRead  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        rule = EngagementRule.from_dict(d.pop("rule"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberEngagementRead.from_dict(members_item_data)

            members.append(members_item)

        engagement_read = cls(
            as_of=as_of,
            rule=rule,
            members=members,
        )

        engagement_read.additional_properties = d
        return engagement_read

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
