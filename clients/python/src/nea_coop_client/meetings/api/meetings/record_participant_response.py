from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.participant import Participant
from ...models.problem import Problem
from ...models.response_update import ResponseUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    meeting_id: UUID,
    member_code: str,
    *,
    body: ResponseUpdate,
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
        "url": "/v1/meetings/{meeting_id}/participants/{member_code}".format(
            meeting_id=quote(str(meeting_id), safe=""),
            member_code=quote(str(member_code), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[Participant] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Participant.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Problem | list[Participant]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    meeting_id: UUID,
    member_code: str,
    *,
    client: AuthenticatedClient,
    body: ResponseUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | list[Participant]]:
    """Record Response

     Records an invited member's answer (accepted, declined, or back to invited).

    The member's own client answers for it; the host's client and administrators may record any answer.
    A member not invited is a 404; once the meeting is held or cancelled, answers no longer change
    (409).
    Answers with every participant; announces `meeting.participants_changed`.

    Args:
        meeting_id (UUID):
        member_code (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ResponseUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[Participant]]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        member_code=member_code,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    meeting_id: UUID,
    member_code: str,
    *,
    client: AuthenticatedClient,
    body: ResponseUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | list[Participant] | None:
    """Record Response

     Records an invited member's answer (accepted, declined, or back to invited).

    The member's own client answers for it; the host's client and administrators may record any answer.
    A member not invited is a 404; once the meeting is held or cancelled, answers no longer change
    (409).
    Answers with every participant; announces `meeting.participants_changed`.

    Args:
        meeting_id (UUID):
        member_code (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ResponseUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[Participant]
    """

    return sync_detailed(
        meeting_id=meeting_id,
        member_code=member_code,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    meeting_id: UUID,
    member_code: str,
    *,
    client: AuthenticatedClient,
    body: ResponseUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | list[Participant]]:
    """Record Response

     Records an invited member's answer (accepted, declined, or back to invited).

    The member's own client answers for it; the host's client and administrators may record any answer.
    A member not invited is a 404; once the meeting is held or cancelled, answers no longer change
    (409).
    Answers with every participant; announces `meeting.participants_changed`.

    Args:
        meeting_id (UUID):
        member_code (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ResponseUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[Participant]]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        member_code=member_code,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    meeting_id: UUID,
    member_code: str,
    *,
    client: AuthenticatedClient,
    body: ResponseUpdate,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | list[Participant] | None:
    """Record Response

     Records an invited member's answer (accepted, declined, or back to invited).

    The member's own client answers for it; the host's client and administrators may record any answer.
    A member not invited is a 404; once the meeting is held or cancelled, answers no longer change
    (409).
    Answers with every participant; announces `meeting.participants_changed`.

    Args:
        meeting_id (UUID):
        member_code (str):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (ResponseUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[Participant]
    """

    return (
        await asyncio_detailed(
            meeting_id=meeting_id,
            member_code=member_code,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
