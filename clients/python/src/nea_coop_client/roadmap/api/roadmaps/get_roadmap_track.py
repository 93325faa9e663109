from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.track_read import TrackRead
from ...types import Response


def _get_kwargs(
    code: str,
    track: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/roadmaps/{code}/tracks/{track}".format(
            code=quote(str(code), safe=""),
            track=quote(str(track), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TrackRead | None:
    if response.status_code == 200:
        response_200 = TrackRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TrackRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    track: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | TrackRead]:
    """Get Track

     One track of the roadmap (an issue area's, or `napci` for the initiative as a whole): its stage and,
    for its next stage, each criterion's value, target and evidence.

    Args:
        code (str):
        track (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackRead]
    """

    kwargs = _get_kwargs(
        code=code,
        track=track,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    track: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | TrackRead | None:
    """Get Track

     One track of the roadmap (an issue area's, or `napci` for the initiative as a whole): its stage and,
    for its next stage, each criterion's value, target and evidence.

    Args:
        code (str):
        track (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackRead
    """

    return sync_detailed(
        code=code,
        track=track,
        client=client,
    ).parsed


async def asyncio_detailed(
    code: str,
    track: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | TrackRead]:
    """Get Track

     One track of the roadmap (an issue area's, or `napci` for the initiative as a whole): its stage and,
    for its next stage, each criterion's value, target and evidence.

    Args:
        code (str):
        track (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackRead]
    """

    kwargs = _get_kwargs(
        code=code,
        track=track,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    track: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | TrackRead | None:
    """Get Track

     One track of the roadmap (an issue area's, or `napci` for the initiative as a whole): its stage and,
    for its next stage, each criterion's value, target and evidence.

    Args:
        code (str):
        track (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackRead
    """

    return (
        await asyncio_detailed(
            code=code,
            track=track,
            client=client,
        )
    ).parsed
