from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.async_api_document import AsyncApiDocument
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/asyncapi.json",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AsyncApiDocument | Problem | None:
    if response.status_code == 200:
        response_200 = AsyncApiDocument.from_dict(response.json())

        return response_200

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AsyncApiDocument | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[AsyncApiDocument | Problem]:
    """The events this service sends and receives (AsyncAPI 3.0)

     The channels (Kafka topics) this service publishes and consumes, their messages with the
    CloudEvents headers, payload schemas and examples, the consumer groups that receive them and the
    dead-letter channels they write to: the part of `docs/asyncapi.yaml` that concerns this service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AsyncApiDocument | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> AsyncApiDocument | Problem | None:
    """The events this service sends and receives (AsyncAPI 3.0)

     The channels (Kafka topics) this service publishes and consumes, their messages with the
    CloudEvents headers, payload schemas and examples, the consumer groups that receive them and the
    dead-letter channels they write to: the part of `docs/asyncapi.yaml` that concerns this service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncApiDocument | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[AsyncApiDocument | Problem]:
    """The events this service sends and receives (AsyncAPI 3.0)

     The channels (Kafka topics) this service publishes and consumes, their messages with the
    CloudEvents headers, payload schemas and examples, the consumer groups that receive them and the
    dead-letter channels they write to: the part of `docs/asyncapi.yaml` that concerns this service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AsyncApiDocument | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> AsyncApiDocument | Problem | None:
    """The events this service sends and receives (AsyncAPI 3.0)

     The channels (Kafka topics) this service publishes and consumes, their messages with the
    CloudEvents headers, payload schemas and examples, the consumer groups that receive them and the
    dead-letter channels they write to: the part of `docs/asyncapi.yaml` that concerns this service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncApiDocument | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
