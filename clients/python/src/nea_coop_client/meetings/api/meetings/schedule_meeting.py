from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.meeting_create import MeetingCreate
from ...models.meeting_read import MeetingRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: MeetingCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/meetings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MeetingRead | Problem | None:
    if response.status_code == 201:
        response_201 = MeetingRead.from_dict(response.json())

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
) -> Response[MeetingRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MeetingCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[MeetingRead | Problem]:
    """Schedule Meeting

     Schedules a meeting; it starts `planned`, with the host as its first participant (role `host`).

    Everything is checked against this service's copy of the registry, so scheduling works while the
    registry is down: `host_code`, the invited `participants`, `mechanism_code` (optional: a forum may
    stand alone) and every one of `issue_area_codes` (one or more) must be known, and each issue area
    open (a locked one is refused until the registry announces the consensus decision that opens it).
    A member suspended or withdrawn on the meeting date (the day it starts in `time_zone`) cannot take
    part. `starts_at` and `ends_at` need an offset; `ends_at` may not be before `starts_at`.
    `country_code` must be an assigned ISO 3166-1 alpha-3 code (KOR; not ZZZ) and `time_zone` an IANA
    name (Asia/Seoul). Each refusal is a 422 naming the field.

    A partner client may schedule only meetings its own member hosts; administrators any.
    Announces `meeting.scheduled` on `meetings.meeting.v1`.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (MeetingCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeetingRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: MeetingCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> MeetingRead | Problem | None:
    """Schedule Meeting

     Schedules a meeting; it starts `planned`, with the host as its first participant (role `host`).

    Everything is checked against this service's copy of the registry, so scheduling works while the
    registry is down: `host_code`, the invited `participants`, `mechanism_code` (optional: a forum may
    stand alone) and every one of `issue_area_codes` (one or more) must be known, and each issue area
    open (a locked one is refused until the registry announces the consensus decision that opens it).
    A member suspended or withdrawn on the meeting date (the day it starts in `time_zone`) cannot take
    part. `starts_at` and `ends_at` need an offset; `ends_at` may not be before `starts_at`.
    `country_code` must be an assigned ISO 3166-1 alpha-3 code (KOR; not ZZZ) and `time_zone` an IANA
    name (Asia/Seoul). Each refusal is a 422 naming the field.

    A partner client may schedule only meetings its own member hosts; administrators any.
    Announces `meeting.scheduled` on `meetings.meeting.v1`.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (MeetingCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeetingRead | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MeetingCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[MeetingRead | Problem]:
    """Schedule Meeting

     Schedules a meeting; it starts `planned`, with the host as its first participant (role `host`).

    Everything is checked against this service's copy of the registry, so scheduling works while the
    registry is down: `host_code`, the invited `participants`, `mechanism_code` (optional: a forum may
    stand alone) and every one of `issue_area_codes` (one or more) must be known, and each issue area
    open (a locked one is refused until the registry announces the consensus decision that opens it).
    A member suspended or withdrawn on the meeting date (the day it starts in `time_zone`) cannot take
    part. `starts_at` and `ends_at` need an offset; `ends_at` may not be before `starts_at`.
    `country_code` must be an assigned ISO 3166-1 alpha-3 code (KOR; not ZZZ) and `time_zone` an IANA
    name (Asia/Seoul). Each refusal is a 422 naming the field.

    A partner client may schedule only meetings its own member hosts; administrators any.
    Announces `meeting.scheduled` on `meetings.meeting.v1`.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (MeetingCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeetingRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: MeetingCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> MeetingRead | Problem | None:
    """Schedule Meeting

     Schedules a meeting; it starts `planned`, with the host as its first participant (role `host`).

    Everything is checked against this service's copy of the registry, so scheduling works while the
    registry is down: `host_code`, the invited `participants`, `mechanism_code` (optional: a forum may
    stand alone) and every one of `issue_area_codes` (one or more) must be known, and each issue area
    open (a locked one is refused until the registry announces the consensus decision that opens it).
    A member suspended or withdrawn on the meeting date (the day it starts in `time_zone`) cannot take
    part. `starts_at` and `ends_at` need an offset; `ends_at` may not be before `starts_at`.
    `country_code` must be an assigned ISO 3166-1 alpha-3 code (KOR; not ZZZ) and `time_zone` an IANA
    name (Asia/Seoul). Each refusal is a 422 naming the field.

    A partner client may schedule only meetings its own member hosts; administrators any.
    Announces `meeting.scheduled` on `meetings.meeting.v1`.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (MeetingCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeetingRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
