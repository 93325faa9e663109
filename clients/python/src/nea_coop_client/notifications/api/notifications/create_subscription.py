from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subscription_create import SubscriptionCreate
from ...models.subscription_created import SubscriptionCreated
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SubscriptionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subscriptions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubscriptionCreated | None:
    if response.status_code == 201:
        response_201 = SubscriptionCreated.from_dict(response.json())

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
) -> Response[Problem | SubscriptionCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SubscriptionCreated]:
    """Create Subscription

     Subscribes a member's contact (`member_code` + `contact_id`) or, with neither, the calling API
    client, to the events its `filters` accept, through one channel:

    - `webhook`: POSTs the CloudEvent (JSON) to `url`, signed as Standard Webhooks define
      (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
    id.timestamp.body>`);
      the `secret` (`whsec_...`) is generated when absent and shown only in this answer. The URL must be
      https on a public address (loopback, private, link-local and metadata addresses are refused).
    - `email`: to `email` (by default the contact's), in `language` (by default the contact's).
    - `inbox`: kept for `GET /v1/inbox/{subscriber}`.

    Email and inbox subscriptions may ask for a `digest` instead of a message per event: every day (or
    every week on `weekday`) at `at` (HH:MM) in the subscriber's IANA `time_zone`, one message in
    `language` lists every event matched since the previous digest; none is sent when nothing matched.
    A webhook is sent each event as it happens (a digest on one is a 422 naming `digest`).

    Filters (`event_types`, `issue_areas`, `members`, `mechanisms`, `tracks`) must name what exists; an
    empty list accepts everything. A partner subscribes only its own member's contacts (403 otherwise).

    Retry with the same `Idempotency-Key`: the answer, the secret included, is the first one, and no
    second subscription is made.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionCreate): A subscription for a member's contact (`member_code` and
            `contact_id`) or, with neither, for the
            API client that creates it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubscriptionCreated]
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
    body: SubscriptionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SubscriptionCreated | None:
    """Create Subscription

     Subscribes a member's contact (`member_code` + `contact_id`) or, with neither, the calling API
    client, to the events its `filters` accept, through one channel:

    - `webhook`: POSTs the CloudEvent (JSON) to `url`, signed as Standard Webhooks define
      (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
    id.timestamp.body>`);
      the `secret` (`whsec_...`) is generated when absent and shown only in this answer. The URL must be
      https on a public address (loopback, private, link-local and metadata addresses are refused).
    - `email`: to `email` (by default the contact's), in `language` (by default the contact's).
    - `inbox`: kept for `GET /v1/inbox/{subscriber}`.

    Email and inbox subscriptions may ask for a `digest` instead of a message per event: every day (or
    every week on `weekday`) at `at` (HH:MM) in the subscriber's IANA `time_zone`, one message in
    `language` lists every event matched since the previous digest; none is sent when nothing matched.
    A webhook is sent each event as it happens (a digest on one is a 422 naming `digest`).

    Filters (`event_types`, `issue_areas`, `members`, `mechanisms`, `tracks`) must name what exists; an
    empty list accepts everything. A partner subscribes only its own member's contacts (403 otherwise).

    Retry with the same `Idempotency-Key`: the answer, the secret included, is the first one, and no
    second subscription is made.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionCreate): A subscription for a member's contact (`member_code` and
            `contact_id`) or, with neither, for the
            API client that creates it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubscriptionCreated
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SubscriptionCreated]:
    """Create Subscription

     Subscribes a member's contact (`member_code` + `contact_id`) or, with neither, the calling API
    client, to the events its `filters` accept, through one channel:

    - `webhook`: POSTs the CloudEvent (JSON) to `url`, signed as Standard Webhooks define
      (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
    id.timestamp.body>`);
      the `secret` (`whsec_...`) is generated when absent and shown only in this answer. The URL must be
      https on a public address (loopback, private, link-local and metadata addresses are refused).
    - `email`: to `email` (by default the contact's), in `language` (by default the contact's).
    - `inbox`: kept for `GET /v1/inbox/{subscriber}`.

    Email and inbox subscriptions may ask for a `digest` instead of a message per event: every day (or
    every week on `weekday`) at `at` (HH:MM) in the subscriber's IANA `time_zone`, one message in
    `language` lists every event matched since the previous digest; none is sent when nothing matched.
    A webhook is sent each event as it happens (a digest on one is a 422 naming `digest`).

    Filters (`event_types`, `issue_areas`, `members`, `mechanisms`, `tracks`) must name what exists; an
    empty list accepts everything. A partner subscribes only its own member's contacts (403 otherwise).

    Retry with the same `Idempotency-Key`: the answer, the secret included, is the first one, and no
    second subscription is made.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionCreate): A subscription for a member's contact (`member_code` and
            `contact_id`) or, with neither, for the
            API client that creates it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubscriptionCreated]
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
    body: SubscriptionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SubscriptionCreated | None:
    """Create Subscription

     Subscribes a member's contact (`member_code` + `contact_id`) or, with neither, the calling API
    client, to the events its `filters` accept, through one channel:

    - `webhook`: POSTs the CloudEvent (JSON) to `url`, signed as Standard Webhooks define
      (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
    id.timestamp.body>`);
      the `secret` (`whsec_...`) is generated when absent and shown only in this answer. The URL must be
      https on a public address (loopback, private, link-local and metadata addresses are refused).
    - `email`: to `email` (by default the contact's), in `language` (by default the contact's).
    - `inbox`: kept for `GET /v1/inbox/{subscriber}`.

    Email and inbox subscriptions may ask for a `digest` instead of a message per event: every day (or
    every week on `weekday`) at `at` (HH:MM) in the subscriber's IANA `time_zone`, one message in
    `language` lists every event matched since the previous digest; none is sent when nothing matched.
    A webhook is sent each event as it happens (a digest on one is a 422 naming `digest`).

    Filters (`event_types`, `issue_areas`, `members`, `mechanisms`, `tracks`) must name what exists; an
    empty list accepts everything. A partner subscribes only its own member's contacts (403 otherwise).

    Retry with the same `Idempotency-Key`: the answer, the secret included, is the first one, and no
    second subscription is made.

    Args:
        idempotency_key (None | str | Unset): Repeat a write safely: the same key and body return
            the first answer
        body (SubscriptionCreate): A subscription for a member's contact (`member_code` and
            `contact_id`) or, with neither, for the
            API client that creates it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubscriptionCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
