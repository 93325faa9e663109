from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.status_change_status import StatusChangeStatus

T = TypeVar("T", bound="StatusChange")


@_attrs_define
class StatusChange:
    """
    Attributes:
        status (StatusChangeStatus):
        effective_from (datetime.date):
        reason (str):
    """

    status: StatusChangeStatus
    effective_from: datetime.date
    reason: str

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        effective_from = self.effective_from.isoformat()

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "effective_from": effective_from,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = StatusChangeStatus(d.pop("status"))

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        reason = d.pop("reason")

        status_change = cls(
            status=status,
            effective_from=effective_from,
            reason=reason,
        )

        return status_change
