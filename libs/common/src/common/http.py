"""HTTP conventions shared by every API: opaque cursors, pages, ETags and If-Match."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Header
from fastapi.responses import Response
from pydantic import BaseModel, Field

from common.errors import PreconditionFailed, RuleViolated
from common.limits import HEADER_MAX_LENGTH

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; absent on the last page")


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise RuleViolated("the cursor is not one this API gave out", field="cursor") from exc
    if not isinstance(position, dict):
        raise RuleViolated("the cursor is not one this API gave out", field="cursor")
    return position


# The `If-Match` of a write, bounded like the other headers a write keeps or quotes back (common.limits):
# the answer to a stale one names it.
IfMatch = Annotated[
    str | None,
    Header(max_length=HEADER_MAX_LENGTH, description="The ETag you read; a stale one is refused with 412"),
]


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """Optimistic concurrency: a write carrying If-Match must name the version it read."""
    if if_match is None or if_match.strip() == "*":
        return
    accepted = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if etag(version) not in accepted:
        raise PreconditionFailed(
            f"the resource is at version {version}, not {if_match}; read it again and retry",
            field="If-Match",
            current_version=version,
        )


def json_response(
    model: BaseModel, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A model as the JSON answer, for the routes that add headers (ETag, Location): serialised once, by
    pydantic's own (Rust) serializer, rather than to Python values that `json.dumps` then walks again.
    The bytes are those `JSONResponse(model.model_dump(mode="json"))` gave."""
    return Response(
        model.model_dump_json().encode(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )
