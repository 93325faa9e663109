from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_entry_data import AuditEntryData


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """One change: the event that announced it, who made it, and when.

    Attributes:
        event_id (str): The CloudEvents `id` of the event on Kafka
        event_type (str): For example `org.neacoop.meetings.meeting.held.v1`
        subject (str): The aggregate changed: a member code, a meeting id, `NAPCI/<track>`
        actor (str): Who made the change: a partner API client's id, `admin`, `seed`, or the service that derived it
            from another service's event
        occurred_at (datetime.datetime): When the change was recorded (the event's `time`)
        correlation_id (None | str): The request's `X-Correlation-ID`, or the causing event's
        data (AuditEntryData): The event's data as published: the aggregate's state after it
    """

    event_id: str
    event_type: str
    subject: str
    actor: str
    occurred_at: datetime.datetime
    correlation_id: None | str
    data: AuditEntryData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        event_type = self.event_type

        subject = self.subject

        actor = self.actor

        occurred_at = self.occurred_at.isoformat()

        correlation_id: None | str
        correlation_id = self.correlation_id

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "event_type": event_type,
                "subject": subject,
                "actor": actor,
                "occurred_at": occurred_at,
                "correlation_id": correlation_id,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_data import AuditEntryData  # noqa: PLC0415

        d = dict(src_dict)
        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        subject = d.pop("subject")

        actor = d.pop("actor")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_correlation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id"))

        data = AuditEntryData.from_dict(d.pop("data"))

        audit_entry = cls(
            event_id=event_id,
            event_type=event_type,
            subject=subject,
            actor=actor,
            occurred_at=occurred_at,
            correlation_id=correlation_id,
            data=data,
        )

        audit_entry.additional_properties = d
        return audit_entry

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
