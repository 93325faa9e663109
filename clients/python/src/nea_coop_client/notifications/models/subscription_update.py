from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.subscription_update_language_type_0 import SubscriptionUpdateLanguageType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.digest import Digest
    from ..models.filters import Filters


T = TypeVar("T", bound="SubscriptionUpdate")


@_attrs_define
class SubscriptionUpdate:
    """Only the fields sent change. `active: true` enables an endpoint a 410 disabled. `digest: null`
    goes back to one message per event, and what waited for the digest is sent at once.

        Attributes:
            url (None | str | Unset):
            email (None | str | Unset):
            language (None | SubscriptionUpdateLanguageType0 | Unset):
            filters (Filters | None | Unset):
            digest (Digest | None | Unset): A daily or weekly digest; null: one message per event
            description (None | str | Unset):
            active (bool | None | Unset):
    """

    url: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    language: None | SubscriptionUpdateLanguageType0 | Unset = UNSET
    filters: Filters | None | Unset = UNSET
    digest: Digest | None | Unset = UNSET
    description: None | str | Unset = UNSET
    active: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.digest import Digest  # noqa: PLC0415
        from ..models.filters import Filters  # noqa: PLC0415

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, SubscriptionUpdateLanguageType0):
            language = self.language.value
        else:
            language = self.language

        filters: dict[str, Any] | None | Unset
        if isinstance(self.filters, Unset):
            filters = UNSET
        elif isinstance(self.filters, Filters):
            filters = self.filters.to_dict()
        else:
            filters = self.filters

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

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
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
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.digest import Digest  # noqa: PLC0415
        from ..models.filters import Filters  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_language(data: object) -> None | SubscriptionUpdateLanguageType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = SubscriptionUpdateLanguageType0(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubscriptionUpdateLanguageType0 | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_filters(data: object) -> Filters | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                filters_type_0 = Filters.from_dict(data)

                return filters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Filters | None | Unset, data)

        filters = _parse_filters(d.pop("filters", UNSET))

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

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        subscription_update = cls(
            url=url,
            email=email,
            language=language,
            filters=filters,
            digest=digest,
            description=description,
            active=active,
        )

        return subscription_update
