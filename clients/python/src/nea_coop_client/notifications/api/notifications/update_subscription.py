from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subscription_read import SubscriptionRead
from ...models.subscription_update import SubscriptionUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    body: SubscriptionUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/subscriptions/{subscription_id}".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubscriptionRead | None:
    if response.status_code == 200:
        response_200 = SubscriptionRead.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Problem | SubscriptionRead]:
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
    body: SubscriptionUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SubscriptionRead]:
    """Update Subscription

     Changes the URL, address, language, filters, digest or description; `active: false` stops it (its
    pending deliveries are cancelled), `active: true` enables it again (after a 410, say). `digest:
    null`
    goes back to a message per event and sends at once, each on its own, the events that waited for the
    digest; a changed digest keeps them for its next time.

    Args:
        subscription_id (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionUpdate): Only the fields sent change. `active: true` enables an endpoint
            a 410 disabled. `digest: null`
            goes back to one message per event, and what waited for the digest is sent at once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubscriptionRead]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        body=body,
        if_match=if_match,
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
    body: SubscriptionUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SubscriptionRead | None:
    """Update Subscription

     Changes the URL, address, language, filters, digest or description; `active: false` stops it (its
    pending deliveries are cancelled), `active: true` enables it again (after a 410, say). `digest:
    null`
    goes back to a message per event and sends at once, each on its own, the events that waited for the
    digest; a changed digest keeps them for its next time.

    Args:
        subscription_id (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionUpdate): Only the fields sent change. `active: true` enables an endpoint
            a 410 disabled. `digest: null`
            goes back to one message per event, and what waited for the digest is sent at once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubscriptionRead
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: SubscriptionUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SubscriptionRead]:
    """Update Subscription

     Changes the URL, address, language, filters, digest or description; `active: false` stops it (its
    pending deliveries are cancelled), `active: true` enables it again (after a 410, say). `digest:
    null`
    goes back to a message per event and sends at once, each on its own, the events that waited for the
    digest; a changed digest keeps them for its next time.

    Args:
        subscription_id (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionUpdate): Only the fields sent change. `active: true` enables an endpoint
            a 410 disabled. `digest: null`
            goes back to one message per event, and what waited for the digest is sent at once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubscriptionRead]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: SubscriptionUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SubscriptionRead | None:
    """Update Subscription

     Changes the URL, address, language, filters, digest or description; `active: false` stops it (its
    pending deliveries are cancelled), `active: true` enables it again (after a 410, say). `digest:
    null`
    goes back to a message per event and sends at once, each on its own, the events that waited for the
    digest; a changed digest keeps them for its next time.

    Args:
        subscription_id (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionUpdate): Only the fields sent change. `active: true` enables an endpoint
            a 410 disabled. `digest: null`
            goes back to one message per event, and what waited for the digest is sent at once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubscriptionRead
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
