import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_members_kind_type_0 import ListMembersKindType0
from ...models.list_members_status_type_0 import ListMembersStatusType0
from ...models.page_member_read import PageMemberRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: ListMembersKindType0 | None | Unset = UNSET,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListMembersKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListMembersStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_at: None | str | Unset
    if isinstance(at, Unset):
        json_at = UNSET
    elif isinstance(at, datetime.date):
        json_at = at.isoformat()
    else:
        json_at = at
    params["at"] = json_at

    json_mechanism: None | str | Unset
    if isinstance(mechanism, Unset):
        json_mechanism = UNSET
    else:
        json_mechanism = mechanism
    params["mechanism"] = json_mechanism

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
        "url": "/v1/members",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageMemberRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageMemberRead.from_dict(response.json())

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
) -> Response[PageMemberRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: ListMembersKindType0 | None | Unset = UNSET,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageMemberRead | Problem]:
    """List Members

     Members by code, filtered by kind, by status on a date, and by mechanism membership.

    Args:
        kind (ListMembersKindType0 | None | Unset):
        status (ListMembersStatusType0 | None | Unset): Status in force on `at`
        at (datetime.date | None | Unset): The date statuses are read on; today by default
        mechanism (None | str | Unset): Members of this mechanism on `at`
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMemberRead | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        status=status,
        at=at,
        mechanism=mechanism,
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
    kind: ListMembersKindType0 | None | Unset = UNSET,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageMemberRead | Problem | None:
    """List Members

     Members by code, filtered by kind, by status on a date, and by mechanism membership.

    Args:
        kind (ListMembersKindType0 | None | Unset):
        status (ListMembersStatusType0 | None | Unset): Status in force on `at`
        at (datetime.date | None | Unset): The date statuses are read on; today by default
        mechanism (None | str | Unset): Members of this mechanism on `at`
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMemberRead | Problem
    """

    return sync_detailed(
        client=client,
        kind=kind,
        status=status,
        at=at,
        mechanism=mechanism,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: ListMembersKindType0 | None | Unset = UNSET,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageMemberRead | Problem]:
    """List Members

     Members by code, filtered by kind, by status on a date, and by mechanism membership.

    Args:
        kind (ListMembersKindType0 | None | Unset):
        status (ListMembersStatusType0 | None | Unset): Status in force on `at`
        at (datetime.date | None | Unset): The date statuses are read on; today by default
        mechanism (None | str | Unset): Members of this mechanism on `at`
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMemberRead | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        status=status,
        at=at,
        mechanism=mechanism,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    kind: ListMembersKindType0 | None | Unset = UNSET,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    at: datetime.date | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageMemberRead | Problem | None:
    """List Members

     Members by code, filtered by kind, by status on a date, and by mechanism membership.

    Args:
        kind (ListMembersKindType0 | None | Unset):
        status (ListMembersStatusType0 | None | Unset): Status in force on `at`
        at (datetime.date | None | Unset): The date statuses are read on; today by default
        mechanism (None | str | Unset): Members of this mechanism on `at`
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMemberRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            status=status,
            at=at,
            mechanism=mechanism,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
