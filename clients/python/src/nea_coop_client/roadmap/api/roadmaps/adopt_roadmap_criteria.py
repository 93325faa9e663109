from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.adopt_roadmap_criteria_body import AdoptRoadmapCriteriaBody
from ...models.criteria_read import CriteriaRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    *,
    body: AdoptRoadmapCriteriaBody,
    if_match: str,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["if-match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/roadmaps/{code}/criteria".format(
            code=quote(str(code), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CriteriaRead | Problem | None:
    if response.status_code == 200:
        response_200 = CriteriaRead.from_dict(response.json())

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

    if response.status_code == 428:
        response_428 = Problem.from_dict(response.json())

        return response_428

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CriteriaRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: AdoptRoadmapCriteriaBody,
    if_match: str,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CriteriaRead | Problem]:
    """Adopt Criteria

     Adopts a new criteria version, the one in force + 1 (administrators only; If-Match required:
    428 without it, 412 when stale). A document failing the schema or naming an unknown issue area,
    mechanism, member kind, outcome type or stage is a 422 naming the path inside it (`errors` lists
    every problem). Every track is re-evaluated under the new version; none moves back.

    Args:
        code (str):
        if_match (str): The criteria version's ETag you read; required, a stale one is a 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (AdoptRoadmapCriteriaBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CriteriaRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient,
    body: AdoptRoadmapCriteriaBody,
    if_match: str,
    idempotency_key: None | str | Unset = UNSET,
) -> CriteriaRead | Problem | None:
    """Adopt Criteria

     Adopts a new criteria version, the one in force + 1 (administrators only; If-Match required:
    428 without it, 412 when stale). A document failing the schema or naming an unknown issue area,
    mechanism, member kind, outcome type or stage is a 422 naming the path inside it (`errors` lists
    every problem). Every track is re-evaluated under the new version; none moves back.

    Args:
        code (str):
        if_match (str): The criteria version's ETag you read; required, a stale one is a 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (AdoptRoadmapCriteriaBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CriteriaRead | Problem
    """

    return sync_detailed(
        code=code,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: AdoptRoadmapCriteriaBody,
    if_match: str,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CriteriaRead | Problem]:
    """Adopt Criteria

     Adopts a new criteria version, the one in force + 1 (administrators only; If-Match required:
    428 without it, 412 when stale). A document failing the schema or naming an unknown issue area,
    mechanism, member kind, outcome type or stage is a 422 naming the path inside it (`errors` lists
    every problem). Every track is re-evaluated under the new version; none moves back.

    Args:
        code (str):
        if_match (str): The criteria version's ETag you read; required, a stale one is a 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (AdoptRoadmapCriteriaBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CriteriaRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient,
    body: AdoptRoadmapCriteriaBody,
    if_match: str,
    idempotency_key: None | str | Unset = UNSET,
) -> CriteriaRead | Problem | None:
    """Adopt Criteria

     Adopts a new criteria version, the one in force + 1 (administrators only; If-Match required:
    428 without it, 412 when stale). A document failing the schema or naming an unknown issue area,
    mechanism, member kind, outcome type or stage is a 422 naming the path inside it (`errors` lists
    every problem). Every track is re-evaluated under the new version; none moves back.

    Args:
        code (str):
        if_match (str): The criteria version's ETag you read; required, a stale one is a 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (AdoptRoadmapCriteriaBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CriteriaRead | Problem
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
