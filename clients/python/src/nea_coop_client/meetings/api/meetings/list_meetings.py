import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_meetings_status_type_0 import ListMeetingsStatusType0
from ...models.list_meetings_track_type_0 import ListMeetingsTrackType0
from ...models.page_meeting_read import PageMeetingRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: ListMeetingsTrackType0 | None | Unset = UNSET,
    status: ListMeetingsStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_issue_area: None | str | Unset
    if isinstance(issue_area, Unset):
        json_issue_area = UNSET
    else:
        json_issue_area = issue_area
    params["issue_area"] = json_issue_area

    json_mechanism: None | str | Unset
    if isinstance(mechanism, Unset):
        json_mechanism = UNSET
    else:
        json_mechanism = mechanism
    params["mechanism"] = json_mechanism

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_track: None | str | Unset
    if isinstance(track, Unset):
        json_track = UNSET
    elif isinstance(track, ListMeetingsTrackType0):
        json_track = track.value
    else:
        json_track = track
    params["track"] = json_track

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListMeetingsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
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
        "url": "/v1/meetings",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageMeetingRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageMeetingRead.from_dict(response.json())

        return response_200

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
) -> Response[PageMeetingRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: ListMeetingsTrackType0 | None | Unset = UNSET,
    status: ListMeetingsStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageMeetingRead | Problem]:
    """List Meetings

     Meetings in order of their start, filtered; pass `next_cursor` back as `cursor` for the next page.

    Args:
        issue_area (None | str | Unset): Meetings on this issue area
        mechanism (None | str | Unset): Meetings of this mechanism
        member (None | str | Unset): Meetings this member takes part in (any role)
        track (ListMeetingsTrackType0 | None | Unset):
        status (ListMeetingsStatusType0 | None | Unset):
        from_ (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            after
        to (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            before
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMeetingRead | Problem]
    """

    kwargs = _get_kwargs(
        issue_area=issue_area,
        mechanism=mechanism,
        member=member,
        track=track,
        status=status,
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
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: ListMeetingsTrackType0 | None | Unset = UNSET,
    status: ListMeetingsStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageMeetingRead | Problem | None:
    """List Meetings

     Meetings in order of their start, filtered; pass `next_cursor` back as `cursor` for the next page.

    Args:
        issue_area (None | str | Unset): Meetings on this issue area
        mechanism (None | str | Unset): Meetings of this mechanism
        member (None | str | Unset): Meetings this member takes part in (any role)
        track (ListMeetingsTrackType0 | None | Unset):
        status (ListMeetingsStatusType0 | None | Unset):
        from_ (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            after
        to (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            before
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMeetingRead | Problem
    """

    return sync_detailed(
        client=client,
        issue_area=issue_area,
        mechanism=mechanism,
        member=member,
        track=track,
        status=status,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: ListMeetingsTrackType0 | None | Unset = UNSET,
    status: ListMeetingsStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageMeetingRead | Problem]:
    """List Meetings

     Meetings in order of their start, filtered; pass `next_cursor` back as `cursor` for the next page.

    Args:
        issue_area (None | str | Unset): Meetings on this issue area
        mechanism (None | str | Unset): Meetings of this mechanism
        member (None | str | Unset): Meetings this member takes part in (any role)
        track (ListMeetingsTrackType0 | None | Unset):
        status (ListMeetingsStatusType0 | None | Unset):
        from_ (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            after
        to (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            before
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMeetingRead | Problem]
    """

    kwargs = _get_kwargs(
        issue_area=issue_area,
        mechanism=mechanism,
        member=member,
        track=track,
        status=status,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: ListMeetingsTrackType0 | None | Unset = UNSET,
    status: ListMeetingsStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageMeetingRead | Problem | None:
    """List Meetings

     Meetings in order of their start, filtered; pass `next_cursor` back as `cursor` for the next page.

    Args:
        issue_area (None | str | Unset): Meetings on this issue area
        mechanism (None | str | Unset): Meetings of this mechanism
        member (None | str | Unset): Meetings this member takes part in (any role)
        track (ListMeetingsTrackType0 | None | Unset):
        status (ListMeetingsStatusType0 | None | Unset):
        from_ (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            after
        to (datetime.date | None | Unset): Meetings whose date (in their time zone) is on or
            before
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMeetingRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            issue_area=issue_area,
            mechanism=mechanism,
            member=member,
            track=track,
            status=status,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
