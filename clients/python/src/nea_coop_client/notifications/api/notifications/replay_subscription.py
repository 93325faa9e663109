import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.replay_read import ReplayRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    since: datetime.datetime,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_since = since.isoformat()
    params["since"] = json_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subscriptions/{subscription_id}/replay".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | ReplayRead | None:
    if response.status_code == 200:
        response_200 = ReplayRead.from_dict(response.json())

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
) -> Response[Problem | ReplayRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | ReplayRead]:
    """Replay

     Sends again every event since `since` that the subscription's filters accept: deliveries it had
    are sent again (same id), events it missed get new deliveries.

    Args:
        subscription_id (str):
        since (datetime.datetime): RFC 3339: re-send what matched since this time
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReplayRead]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        since=since,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | ReplayRead | None:
    """Replay

     Sends again every event since `since` that the subscription's filters accept: deliveries it had
    are sent again (same id), events it missed get new deliveries.

    Args:
        subscription_id (str):
        since (datetime.datetime): RFC 3339: re-send what matched since this time
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReplayRead
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        since=since,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | ReplayRead]:
    """Replay

     Sends again every event since `since` that the subscription's filters accept: deliveries it had
    are sent again (same id), events it missed get new deliveries.

    Args:
        subscription_id (str):
        since (datetime.datetime): RFC 3339: re-send what matched since this time
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReplayRead]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        since=since,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | ReplayRead | None:
    """Replay

     Sends again every event since `since` that the subscription's filters accept: deliveries it had
    are sent again (same id), events it missed get new deliveries.

    Args:
        subscription_id (str):
        since (datetime.datetime): RFC 3339: re-send what matched since this time
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReplayRead
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            since=since,
            idempotency_key=idempotency_key,
        )
    ).parsed
