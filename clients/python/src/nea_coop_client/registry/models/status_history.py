from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status_history_status_at_type_0 import StatusHistoryStatusAtType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.status_correction_read import StatusCorrectionRead
    from ..models.status_period import StatusPeriod


T = TypeVar("T", bound="StatusHistory")


@_attrs_define
class StatusHistory:
    """
    Attributes:
        code (str):
        at (datetime.date | None): The date asked for, if any
        status_at (None | StatusHistoryStatusAtType0): The status in force on `at` (or today)
        history (list[StatusPeriod]):
        as_recorded (datetime.datetime | None | Unset): The moment whose record is answered, if any; else the history as
            it stands
        corrections (list[StatusCorrectionRead] | Unset): Corrections recorded (up to `as_recorded`), oldest first
    """

    code: str
    at: datetime.date | None
    status_at: None | StatusHistoryStatusAtType0
    history: list[StatusPeriod]
    as_recorded: datetime.datetime | None | Unset = UNSET
    corrections: list[StatusCorrectionRead] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        at: None | str
        if isinstance(self.at, datetime.date):
            at = self.at.isoformat()
        else:
            at = self.at

        status_at: None | str
        if isinstance(self.status_at, StatusHistoryStatusAtType0):
            status_at = self.status_at.value
        else:
            status_at = self.status_at

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        as_recorded: None | str | Unset
        if isinstance(self.as_recorded, Unset):
            as_recorded = UNSET
        elif isinstance(self.as_recorded, datetime.datetime):
            as_recorded = self.as_recorded.isoformat()
        else:
            as_recorded = self.as_recorded

        corrections: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.corrections, Unset):
            corrections = []
            for corrections_item_data in self.corrections:
                corrections_item = corrections_item_data.to_dict()
                corrections.append(corrections_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "at": at,
                "status_at": status_at,
                "history": history,
            }
        )
        if as_recorded is not UNSET:
            field_dict["as_recorded"] = as_recorded
        if corrections is not UNSET:
            field_dict["corrections"] = corrections

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status_correction_read import StatusCorrectionRead  # noqa: PLC0415
        from ..models.status_period import StatusPeriod  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        def _parse_at(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.date.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        at = _parse_at(d.pop("at"))

        def _parse_status_at(data: object) -> None | StatusHistoryStatusAtType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_at_type_0 = StatusHistoryStatusAtType0(data)

                return status_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatusHistoryStatusAtType0, data)

        status_at = _parse_status_at(d.pop("status_at"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = StatusPeriod.from_dict(history_item_data)

            history.append(history_item)

        def _parse_as_recorded(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_recorded_type_0 = datetime.datetime.fromisoformat(data)

                return as_recorded_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        as_recorded = _parse_as_recorded(d.pop("as_recorded", UNSET))

        _corrections = d.pop("corrections", UNSET)
        corrections: list[StatusCorrectionRead] | Unset = UNSET
        if _corrections is not UNSET:
            corrections = []
            for corrections_item_data in _corrections:
                corrections_item = StatusCorrectionRead.from_dict(corrections_item_data)

                corrections.append(corrections_item)

        status_history = cls(
            code=code,
            at=at,
            status_at=status_at,
            history=history,
            as_recorded=as_recorded,
            corrections=corrections,
        )

        status_history.additional_properties = d
        return status_history

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
