import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.mechanism_read import MechanismRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    member_code: str,
    *,
    left_on: datetime.date | None | Unset = UNSET,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_left_on: None | str | Unset
    if isinstance(left_on, Unset):
        json_left_on = UNSET
    elif isinstance(left_on, datetime.date):
        json_left_on = left_on.isoformat()
    else:
        json_left_on = left_on
    params["left_on"] = json_left_on

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/mechanisms/{code}/members/{member_code}".format(
            code=quote(str(code), safe=""),
            member_code=quote(str(member_code), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MechanismRead | Problem | None:
    if response.status_code == 200:
        response_200 = MechanismRead.from_dict(response.json())

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
) -> Response[MechanismRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    member_code: str,
    *,
    client: AuthenticatedClient,
    left_on: datetime.date | None | Unset = UNSET,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[MechanismRead | Problem]:
    """End Mechanism Membership

     Ends a member's membership of a mechanism on `left_on` (administrators only).

    The membership is kept with its leaving date, so the member still shows in `/members?at=` any
    earlier
    date, and it may be added again from `left_on` on. A member with no running membership (never added,
    or already left) is a 404 naming `member_code`; a `left_on` before it joined is a 422 naming
    `left_on`. Announces `mechanism.membership_ended`.

    Args:
        code (str):
        member_code (str):
        left_on (datetime.date | None | Unset): The first day it is no longer a member; today by
            default
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MechanismRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        member_code=member_code,
        left_on=left_on,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    member_code: str,
    *,
    client: AuthenticatedClient,
    left_on: datetime.date | None | Unset = UNSET,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> MechanismRead | Problem | None:
    """End Mechanism Membership

     Ends a member's membership of a mechanism on `left_on` (administrators only).

    The membership is kept with its leaving date, so the member still shows in `/members?at=` any
    earlier
    date, and it may be added again from `left_on` on. A member with no running membership (never added,
    or already left) is a 404 naming `member_code`; a `left_on` before it joined is a 422 naming
    `left_on`. Announces `mechanism.membership_ended`.

    Args:
        code (str):
        member_code (str):
        left_on (datetime.date | None | Unset): The first day it is no longer a member; today by
            default
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MechanismRead | Problem
    """

    return sync_detailed(
        code=code,
        member_code=member_code,
        client=client,
        left_on=left_on,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    code: str,
    member_code: str,
    *,
    client: AuthenticatedClient,
    left_on: datetime.date | None | Unset = UNSET,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[MechanismRead | Problem]:
    """End Mechanism Membership

     Ends a member's membership of a mechanism on `left_on` (administrators only).

    The membership is kept with its leaving date, so the member still shows in `/members?at=` any
    earlier
    date, and it may be added again from `left_on` on. A member with no running membership (never added,
    or already left) is a 404 naming `member_code`; a `left_on` before it joined is a 422 naming
    `left_on`. Announces `mechanism.membership_ended`.

    Args:
        code (str):
        member_code (str):
        left_on (datetime.date | None | Unset): The first day it is no longer a member; today by
            default
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MechanismRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        member_code=member_code,
        left_on=left_on,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    member_code: str,
    *,
    client: AuthenticatedClient,
    left_on: datetime.date | None | Unset = UNSET,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> MechanismRead | Problem | None:
    """End Mechanism Membership

     Ends a member's membership of a mechanism on `left_on` (administrators only).

    The membership is kept with its leaving date, so the member still shows in `/members?at=` any
    earlier
    date, and it may be added again from `left_on` on. A member with no running membership (never added,
    or already left) is a 404 naming `member_code`; a `left_on` before it joined is a 422 naming
    `left_on`. Announces `mechanism.membership_ended`.

    Args:
        code (str):
        member_code (str):
        left_on (datetime.date | None | Unset): The first day it is no longer a member; today by
            default
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MechanismRead | Problem
    """

    return (
        await asyncio_detailed(
            code=code,
            member_code=member_code,
            client=client,
            left_on=left_on,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
