from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_create import ClientCreate
from ...models.client_issued import ClientIssued
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ClientCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/clients",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ClientIssued | Problem | None:
    if response.status_code == 201:
        response_201 = ClientIssued.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[ClientIssued | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientCreate,
) -> Response[ClientIssued | Problem]:
    """Create Client

     Creates an API client for a member (or for no member, for administrators' tooling).

    The answer is the only one that carries `secret` and `token`: the registry keeps a hash of the
    secret, so a lost secret means a new client. Partners send `Authorization: Bearer <token>`.
    Announces `client.created` on `registry.client.v1` (with the hash, never the secret), from which
    every service learns the client. An unknown scope or member is a 422 naming the field.

    Args:
        body (ClientCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientIssued | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ClientCreate,
) -> ClientIssued | Problem | None:
    """Create Client

     Creates an API client for a member (or for no member, for administrators' tooling).

    The answer is the only one that carries `secret` and `token`: the registry keeps a hash of the
    secret, so a lost secret means a new client. Partners send `Authorization: Bearer <token>`.
    Announces `client.created` on `registry.client.v1` (with the hash, never the secret), from which
    every service learns the client. An unknown scope or member is a 422 naming the field.

    Args:
        body (ClientCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientIssued | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientCreate,
) -> Response[ClientIssued | Problem]:
    """Create Client

     Creates an API client for a member (or for no member, for administrators' tooling).

    The answer is the only one that carries `secret` and `token`: the registry keeps a hash of the
    secret, so a lost secret means a new client. Partners send `Authorization: Bearer <token>`.
    Announces `client.created` on `registry.client.v1` (with the hash, never the secret), from which
    every service learns the client. An unknown scope or member is a 422 naming the field.

    Args:
        body (ClientCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientIssued | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ClientCreate,
) -> ClientIssued | Problem | None:
    """Create Client

     Creates an API client for a member (or for no member, for administrators' tooling).

    The answer is the only one that carries `secret` and `token`: the registry keeps a hash of the
    secret, so a lost secret means a new client. Partners send `Authorization: Bearer <token>`.
    Announces `client.created` on `registry.client.v1` (with the hash, never the secret), from which
    every service learns the client. An unknown scope or member is a 422 naming the field.

    Args:
        body (ClientCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientIssued | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
