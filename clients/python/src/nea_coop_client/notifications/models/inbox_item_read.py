from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InboxItemRead")


@_attrs_define
class InboxItemRead:
    """
    Attributes:
        id (int):
        event_id (str):
        event_type (str):
        subject (str):
        text (str):
        html (str):
        language (str):
        read (bool):
        created_at (datetime.datetime):
    """

    id: int
    event_id: str
    event_type: str
    subject: str
    text: str
    html: str
    language: str
    read: bool
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        event_type = self.event_type

        subject = self.subject

        text = self.text

        html = self.html

        language = self.language

        read = self.read

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "event_type": event_type,
                "subject": subject,
                "text": text,
                "html": html,
                "language": language,
                "read": read,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        subject = d.pop("subject")

        text = d.pop("text")

        html = d.pop("html")

        language = d.pop("language")

        read = d.pop("read")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        inbox_item_read = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            subject=subject,
            text=text,
            html=html,
            language=language,
            read=read,
            created_at=created_at,
        )

        inbox_item_read.additional_properties = d
        return inbox_item_read

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
