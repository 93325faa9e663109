from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_result import ImportResult
from ...models.problem import Problem
from ...models.reference_document import ReferenceDocument
from ...types import Response


def _get_kwargs(
    *,
    body: ReferenceDocument,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/import",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportResult | Problem | None:
    if response.status_code == 200:
        response_200 = ImportResult.from_dict(response.json())

        return response_200

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
) -> Response[ImportResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferenceDocument,
) -> Response[ImportResult | Problem]:
    """Import Document

     Imports members, issue areas and mechanisms in the shape of `nea-reference.json` (administrators).

    Each section is optional. Codes already registered are skipped and counted as such, so the same
    document can be posted again safely. Everything is written in one transaction with the events the
    API would announce; an invalid document is a 422 whose `field` is the path of the bad value
    (`members.3.kind`), and then nothing is written.

    Args:
        body (ReferenceDocument): The shape of nea-reference.json. Every section is optional; the
            file's other sections (roadmap,
            history) belong to other services and are ignored here.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportResult | Problem]
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
    body: ReferenceDocument,
) -> ImportResult | Problem | None:
    """Import Document

     Imports members, issue areas and mechanisms in the shape of `nea-reference.json` (administrators).

    Each section is optional. Codes already registered are skipped and counted as such, so the same
    document can be posted again safely. Everything is written in one transaction with the events the
    API would announce; an invalid document is a 422 whose `field` is the path of the bad value
    (`members.3.kind`), and then nothing is written.

    Args:
        body (ReferenceDocument): The shape of nea-reference.json. Every section is optional; the
            file's other sections (roadmap,
            history) belong to other services and are ignored here.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferenceDocument,
) -> Response[ImportResult | Problem]:
    """Import Document

     Imports members, issue areas and mechanisms in the shape of `nea-reference.json` (administrators).

    Each section is optional. Codes already registered are skipped and counted as such, so the same
    document can be posted again safely. Everything is written in one transaction with the events the
    API would announce; an invalid document is a 422 whose `field` is the path of the bad value
    (`members.3.kind`), and then nothing is written.

    Args:
        body (ReferenceDocument): The shape of nea-reference.json. Every section is optional; the
            file's other sections (roadmap,
            history) belong to other services and are ignored here.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReferenceDocument,
) -> ImportResult | Problem | None:
    """Import Document

     Imports members, issue areas and mechanisms in the shape of `nea-reference.json` (administrators).

    Each section is optional. Codes already registered are skipped and counted as such, so the same
    document can be posted again safely. Everything is written in one transaction with the events the
    API would announce; an invalid document is a 422 whose `field` is the path of the bad value
    (`members.3.kind`), and then nothing is written.

    Args:
        body (ReferenceDocument): The shape of nea-reference.json. Every section is optional; the
            file's other sections (roadmap,
            history) belong to other services and are ignored here.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
