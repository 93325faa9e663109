from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.simulated_meeting import SimulatedMeeting
from ...models.simulation_read import SimulationRead
from ...types import Response


def _get_kwargs(
    code: str,
    *,
    body: SimulatedMeeting,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/roadmaps/{code}/simulate".format(
            code=quote(str(code), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SimulationRead | None:
    if response.status_code == 200:
        response_200 = SimulationRead.from_dict(response.json())

        return response_200

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
) -> Response[Problem | SimulationRead]:
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
    body: SimulatedMeeting,
) -> Response[Problem | SimulationRead]:
    """Simulate

     What would change if this meeting were held: each track it belongs to, its stage now, the stage
    it would reach and the criteria judged with the meeting. Changes nothing: computed purely from the
    facts kept and the hypothetical meeting; nothing is written, no event recorded.

    Args:
        code (str):
        body (SimulatedMeeting): A meeting as if it were held: the parts of `meeting.held` the
            criteria look at.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SimulationRead]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    body: SimulatedMeeting,
) -> Problem | SimulationRead | None:
    """Simulate

     What would change if this meeting were held: each track it belongs to, its stage now, the stage
    it would reach and the criteria judged with the meeting. Changes nothing: computed purely from the
    facts kept and the hypothetical meeting; nothing is written, no event recorded.

    Args:
        code (str):
        body (SimulatedMeeting): A meeting as if it were held: the parts of `meeting.held` the
            criteria look at.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SimulationRead
    """

    return sync_detailed(
        code=code,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    body: SimulatedMeeting,
) -> Response[Problem | SimulationRead]:
    """Simulate

     What would change if this meeting were held: each track it belongs to, its stage now, the stage
    it would reach and the criteria judged with the meeting. Changes nothing: computed purely from the
    facts kept and the hypothetical meeting; nothing is written, no event recorded.

    Args:
        code (str):
        body (SimulatedMeeting): A meeting as if it were held: the parts of `meeting.held` the
            criteria look at.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SimulationRead]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    body: SimulatedMeeting,
) -> Problem | SimulationRead | None:
    """Simulate

     What would change if this meeting were held: each track it belongs to, its stage now, the stage
    it would reach and the criteria judged with the meeting. Changes nothing: computed purely from the
    facts kept and the hypothetical meeting; nothing is written, no event recorded.

    Args:
        code (str):
        body (SimulatedMeeting): A meeting as if it were held: the parts of `meeting.held` the
            criteria look at.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SimulationRead
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            body=body,
        )
    ).parsed
