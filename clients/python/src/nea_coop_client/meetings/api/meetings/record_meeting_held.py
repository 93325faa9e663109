from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.held_record import HeldRecord
from ...models.meeting_read import MeetingRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    meeting_id: UUID,
    *,
    body: HeldRecord,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/meetings/{meeting_id}/held".format(
            meeting_id=quote(str(meeting_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MeetingRead | Problem | None:
    if response.status_code == 200:
        response_200 = MeetingRead.from_dict(response.json())

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
) -> Response[MeetingRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    meeting_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HeldRecord,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[MeetingRead | Problem]:
    """Record Held

     Records that a confirmed meeting was held: attendance, outcomes and a summary, in one call.

    - Only a confirmed meeting can be held; anything else, a second "held" included, is a 409.
    - The meeting's date (the day it starts, in its time zone) may not be in the future (422).
    - Every member in `attendance` must be a participant; participants not listed were absent.
    - The host must have attended.
    - Each outcome's `member_codes` (signatories, or supporters for `support_expressed`) must have
      attended and be in good standing on the meeting date: participant, supporter or partner by status
      in the registry, whatever role they were invited in, and not invited as an observer. Observers
      (ASEAN, the EU), members only invited, suspended or withdrawn watch rather than decide; the
      refusal lists them in `not_in_good_standing` with their role and `status_on_meeting_date`.

    A meeting not confirmed is a 409; each other refusal is a 422 naming the field (e.g.
    `outcomes.0.member_codes`); a stale `If-Match` is a 412. Nothing is recorded on a refusal.
    Announces exactly one `meeting.held`, carrying the meeting's issue areas, track and mechanism, each
    attendee with its kind and participation status on the meeting date, and the outcomes: what the
    roadmap and notifications need without calling back. The attendees' engagement is judged again; each
    change is announced as `meetings.member.engagement_changed`.

    Args:
        meeting_id (UUID):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (HeldRecord):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeetingRead | Problem]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
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
    *,
    client: AuthenticatedClient,
    body: HeldRecord,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> MeetingRead | Problem | None:
    """Record Held

     Records that a confirmed meeting was held: attendance, outcomes and a summary, in one call.

    - Only a confirmed meeting can be held; anything else, a second "held" included, is a 409.
    - The meeting's date (the day it starts, in its time zone) may not be in the future (422).
    - Every member in `attendance` must be a participant; participants not listed were absent.
    - The host must have attended.
    - Each outcome's `member_codes` (signatories, or supporters for `support_expressed`) must have
      attended and be in good standing on the meeting date: participant, supporter or partner by status
      in the registry, whatever role they were invited in, and not invited as an observer. Observers
      (ASEAN, the EU), members only invited, suspended or withdrawn watch rather than decide; the
      refusal lists them in `not_in_good_standing` with their role and `status_on_meeting_date`.

    A meeting not confirmed is a 409; each other refusal is a 422 naming the field (e.g.
    `outcomes.0.member_codes`); a stale `If-Match` is a 412. Nothing is recorded on a refusal.
    Announces exactly one `meeting.held`, carrying the meeting's issue areas, track and mechanism, each
    attendee with its kind and participation status on the meeting date, and the outcomes: what the
    roadmap and notifications need without calling back. The attendees' engagement is judged again; each
    change is announced as `meetings.member.engagement_changed`.

    Args:
        meeting_id (UUID):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (HeldRecord):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeetingRead | Problem
    """

    return sync_detailed(
        meeting_id=meeting_id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    meeting_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HeldRecord,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[MeetingRead | Problem]:
    """Record Held

     Records that a confirmed meeting was held: attendance, outcomes and a summary, in one call.

    - Only a confirmed meeting can be held; anything else, a second "held" included, is a 409.
    - The meeting's date (the day it starts, in its time zone) may not be in the future (422).
    - Every member in `attendance` must be a participant; participants not listed were absent.
    - The host must have attended.
    - Each outcome's `member_codes` (signatories, or supporters for `support_expressed`) must have
      attended and be in good standing on the meeting date: participant, supporter or partner by status
      in the registry, whatever role they were invited in, and not invited as an observer. Observers
      (ASEAN, the EU), members only invited, suspended or withdrawn watch rather than decide; the
      refusal lists them in `not_in_good_standing` with their role and `status_on_meeting_date`.

    A meeting not confirmed is a 409; each other refusal is a 422 naming the field (e.g.
    `outcomes.0.member_codes`); a stale `If-Match` is a 412. Nothing is recorded on a refusal.
    Announces exactly one `meeting.held`, carrying the meeting's issue areas, track and mechanism, each
    attendee with its kind and participation status on the meeting date, and the outcomes: what the
    roadmap and notifications need without calling back. The attendees' engagement is judged again; each
    change is announced as `meetings.member.engagement_changed`.

    Args:
        meeting_id (UUID):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (HeldRecord):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeetingRead | Problem]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    meeting_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HeldRecord,
    if_match: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> MeetingRead | Problem | None:
    """Record Held

     Records that a confirmed meeting was held: attendance, outcomes and a summary, in one call.

    - Only a confirmed meeting can be held; anything else, a second "held" included, is a 409.
    - The meeting's date (the day it starts, in its time zone) may not be in the future (422).
    - Every member in `attendance` must be a participant; participants not listed were absent.
    - The host must have attended.
    - Each outcome's `member_codes` (signatories, or supporters for `support_expressed`) must have
      attended and be in good standing on the meeting date: participant, supporter or partner by status
      in the registry, whatever role they were invited in, and not invited as an observer. Observers
      (ASEAN, the EU), members only invited, suspended or withdrawn watch rather than decide; the
      refusal lists them in `not_in_good_standing` with their role and `status_on_meeting_date`.

    A meeting not confirmed is a 409; each other refusal is a 422 naming the field (e.g.
    `outcomes.0.member_codes`); a stale `If-Match` is a 412. Nothing is recorded on a refusal.
    Announces exactly one `meeting.held`, carrying the meeting's issue areas, track and mechanism, each
    attendee with its kind and participation status on the meeting date, and the outcomes: what the
    roadmap and notifications need without calling back. The attendees' engagement is judged again; each
    change is announced as `meetings.member.engagement_changed`.

    Args:
        meeting_id (UUID):
        if_match (None | str | Unset): The ETag you read; a stale one is refused with 412
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (HeldRecord):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeetingRead | Problem
    """

    return (
        await asyncio_detailed(
            meeting_id=meeting_id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
