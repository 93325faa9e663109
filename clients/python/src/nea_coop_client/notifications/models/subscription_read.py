from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subscription_read_channel import SubscriptionReadChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.digest import Digest
    from ..models.filters import Filters


T = TypeVar("T", bound="SubscriptionRead")


@_attrs_define
class SubscriptionRead:
    """
    Attributes:
        id (str):
        subscriber (str): The member's code for a contact, else the API client's id
        member_code (None | str):
        contact_id (None | str):
        channel (SubscriptionReadChannel):
        url (None | str):
        email (None | str):
        language (str):
        filters (Filters): What a subscription hears of. Every list given must match the event (one of its values is
            enough); an empty list matches everything.
        digest (Digest | None): Its daily or weekly digest; null: one message per event
        next_digest_at (datetime.datetime | None): When its next digest is due (UTC); null without one
        description (None | str):
        active (bool):
        disabled_reason (None | str):
        version (int):
        created_at (datetime.datetime):
        secret_expirations (list[datetime.datetime | None] | Unset): webhook: when each signing secret stops signing
            (null: never)
    """

    id: str
    subscriber: str
    member_code: None | str
    contact_id: None | str
    channel: SubscriptionReadChannel
    url: None | str
    email: None | str
    language: str
    filters: Filters
    digest: Digest | None
    next_digest_at: datetime.datetime | None
    description: None | str
    active: bool
    disabled_reason: None | str
    version: int
    created_at: datetime.datetime
    secret_expirations: list[datetime.datetime | None] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.digest import Digest  # noqa: PLC0415

        id = self.id

        subscriber = self.subscriber

        member_code: None | str
        member_code = self.member_code

        contact_id: None | str
        contact_id = self.contact_id

        channel = self.channel.value

        url: None | str
        url = self.url

        email: None | str
        email = self.email

        language = self.language

        filters = self.filters.to_dict()

        digest: dict[str, Any] | None
        if isinstance(self.digest, Digest):
            digest = self.digest.to_dict()
        else:
            digest = self.digest

        next_digest_at: None | str
        if isinstance(self.next_digest_at, datetime.datetime):
            next_digest_at = self.next_digest_at.isoformat()
        else:
            next_digest_at = self.next_digest_at

        description: None | str
        description = self.description

        active = self.active

        disabled_reason: None | str
        disabled_reason = self.disabled_reason

        version = self.version

        created_at = self.created_at.isoformat()

        secret_expirations: list[None | str] | Unset = UNSET
        if not isinstance(self.secret_expirations, Unset):
            secret_expirations = []
            for secret_expirations_item_data in self.secret_expirations:
                secret_expirations_item: None | str
                if isinstance(secret_expirations_item_data, datetime.datetime):
                    secret_expirations_item = secret_expirations_item_data.isoformat()
                else:
                    secret_expirations_item = secret_expirations_item_data
                secret_expirations.append(secret_expirations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "subscriber": subscriber,
                "member_code": member_code,
                "contact_id": contact_id,
                "channel": channel,
                "url": url,
                "email": email,
                "language": language,
                "filters": filters,
                "digest": digest,
                "next_digest_at": next_digest_at,
                "description": description,
                "active": active,
                "disabled_reason": disabled_reason,
                "version": version,
                "created_at": created_at,
            }
        )
        if secret_expirations is not UNSET:
            field_dict["secret_expirations"] = secret_expirations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.digest import Digest  # noqa: PLC0415
        from ..models.filters import Filters  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        subscriber = d.pop("subscriber")

        def _parse_member_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        member_code = _parse_member_code(d.pop("member_code"))

        def _parse_contact_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_id = _parse_contact_id(d.pop("contact_id"))

        channel = SubscriptionReadChannel(d.pop("channel"))

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        language = d.pop("language")

        filters = Filters.from_dict(d.pop("filters"))

        def _parse_digest(data: object) -> Digest | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                digest_type_0 = Digest.from_dict(data)

                return digest_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Digest | None, data)

        digest = _parse_digest(d.pop("digest"))

        def _parse_next_digest_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_digest_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_digest_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_digest_at = _parse_next_digest_at(d.pop("next_digest_at"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        active = d.pop("active")

        def _parse_disabled_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        _secret_expirations = d.pop("secret_expirations", UNSET)
        secret_expirations: list[datetime.datetime | None] | Unset = UNSET
        if _secret_expirations is not UNSET:
            secret_expirations = []
            for secret_expirations_item_data in _secret_expirations:

                def _parse_secret_expirations_item(data: object) -> datetime.datetime | None:
                    if data is None:
                        return data
                    try:
                        if not isinstance(data, str):
                            raise TypeError()
                        secret_expirations_item_type_0 = datetime.datetime.fromisoformat(data)

                        return secret_expirations_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    return cast(datetime.datetime | None, data)

                secret_expirations_item = _parse_secret_expirations_item(secret_expirations_item_data)

                secret_expirations.append(secret_expirations_item)

        subscription_read = cls(
            id=id,
            subscriber=subscriber,
            member_code=member_code,
            contact_id=contact_id,
            channel=channel,
            url=url,
            email=email,
            language=language,
            filters=filters,
            digest=digest,
            next_digest_at=next_digest_at,
            description=description,
            active=active,
            disabled_reason=disabled_reason,
            version=version,
            created_at=created_at,
            secret_expirations=secret_expirations,
        )

        subscription_read.additional_properties = d
        return subscription_read

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
