import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.status_history import StatusHistory
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    *,
    at: datetime.date | None | Unset = UNSET,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_at: None | str | Unset
    if isinstance(at, Unset):
        json_at = UNSET
    elif isinstance(at, datetime.date):
        json_at = at.isoformat()
    else:
        json_at = at
    params["at"] = json_at

    json_as_recorded: None | str | Unset
    if isinstance(as_recorded, Unset):
        json_as_recorded = UNSET
    elif isinstance(as_recorded, datetime.datetime):
        json_as_recorded = as_recorded.isoformat()
    else:
        json_as_recorded = as_recorded
    params["as_recorded"] = json_as_recorded

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/members/{code}/status".format(
            code=quote(str(code), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StatusHistory | None:
    if response.status_code == 200:
        response_200 = StatusHistory.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Problem | StatusHistory]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date | None | Unset = UNSET,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Response[Problem | StatusHistory]:
    """Get Status History

     The whole participation history, the status in force on `at`, and the corrections made to it.

    "What was PRK's status on 2014-03-01": `GET /v1/members/PRK/status?at=2014-03-01`. "What did the
    registry say about it on 2024-05-01, before the history was corrected":
    `GET /v1/members/PRK/status?at=2014-03-01&as_recorded=2024-05-01T00:00:00Z`.

    Args:
        code (str):
        at (datetime.date | None | Unset):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatusHistory]
    """

    kwargs = _get_kwargs(
        code=code,
        at=at,
        as_recorded=as_recorded,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date | None | Unset = UNSET,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Problem | StatusHistory | None:
    """Get Status History

     The whole participation history, the status in force on `at`, and the corrections made to it.

    "What was PRK's status on 2014-03-01": `GET /v1/members/PRK/status?at=2014-03-01`. "What did the
    registry say about it on 2024-05-01, before the history was corrected":
    `GET /v1/members/PRK/status?at=2014-03-01&as_recorded=2024-05-01T00:00:00Z`.

    Args:
        code (str):
        at (datetime.date | None | Unset):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatusHistory
    """

    return sync_detailed(
        code=code,
        client=client,
        at=at,
        as_recorded=as_recorded,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date | None | Unset = UNSET,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Response[Problem | StatusHistory]:
    """Get Status History

     The whole participation history, the status in force on `at`, and the corrections made to it.

    "What was PRK's status on 2014-03-01": `GET /v1/members/PRK/status?at=2014-03-01`. "What did the
    registry say about it on 2024-05-01, before the history was corrected":
    `GET /v1/members/PRK/status?at=2014-03-01&as_recorded=2024-05-01T00:00:00Z`.

    Args:
        code (str):
        at (datetime.date | None | Unset):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatusHistory]
    """

    kwargs = _get_kwargs(
        code=code,
        at=at,
        as_recorded=as_recorded,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date | None | Unset = UNSET,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Problem | StatusHistory | None:
    """Get Status History

     The whole participation history, the status in force on `at`, and the corrections made to it.

    "What was PRK's status on 2014-03-01": `GET /v1/members/PRK/status?at=2014-03-01`. "What did the
    registry say about it on 2024-05-01, before the history was corrected":
    `GET /v1/members/PRK/status?at=2014-03-01&as_recorded=2024-05-01T00:00:00Z`.

    Args:
        code (str):
        at (datetime.date | None | Unset):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatusHistory
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            at=at,
            as_recorded=as_recorded,
        )
    ).parsed
