from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.secret_rotated import SecretRotated
from ...models.secret_rotation import SecretRotation
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    body: None | SecretRotation | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subscriptions/{subscription_id}/rotate-secret".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
    }

    if isinstance(body, SecretRotation):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SecretRotated | None:
    if response.status_code == 200:
        response_200 = SecretRotated.from_dict(response.json())

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
) -> Response[Problem | SecretRotated]:
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
    body: None | SecretRotation | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SecretRotated]:
    """Rotate Secret

     A new signing secret, shown once. For `overlap_seconds` (a day by default) every message carries
    two signatures, one with the old secret and one with the new, so a receiver switches when it likes.
    A retry with the same `Idempotency-Key` shows the same new secret rather than rotating again.

    Args:
        subscription_id (str):
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SecretRotated]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        body=body,
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
    body: None | SecretRotation | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SecretRotated | None:
    """Rotate Secret

     A new signing secret, shown once. For `overlap_seconds` (a day by default) every message carries
    two signatures, one with the old secret and one with the new, so a receiver switches when it likes.
    A retry with the same `Idempotency-Key` shows the same new secret rather than rotating again.

    Args:
        subscription_id (str):
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SecretRotated
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: None | SecretRotation | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SecretRotated]:
    """Rotate Secret

     A new signing secret, shown once. For `overlap_seconds` (a day by default) every message carries
    two signatures, one with the old secret and one with the new, so a receiver switches when it likes.
    A retry with the same `Idempotency-Key` shows the same new secret rather than rotating again.

    Args:
        subscription_id (str):
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SecretRotated]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: None | SecretRotation | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SecretRotated | None:
    """Rotate Secret

     A new signing secret, shown once. For `overlap_seconds` (a day by default) every message carries
    two signatures, one with the old secret and one with the new, so a receiver switches when it likes.
    A retry with the same `Idempotency-Key` shows the same new secret rather than rotating again.

    Args:
        subscription_id (str):
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SecretRotated
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
