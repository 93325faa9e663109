from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.response_update_response import ResponseUpdateResponse

T = TypeVar("T", bound="ResponseUpdate")


@_attrs_define
class ResponseUpdate:
    """
    Attributes:
        response (ResponseUpdateResponse):
    """

    response: ResponseUpdateResponse

    def to_dict(self) -> dict[str, Any]:
        response = self.response.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "response": response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        response = ResponseUpdateResponse(d.pop("response"))

        response_update = cls(
            response=response,
        )

        return response_update
