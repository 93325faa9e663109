import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.one_engagement_read import OneEngagementRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    *,
    as_of: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: None | str | Unset
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.date):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/engagement/{code}".format(
            code=quote(str(code), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OneEngagementRead | Problem | None:
    if response.status_code == 200:
        response_200 = OneEngagementRead.from_dict(response.json())

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
) -> Response[OneEngagementRead | Problem]:
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
    as_of: datetime.date | None | Unset = UNSET,
) -> Response[OneEngagementRead | Problem]:
    """Member Engagement

     One member's engagement as of a day (today when not given), as in the list; a member the service
    does not know is a 404. Public.

    Args:
        code (str):
        as_of (datetime.date | None | Unset): The day to judge engagement on; today (UTC) when not
            given

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OneEngagementRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        as_of=as_of,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    as_of: datetime.date | None | Unset = UNSET,
) -> OneEngagementRead | Problem | None:
    """Member Engagement

     One member's engagement as of a day (today when not given), as in the list; a member the service
    does not know is a 404. Public.

    Args:
        code (str):
        as_of (datetime.date | None | Unset): The day to judge engagement on; today (UTC) when not
            given

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OneEngagementRead | Problem
    """

    return sync_detailed(
        code=code,
        client=client,
        as_of=as_of,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    as_of: datetime.date | None | Unset = UNSET,
) -> Response[OneEngagementRead | Problem]:
    """Member Engagement

     One member's engagement as of a day (today when not given), as in the list; a member the service
    does not know is a 404. Public.

    Args:
        code (str):
        as_of (datetime.date | None | Unset): The day to judge engagement on; today (UTC) when not
            given

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OneEngagementRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        as_of=as_of,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    as_of: datetime.date | None | Unset = UNSET,
) -> OneEngagementRead | Problem | None:
    """Member Engagement

     One member's engagement as of a day (today when not given), as in the list; a member the service
    does not know is a 404. Public.

    Args:
        code (str):
        as_of (datetime.date | None | Unset): The day to judge engagement on; today (UTC) when not
            given

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OneEngagementRead | Problem
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            as_of=as_of,
        )
    ).parsed
