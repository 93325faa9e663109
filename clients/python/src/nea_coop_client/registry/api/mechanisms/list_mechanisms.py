import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_mechanism_read import PageMechanismRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    member: None | str | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_at: None | str | Unset
    if isinstance(at, Unset):
        json_at = UNSET
    elif isinstance(at, datetime.date):
        json_at = at.isoformat()
    else:
        json_at = at
    params["at"] = json_at

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
        "url": "/v1/mechanisms",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageMechanismRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageMechanismRead.from_dict(response.json())

        return response_200

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
) -> Response[PageMechanismRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    member: None | str | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageMechanismRead | Problem]:
    """List Mechanisms

     Mechanisms by code; with `member`, those the member belongs to on `at` (today by default).

    "Which mechanisms was MNG in on 2016-01-01": `GET /v1/mechanisms?member=MNG&at=2016-01-01`.

    Args:
        member (None | str | Unset): Only mechanisms this member belongs to on `at`
        at (datetime.date | None | Unset): The date memberships are read on; today by default
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMechanismRead | Problem]
    """

    kwargs = _get_kwargs(
        member=member,
        at=at,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    member: None | str | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageMechanismRead | Problem | None:
    """List Mechanisms

     Mechanisms by code; with `member`, those the member belongs to on `at` (today by default).

    "Which mechanisms was MNG in on 2016-01-01": `GET /v1/mechanisms?member=MNG&at=2016-01-01`.

    Args:
        member (None | str | Unset): Only mechanisms this member belongs to on `at`
        at (datetime.date | None | Unset): The date memberships are read on; today by default
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMechanismRead | Problem
    """

    return sync_detailed(
        client=client,
        member=member,
        at=at,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    member: None | str | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageMechanismRead | Problem]:
    """List Mechanisms

     Mechanisms by code; with `member`, those the member belongs to on `at` (today by default).

    "Which mechanisms was MNG in on 2016-01-01": `GET /v1/mechanisms?member=MNG&at=2016-01-01`.

    Args:
        member (None | str | Unset): Only mechanisms this member belongs to on `at`
        at (datetime.date | None | Unset): The date memberships are read on; today by default
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMechanismRead | Problem]
    """

    kwargs = _get_kwargs(
        member=member,
        at=at,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    member: None | str | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageMechanismRead | Problem | None:
    """List Mechanisms

     Mechanisms by code; with `member`, those the member belongs to on `at` (today by default).

    "Which mechanisms was MNG in on 2016-01-01": `GET /v1/mechanisms?member=MNG&at=2016-01-01`.

    Args:
        member (None | str | Unset): Only mechanisms this member belongs to on `at`
        at (datetime.date | None | Unset): The date memberships are read on; today by default
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMechanismRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            member=member,
            at=at,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
