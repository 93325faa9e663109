from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.subscription_create_channel import SubscriptionCreateChannel
from ..models.subscription_create_language_type_0 import SubscriptionCreateLanguageType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.digest import Digest
    from ..models.filters import Filters


T = TypeVar("T", bound="SubscriptionCreate")


@_attrs_define
class SubscriptionCreate:
    """A subscription for a member's contact (`member_code` and `contact_id`) or, with neither, for the
    API client that creates it.

        Attributes:
            channel (SubscriptionCreateChannel):
            member_code (None | str | Unset): The member whose contact subscribes
            contact_id (None | str | Unset): The contact (from the registry) that subscribes
            url (None | str | Unset): webhook: an https URL on a public address
            secret (None | str | Unset): webhook: a `whsec_` signing secret; one is generated when absent
            email (None | str | Unset): email: the address; the contact's by default
            language (None | SubscriptionCreateLanguageType0 | Unset): en, ko, ja, zh, ru or mn; the contact's language,
                else English
            filters (Filters | Unset): What a subscription hears of. Every list given must match the event (one of its
                values is
                enough); an empty list matches everything.
            digest (Digest | None | Unset): email and inbox: one message a day or a week listing every event matched since
                the previous one, at `at` in `time_zone`, instead of one per event; null (the default): one per event
            description (None | str | Unset):
    """

    channel: SubscriptionCreateChannel
    member_code: None | str | Unset = UNSET
    contact_id: None | str | Unset = UNSET
    url: None | str | Unset = UNSET
    secret: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    language: None | SubscriptionCreateLanguageType0 | Unset = UNSET
    filters: Filters | Unset = UNSET
    digest: Digest | None | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.digest import Digest  # noqa: PLC0415

        channel = self.channel.value

        member_code: None | str | Unset
        if isinstance(self.member_code, Unset):
            member_code = UNSET
        else:
            member_code = self.member_code

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, SubscriptionCreateLanguageType0):
            language = self.language.value
        else:
            language = self.language

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        digest: dict[str, Any] | None | Unset
        if isinstance(self.digest, Unset):
            digest = UNSET
        elif isinstance(self.digest, Digest):
            digest = self.digest.to_dict()
        else:
            digest = self.digest

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
            }
        )
        if member_code is not UNSET:
            field_dict["member_code"] = member_code
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if url is not UNSET:
            field_dict["url"] = url
        if secret is not UNSET:
            field_dict["secret"] = secret
        if email is not UNSET:
            field_dict["email"] = email
        if language is not UNSET:
            field_dict["language"] = language
        if filters is not UNSET:
            field_dict["filters"] = filters
        if digest is not UNSET:
            field_dict["digest"] = digest
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.digest import Digest  # noqa: PLC0415
        from ..models.filters import Filters  # noqa: PLC0415

        d = dict(src_dict)
        channel = SubscriptionCreateChannel(d.pop("channel"))

        def _parse_member_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_code = _parse_member_code(d.pop("member_code", UNSET))

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_language(data: object) -> None | SubscriptionCreateLanguageType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = SubscriptionCreateLanguageType0(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubscriptionCreateLanguageType0 | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        _filters = d.pop("filters", UNSET)
        filters: Filters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = Filters.from_dict(_filters)

        def _parse_digest(data: object) -> Digest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                digest_type_0 = Digest.from_dict(data)

                return digest_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Digest | None | Unset, data)

        digest = _parse_digest(d.pop("digest", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        subscription_create = cls(
            channel=channel,
            member_code=member_code,
            contact_id=contact_id,
            url=url,
            secret=secret,
            email=email,
            language=language,
            filters=filters,
            digest=digest,
            description=description,
        )

        return subscription_create
