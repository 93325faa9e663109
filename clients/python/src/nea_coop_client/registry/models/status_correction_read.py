from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.status_period import StatusPeriod


T = TypeVar("T", bound="StatusCorrectionRead")


@_attrs_define
class StatusCorrectionRead:
    """
    Attributes:
        id (UUID):
        period_before (StatusPeriod):
        period_after (None | StatusPeriod): The period as corrected; null when removed
        reason (str):
        recorded_by (str): The administrator's client id (`admin`)
        recorded_at (datetime.datetime):
    """

    id: UUID
    period_before: StatusPeriod
    period_after: None | StatusPeriod
    reason: str
    recorded_by: str
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.status_period import StatusPeriod  # noqa: PLC0415

        id = str(self.id)

        period_before = self.period_before.to_dict()

        period_after: dict[str, Any] | None
        if isinstance(self.period_after, StatusPeriod):
            period_after = self.period_after.to_dict()
        else:
            period_after = self.period_after

        reason = self.reason

        recorded_by = self.recorded_by

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "period_before": period_before,
                "period_after": period_after,
                "reason": reason,
                "recorded_by": recorded_by,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status_period import StatusPeriod  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        period_before = StatusPeriod.from_dict(d.pop("period_before"))

        def _parse_period_after(data: object) -> None | StatusPeriod:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                period_after_type_0 = StatusPeriod.from_dict(data)

                return period_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatusPeriod, data)

        period_after = _parse_period_after(d.pop("period_after"))

        reason = d.pop("reason")

        recorded_by = d.pop("recorded_by")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        status_correction_read = cls(
            id=id,
            period_before=period_before,
            period_after=period_after,
            reason=reason,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )

        status_correction_read.additional_properties = d
        return status_correction_read

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
