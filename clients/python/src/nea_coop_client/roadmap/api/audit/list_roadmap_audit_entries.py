import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_audit_entry import PageAuditEntry
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    subject: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subject: None | str | Unset
    if isinstance(subject, Unset):
        json_subject = UNSET
    else:
        json_subject = subject
    params["subject"] = json_subject

    json_actor: None | str | Unset
    if isinstance(actor, Unset):
        json_actor = UNSET
    else:
        json_actor = actor
    params["actor"] = json_actor

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

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
        "url": "/v1/audit",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAuditEntry | Problem | None:
    if response.status_code == 200:
        response_200 = PageAuditEntry.from_dict(response.json())

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
) -> Response[PageAuditEntry | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageAuditEntry | Problem]:
    """List Audit

     Who changed what and when in this service (administrators only), oldest first.

    Each entry is one event this service announced: its id and type, the subject it changed, the
    actor (the partner API client's id for a partner's write, `admin` for the administrator key,
    `seed` for the reference import, or this service's own name for a change it derived from
    another service's event, such as a roadmap stage advanced by a meeting held), the time, the
    correlation id that ties it to the request or event that caused it (and to the log lines), and
    the event's data. The same actor travels with the event on Kafka, as the `ce_actor` attribute and
    in the data's `metadata`. Entries are kept for good, after the outbox has been swept.

    Filter by `subject`, `actor`, event `type` and a time range (`from` inclusive, `to` exclusive);
    `next_cursor` pages on. A partner client is refused with 403, a request without credentials with
    401.

    Args:
        subject (None | str | Unset): The aggregate: a member code, a meeting id, `NAPCI/<track>`
        actor (None | str | Unset): An API client's id, `admin`, `seed` or a service's name
        type_ (None | str | Unset): An event type, `org.neacoop.<...>.v1`
        from_ (datetime.datetime | None | Unset): RFC 3339: changes at or after this time
        to (datetime.datetime | None | Unset): RFC 3339: changes before this time
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEntry | Problem]
    """

    kwargs = _get_kwargs(
        subject=subject,
        actor=actor,
        type_=type_,
        from_=from_,
        to=to,
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
    subject: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageAuditEntry | Problem | None:
    """List Audit

     Who changed what and when in this service (administrators only), oldest first.

    Each entry is one event this service announced: its id and type, the subject it changed, the
    actor (the partner API client's id for a partner's write, `admin` for the administrator key,
    `seed` for the reference import, or this service's own name for a change it derived from
    another service's event, such as a roadmap stage advanced by a meeting held), the time, the
    correlation id that ties it to the request or event that caused it (and to the log lines), and
    the event's data. The same actor travels with the event on Kafka, as the `ce_actor` attribute and
    in the data's `metadata`. Entries are kept for good, after the outbox has been swept.

    Filter by `subject`, `actor`, event `type` and a time range (`from` inclusive, `to` exclusive);
    `next_cursor` pages on. A partner client is refused with 403, a request without credentials with
    401.

    Args:
        subject (None | str | Unset): The aggregate: a member code, a meeting id, `NAPCI/<track>`
        actor (None | str | Unset): An API client's id, `admin`, `seed` or a service's name
        type_ (None | str | Unset): An event type, `org.neacoop.<...>.v1`
        from_ (datetime.datetime | None | Unset): RFC 3339: changes at or after this time
        to (datetime.datetime | None | Unset): RFC 3339: changes before this time
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEntry | Problem
    """

    return sync_detailed(
        client=client,
        subject=subject,
        actor=actor,
        type_=type_,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageAuditEntry | Problem]:
    """List Audit

     Who changed what and when in this service (administrators only), oldest first.

    Each entry is one event this service announced: its id and type, the subject it changed, the
    actor (the partner API client's id for a partner's write, `admin` for the administrator key,
    `seed` for the reference import, or this service's own name for a change it derived from
    another service's event, such as a roadmap stage advanced by a meeting held), the time, the
    correlation id that ties it to the request or event that caused it (and to the log lines), and
    the event's data. The same actor travels with the event on Kafka, as the `ce_actor` attribute and
    in the data's `metadata`. Entries are kept for good, after the outbox has been swept.

    Filter by `subject`, `actor`, event `type` and a time range (`from` inclusive, `to` exclusive);
    `next_cursor` pages on. A partner client is refused with 403, a request without credentials with
    401.

    Args:
        subject (None | str | Unset): The aggregate: a member code, a meeting id, `NAPCI/<track>`
        actor (None | str | Unset): An API client's id, `admin`, `seed` or a service's name
        type_ (None | str | Unset): An event type, `org.neacoop.<...>.v1`
        from_ (datetime.datetime | None | Unset): RFC 3339: changes at or after this time
        to (datetime.datetime | None | Unset): RFC 3339: changes before this time
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEntry | Problem]
    """

    kwargs = _get_kwargs(
        subject=subject,
        actor=actor,
        type_=type_,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageAuditEntry | Problem | None:
    """List Audit

     Who changed what and when in this service (administrators only), oldest first.

    Each entry is one event this service announced: its id and type, the subject it changed, the
    actor (the partner API client's id for a partner's write, `admin` for the administrator key,
    `seed` for the reference import, or this service's own name for a change it derived from
    another service's event, such as a roadmap stage advanced by a meeting held), the time, the
    correlation id that ties it to the request or event that caused it (and to the log lines), and
    the event's data. The same actor travels with the event on Kafka, as the `ce_actor` attribute and
    in the data's `metadata`. Entries are kept for good, after the outbox has been swept.

    Filter by `subject`, `actor`, event `type` and a time range (`from` inclusive, `to` exclusive);
    `next_cursor` pages on. A partner client is refused with 403, a request without credentials with
    401.

    Args:
        subject (None | str | Unset): The aggregate: a member code, a meeting id, `NAPCI/<track>`
        actor (None | str | Unset): An API client's id, `admin`, `seed` or a service's name
        type_ (None | str | Unset): An event type, `org.neacoop.<...>.v1`
        from_ (datetime.datetime | None | Unset): RFC 3339: changes at or after this time
        to (datetime.datetime | None | Unset): RFC 3339: changes before this time
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEntry | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            subject=subject,
            actor=actor,
            type_=type_,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
