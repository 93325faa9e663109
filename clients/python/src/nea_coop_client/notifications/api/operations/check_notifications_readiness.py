from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.check_notifications_readiness_check_type_0_item import CheckNotificationsReadinessCheckType0Item
from ...models.check_notifications_readiness_response_503 import CheckNotificationsReadinessResponse503
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    check: list[CheckNotificationsReadinessCheckType0Item] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_check: list[str] | None | Unset
    if isinstance(check, Unset):
        json_check = UNSET
    elif isinstance(check, list):
        json_check = []
        for check_type_0_item_data in check:
            check_type_0_item = check_type_0_item_data.value
            json_check.append(check_type_0_item)

    else:
        json_check = check
    params["check"] = json_check

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/readyz",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | CheckNotificationsReadinessResponse503 | Problem | None:
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = CheckNotificationsReadinessResponse503.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | CheckNotificationsReadinessResponse503 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    check: list[CheckNotificationsReadinessCheckType0Item] | None | Unset = UNSET,
) -> Response[Any | CheckNotificationsReadinessResponse503 | Problem]:
    """The database and Kafka are reachable

     Ready when every check passes; `?check=database` asks for that one only. A load balancer's
    readiness wants only the database: a service keeps accepting writes while Kafka is away (they wait
    in its outbox), so Kafka's absence must not take it out of rotation.

    Args:
        check (list[CheckNotificationsReadinessCheckType0Item] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CheckNotificationsReadinessResponse503 | Problem]
    """

    kwargs = _get_kwargs(
        check=check,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    check: list[CheckNotificationsReadinessCheckType0Item] | None | Unset = UNSET,
) -> Any | CheckNotificationsReadinessResponse503 | Problem | None:
    """The database and Kafka are reachable

     Ready when every check passes; `?check=database` asks for that one only. A load balancer's
    readiness wants only the database: a service keeps accepting writes while Kafka is away (they wait
    in its outbox), so Kafka's absence must not take it out of rotation.

    Args:
        check (list[CheckNotificationsReadinessCheckType0Item] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CheckNotificationsReadinessResponse503 | Problem
    """

    return sync_detailed(
        client=client,
        check=check,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    check: list[CheckNotificationsReadinessCheckType0Item] | None | Unset = UNSET,
) -> Response[Any | CheckNotificationsReadinessResponse503 | Problem]:
    """The database and Kafka are reachable

     Ready when every check passes; `?check=database` asks for that one only. A load balancer's
    readiness wants only the database: a service keeps accepting writes while Kafka is away (they wait
    in its outbox), so Kafka's absence must not take it out of rotation.

    Args:
        check (list[CheckNotificationsReadinessCheckType0Item] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CheckNotificationsReadinessResponse503 | Problem]
    """

    kwargs = _get_kwargs(
        check=check,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    check: list[CheckNotificationsReadinessCheckType0Item] | None | Unset = UNSET,
) -> Any | CheckNotificationsReadinessResponse503 | Problem | None:
    """The database and Kafka are reachable

     Ready when every check passes; `?check=database` asks for that one only. A load balancer's
    readiness wants only the database: a service keeps accepting writes while Kafka is away (they wait
    in its outbox), so Kafka's absence must not take it out of rotation.

    Args:
        check (list[CheckNotificationsReadinessCheckType0Item] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CheckNotificationsReadinessResponse503 | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            check=check,
        )
    ).parsed
