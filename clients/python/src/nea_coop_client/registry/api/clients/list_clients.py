from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_client_read import PageClientRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    member_code: None | str | Unset = UNSET,
    revoked: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_member_code: None | str | Unset
    if isinstance(member_code, Unset):
        json_member_code = UNSET
    else:
        json_member_code = member_code
    params["member_code"] = json_member_code

    json_revoked: bool | None | Unset
    if isinstance(revoked, Unset):
        json_revoked = UNSET
    else:
        json_revoked = revoked
    params["revoked"] = json_revoked

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/clients",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageClientRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageClientRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[PageClientRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    member_code: None | str | Unset = UNSET,
    revoked: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageClientRead | Problem]:
    """List Clients

     API clients by id, filtered by member and by revocation. Secrets are never shown.

    Args:
        member_code (None | str | Unset): Clients acting for this member
        revoked (bool | None | Unset): Only revoked (true) or only active (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageClientRead | Problem]
    """

    kwargs = _get_kwargs(
        member_code=member_code,
        revoked=revoked,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    member_code: None | str | Unset = UNSET,
    revoked: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageClientRead | Problem | None:
    """List Clients

     API clients by id, filtered by member and by revocation. Secrets are never shown.

    Args:
        member_code (None | str | Unset): Clients acting for this member
        revoked (bool | None | Unset): Only revoked (true) or only active (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageClientRead | Problem
    """

    return sync_detailed(
        client=client,
        member_code=member_code,
        revoked=revoked,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    member_code: None | str | Unset = UNSET,
    revoked: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageClientRead | Problem]:
    """List Clients

     API clients by id, filtered by member and by revocation. Secrets are never shown.

    Args:
        member_code (None | str | Unset): Clients acting for this member
        revoked (bool | None | Unset): Only revoked (true) or only active (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageClientRead | Problem]
    """

    kwargs = _get_kwargs(
        member_code=member_code,
        revoked=revoked,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    member_code: None | str | Unset = UNSET,
    revoked: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageClientRead | Problem | None:
    """List Clients

     API clients by id, filtered by member and by revocation. Secrets are never shown.

    Args:
        member_code (None | str | Unset): Clients acting for this member
        revoked (bool | None | Unset): Only revoked (true) or only active (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageClientRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            member_code=member_code,
            revoked=revoked,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
