from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.inbox_item_read import InboxItemRead
from ...models.problem import Problem
from ...models.read_mark import ReadMark
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscriber: str,
    item_id: int,
    *,
    body: ReadMark,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/inbox/{subscriber}/{item_id}".format(
            subscriber=quote(str(subscriber), safe=""),
            item_id=quote(str(item_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InboxItemRead | Problem | None:
    if response.status_code == 200:
        response_200 = InboxItemRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InboxItemRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscriber: str,
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ReadMark,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[InboxItemRead | Problem]:
    """Mark Inbox Item

     Marks one notification read (`{"read": true}`) or unread again.

    Args:
        subscriber (str):
        item_id (int): The item's `id` in the inbox
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ReadMark):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboxItemRead | Problem]
    """

    kwargs = _get_kwargs(
        subscriber=subscriber,
        item_id=item_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscriber: str,
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ReadMark,
    idempotency_key: None | str | Unset = UNSET,
) -> InboxItemRead | Problem | None:
    """Mark Inbox Item

     Marks one notification read (`{"read": true}`) or unread again.

    Args:
        subscriber (str):
        item_id (int): The item's `id` in the inbox
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ReadMark):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InboxItemRead | Problem
    """

    return sync_detailed(
        subscriber=subscriber,
        item_id=item_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    subscriber: str,
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ReadMark,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[InboxItemRead | Problem]:
    """Mark Inbox Item

     Marks one notification read (`{"read": true}`) or unread again.

    Args:
        subscriber (str):
        item_id (int): The item's `id` in the inbox
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ReadMark):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboxItemRead | Problem]
    """

    kwargs = _get_kwargs(
        subscriber=subscriber,
        item_id=item_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscriber: str,
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ReadMark,
    idempotency_key: None | str | Unset = UNSET,
) -> InboxItemRead | Problem | None:
    """Mark Inbox Item

     Marks one notification read (`{"read": true}`) or unread again.

    Args:
        subscriber (str):
        item_id (int): The item's `id` in the inbox
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ReadMark):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InboxItemRead | Problem
    """

    return (
        await asyncio_detailed(
            subscriber=subscriber,
            item_id=item_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
