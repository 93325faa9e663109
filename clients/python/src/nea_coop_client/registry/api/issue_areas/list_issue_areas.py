from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_issue_areas_kind_type_0 import ListIssueAreasKindType0
from ...models.page_issue_area_read import PageIssueAreaRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: ListIssueAreasKindType0 | None | Unset = UNSET,
    open_: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListIssueAreasKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_open_: bool | None | Unset
    if isinstance(open_, Unset):
        json_open_ = UNSET
    else:
        json_open_ = open_
    params["open"] = json_open_

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
        "url": "/v1/issue-areas",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageIssueAreaRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageIssueAreaRead.from_dict(response.json())

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
) -> Response[PageIssueAreaRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: ListIssueAreasKindType0 | None | Unset = UNSET,
    open_: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageIssueAreaRead | Problem]:
    """List Issue Areas

     Issue areas by code, filtered by kind and by whether they are open.

    Args:
        kind (ListIssueAreasKindType0 | None | Unset):
        open_ (bool | None | Unset): Only areas open (true) or locked (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageIssueAreaRead | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        open_=open_,
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
    kind: ListIssueAreasKindType0 | None | Unset = UNSET,
    open_: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageIssueAreaRead | Problem | None:
    """List Issue Areas

     Issue areas by code, filtered by kind and by whether they are open.

    Args:
        kind (ListIssueAreasKindType0 | None | Unset):
        open_ (bool | None | Unset): Only areas open (true) or locked (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageIssueAreaRead | Problem
    """

    return sync_detailed(
        client=client,
        kind=kind,
        open_=open_,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: ListIssueAreasKindType0 | None | Unset = UNSET,
    open_: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageIssueAreaRead | Problem]:
    """List Issue Areas

     Issue areas by code, filtered by kind and by whether they are open.

    Args:
        kind (ListIssueAreasKindType0 | None | Unset):
        open_ (bool | None | Unset): Only areas open (true) or locked (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageIssueAreaRead | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        open_=open_,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    kind: ListIssueAreasKindType0 | None | Unset = UNSET,
    open_: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageIssueAreaRead | Problem | None:
    """List Issue Areas

     Issue areas by code, filtered by kind and by whether they are open.

    Args:
        kind (ListIssueAreasKindType0 | None | Unset):
        open_ (bool | None | Unset): Only areas open (true) or locked (false)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageIssueAreaRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            open_=open_,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
