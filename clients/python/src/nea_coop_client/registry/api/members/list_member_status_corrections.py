import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.status_correction_read import StatusCorrectionRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    *,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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
        "url": "/v1/members/{code}/status/corrections".format(
            code=quote(str(code), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[StatusCorrectionRead] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = StatusCorrectionRead.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Problem | list[StatusCorrectionRead]]:
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
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Response[Problem | list[StatusCorrectionRead]]:
    """List Status Corrections

     Every correction of the member's history, oldest first: who made it, when, why, the period before
    and after. With `as_recorded`, only those made by then.

    Args:
        code (str):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[StatusCorrectionRead]]
    """

    kwargs = _get_kwargs(
        code=code,
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
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Problem | list[StatusCorrectionRead] | None:
    """List Status Corrections

     Every correction of the member's history, oldest first: who made it, when, why, the period before
    and after. With `as_recorded`, only those made by then.

    Args:
        code (str):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[StatusCorrectionRead]
    """

    return sync_detailed(
        code=code,
        client=client,
        as_recorded=as_recorded,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Response[Problem | list[StatusCorrectionRead]]:
    """List Status Corrections

     Every correction of the member's history, oldest first: who made it, when, why, the period before
    and after. With `as_recorded`, only those made by then.

    Args:
        code (str):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[StatusCorrectionRead]]
    """

    kwargs = _get_kwargs(
        code=code,
        as_recorded=as_recorded,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    as_recorded: datetime.datetime | None | Unset = UNSET,
) -> Problem | list[StatusCorrectionRead] | None:
    """List Status Corrections

     Every correction of the member's history, oldest first: who made it, when, why, the period before
    and after. With `as_recorded`, only those made by then.

    Args:
        code (str):
        as_recorded (datetime.datetime | None | Unset): An RFC 3339 timestamp with its offset:
            answer the history as the registry recorded it then, before any later correction

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[StatusCorrectionRead]
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            as_recorded=as_recorded,
        )
    ).parsed
