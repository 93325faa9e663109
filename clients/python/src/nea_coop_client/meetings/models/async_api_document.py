from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.async_api_document_channels import AsyncApiDocumentChannels
    from ..models.async_api_document_info import AsyncApiDocumentInfo
    from ..models.async_api_document_operations import AsyncApiDocumentOperations


T = TypeVar("T", bound="AsyncApiDocument")


@_attrs_define
class AsyncApiDocument:
    """An AsyncAPI 3.0.0 document (https://www.asyncapi.com/docs/reference/specification/v3.0.0); named
    so that a generated client has one readable type for it. Only what every document has is declared.

        Attributes:
            asyncapi (str):
            info (AsyncApiDocumentInfo):
            channels (AsyncApiDocumentChannels):
            operations (AsyncApiDocumentOperations):
    """

    asyncapi: str
    info: AsyncApiDocumentInfo
    channels: AsyncApiDocumentChannels
    operations: AsyncApiDocumentOperations
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asyncapi = self.asyncapi

        info = self.info.to_dict()

        channels = self.channels.to_dict()

        operations = self.operations.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asyncapi": asyncapi,
                "info": info,
                "channels": channels,
                "operations": operations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.async_api_document_channels import AsyncApiDocumentChannels  # noqa: PLC0415
        from ..models.async_api_document_info import AsyncApiDocumentInfo  # noqa: PLC0415
        from ..models.async_api_document_operations import AsyncApiDocumentOperations  # noqa: PLC0415

        d = dict(src_dict)
        asyncapi = d.pop("asyncapi")

        info = AsyncApiDocumentInfo.from_dict(d.pop("info"))

        channels = AsyncApiDocumentChannels.from_dict(d.pop("channels"))

        operations = AsyncApiDocumentOperations.from_dict(d.pop("operations"))

        async_api_document = cls(
            asyncapi=asyncapi,
            info=info,
            channels=channels,
            operations=operations,
        )

        async_api_document.additional_properties = d
        return async_api_document

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
