from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.status_correction_status_type_0 import StatusCorrectionStatusType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="StatusCorrection")


@_attrs_define
class StatusCorrection:
    """Corrects one recorded period: its status, its start, or both; or removes a mistaken period.

    Attributes:
        period_effective_from (datetime.date): Which period to correct: its `effective_from` as the history now records
            it
        reason (str): Why the history is corrected (the minutes, a letter, a typing error, ...)
        status (None | StatusCorrectionStatusType0 | Unset): The corrected status
        effective_from (datetime.date | None | Unset): The corrected start of the period
        remove (bool | Unset): The period was recorded by mistake: remove it Default: False.
    """

    period_effective_from: datetime.date
    reason: str
    status: None | StatusCorrectionStatusType0 | Unset = UNSET
    effective_from: datetime.date | None | Unset = UNSET
    remove: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        period_effective_from = self.period_effective_from.isoformat()

        reason = self.reason

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, StatusCorrectionStatusType0):
            status = self.status.value
        else:
            status = self.status

        effective_from: None | str | Unset
        if isinstance(self.effective_from, Unset):
            effective_from = UNSET
        elif isinstance(self.effective_from, datetime.date):
            effective_from = self.effective_from.isoformat()
        else:
            effective_from = self.effective_from

        remove = self.remove

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "period_effective_from": period_effective_from,
                "reason": reason,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if effective_from is not UNSET:
            field_dict["effective_from"] = effective_from
        if remove is not UNSET:
            field_dict["remove"] = remove

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_effective_from = datetime.date.fromisoformat(d.pop("period_effective_from"))

        reason = d.pop("reason")

        def _parse_status(data: object) -> None | StatusCorrectionStatusType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = StatusCorrectionStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatusCorrectionStatusType0 | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_effective_from(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_from_type_0 = datetime.date.fromisoformat(data)

                return effective_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_from = _parse_effective_from(d.pop("effective_from", UNSET))

        remove = d.pop("remove", UNSET)

        status_correction = cls(
            period_effective_from=period_effective_from,
            reason=reason,
            status=status,
            effective_from=effective_from,
            remove=remove,
        )

        return status_correction
