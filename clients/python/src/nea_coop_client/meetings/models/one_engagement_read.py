from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.one_engagement_read_engagement import OneEngagementReadEngagement

if TYPE_CHECKING:
    from ..models.last_attended_read import LastAttendedRead


T = TypeVar("T", bound="OneEngagementRead")


@_attrs_define
class OneEngagementRead:
    """
    Attributes:
        code (str):
        engagement (OneEngagementReadEngagement):
        last_attended (LastAttendedRead | None): The last meeting that counts; null if none
        justified_by (list[str]): The meetings the judgement rests on: those within the lapsing threshold when active,
            else the last one that counts; none when no meeting ever counted
        as_of (datetime.date):
    """

    code: str
    engagement: OneEngagementReadEngagement
    last_attended: LastAttendedRead | None
    justified_by: list[str]
    as_of: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.last_attended_read import LastAttendedRead  # noqa: PLC0415

        code = self.code

        engagement = self.engagement.value

        last_attended: dict[str, Any] | None
        if isinstance(self.last_attended, LastAttendedRead):
            last_attended = self.last_attended.to_dict()
        else:
            last_attended = self.last_attended

        justified_by = self.justified_by

        as_of = self.as_of.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "engagement": engagement,
                "last_attended": last_attended,
                "justified_by": justified_by,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.last_attended_read import LastAttendedRead  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        engagement = OneEngagementReadEngagement(d.pop("engagement"))

        def _parse_last_attended(data: object) -> LastAttendedRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_attended_type_0 = LastAttendedRead.from_dict(data)

                return last_attended_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LastAttendedRead | None, data)

        last_attended = _parse_last_attended(d.pop("last_attended"))

        justified_by = cast(list[str], d.pop("justified_by"))

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        one_engagement_read = cls(
            code=code,
            engagement=engagement,
            last_attended=last_attended,
            justified_by=justified_by,
            as_of=as_of,
        )

        one_engagement_read.additional_properties = d
        return one_engagement_read

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
