from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_deliveries_status_type_0 import ListDeliveriesStatusType0
from ...models.page_delivery_read import PageDeliveryRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    subscription: None | str | Unset = UNSET,
    status: ListDeliveriesStatusType0 | None | Unset = UNSET,
    event: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subscription: None | str | Unset
    if isinstance(subscription, Unset):
        json_subscription = UNSET
    else:
        json_subscription = subscription
    params["subscription"] = json_subscription

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListDeliveriesStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_event: None | str | Unset
    if isinstance(event, Unset):
        json_event = UNSET
    else:
        json_event = event
    params["event"] = json_event

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
        "url": "/v1/deliveries",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDeliveryRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageDeliveryRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[PageDeliveryRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    subscription: None | str | Unset = UNSET,
    status: ListDeliveriesStatusType0 | None | Unset = UNSET,
    event: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageDeliveryRead | Problem]:
    """List Deliveries

     The caller's deliveries, oldest first, filtered. `status=dead` lists the dead letters; each can be
    redelivered.

    Args:
        subscription (None | str | Unset): Deliveries of this subscription
        status (ListDeliveriesStatusType0 | None | Unset): `dead`: the dead letters
        event (None | str | Unset): Deliveries of this event id
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeliveryRead | Problem]
    """

    kwargs = _get_kwargs(
        subscription=subscription,
        status=status,
        event=event,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    subscription: None | str | Unset = UNSET,
    status: ListDeliveriesStatusType0 | None | Unset = UNSET,
    event: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageDeliveryRead | Problem | None:
    """List Deliveries

     The caller's deliveries, oldest first, filtered. `status=dead` lists the dead letters; each can be
    redelivered.

    Args:
        subscription (None | str | Unset): Deliveries of this subscription
        status (ListDeliveriesStatusType0 | None | Unset): `dead`: the dead letters
        event (None | str | Unset): Deliveries of this event id
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeliveryRead | Problem
    """

    return sync_detailed(
        client=client,
        subscription=subscription,
        status=status,
        event=event,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subscription: None | str | Unset = UNSET,
    status: ListDeliveriesStatusType0 | None | Unset = UNSET,
    event: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageDeliveryRead | Problem]:
    """List Deliveries

     The caller's deliveries, oldest first, filtered. `status=dead` lists the dead letters; each can be
    redelivered.

    Args:
        subscription (None | str | Unset): Deliveries of this subscription
        status (ListDeliveriesStatusType0 | None | Unset): `dead`: the dead letters
        event (None | str | Unset): Deliveries of this event id
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeliveryRead | Problem]
    """

    kwargs = _get_kwargs(
        subscription=subscription,
        status=status,
        event=event,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subscription: None | str | Unset = UNSET,
    status: ListDeliveriesStatusType0 | None | Unset = UNSET,
    event: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageDeliveryRead | Problem | None:
    """List Deliveries

     The caller's deliveries, oldest first, filtered. `status=dead` lists the dead letters; each can be
    redelivered.

    Args:
        subscription (None | str | Unset): Deliveries of this subscription
        status (ListDeliveriesStatusType0 | None | Unset): `dead`: the dead letters
        event (None | str | Unset): Deliveries of this event id
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeliveryRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            subscription=subscription,
            status=status,
            event=event,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
