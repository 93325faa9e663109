import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_meetings_calendar_lang import GetMeetingsCalendarLang
from ...models.get_meetings_calendar_status_type_0 import GetMeetingsCalendarStatusType0
from ...models.get_meetings_calendar_track_type_0 import GetMeetingsCalendarTrackType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: GetMeetingsCalendarTrackType0 | None | Unset = UNSET,
    status: GetMeetingsCalendarStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    lang: GetMeetingsCalendarLang | Unset = GetMeetingsCalendarLang.EN,
    if_none_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["if-none-match"] = if_none_match

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
    elif isinstance(track, GetMeetingsCalendarTrackType0):
        json_track = track.value
    else:
        json_track = track
    params["track"] = json_track

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, GetMeetingsCalendarStatusType0):
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

    json_lang: str | Unset = UNSET
    if not isinstance(lang, Unset):
        json_lang = lang.value

    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/calendar.ics",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
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
    track: GetMeetingsCalendarTrackType0 | None | Unset = UNSET,
    status: GetMeetingsCalendarStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    lang: GetMeetingsCalendarLang | Unset = GetMeetingsCalendarLang.EN,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Calendar Feed

     The meetings as an iCalendar feed to subscribe to: public, no credentials. Cancelled meetings stay
    in the feed with `STATUS:CANCELLED`; every change to a meeting raises its `SEQUENCE`. Revalidate
    with
    `If-None-Match` and the `ETag` to get 304 when nothing changed.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        mechanism (None | str | Unset): Only meetings of this mechanism
        member (None | str | Unset): Only meetings this member takes part in
        track (GetMeetingsCalendarTrackType0 | None | Unset): Only meetings of this track
        status (GetMeetingsCalendarStatusType0 | None | Unset): Only meetings in this status
        from_ (datetime.date | None | Unset): Only meetings starting on or after this local date
        to (datetime.date | None | Unset): Only meetings starting on or before this local date
        lang (GetMeetingsCalendarLang | Unset): Language of titles and names; else English
            Default: GetMeetingsCalendarLang.EN.
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        issue_area=issue_area,
        mechanism=mechanism,
        member=member,
        track=track,
        status=status,
        from_=from_,
        to=to,
        lang=lang,
        if_none_match=if_none_match,
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
    track: GetMeetingsCalendarTrackType0 | None | Unset = UNSET,
    status: GetMeetingsCalendarStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    lang: GetMeetingsCalendarLang | Unset = GetMeetingsCalendarLang.EN,
    if_none_match: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Calendar Feed

     The meetings as an iCalendar feed to subscribe to: public, no credentials. Cancelled meetings stay
    in the feed with `STATUS:CANCELLED`; every change to a meeting raises its `SEQUENCE`. Revalidate
    with
    `If-None-Match` and the `ETag` to get 304 when nothing changed.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        mechanism (None | str | Unset): Only meetings of this mechanism
        member (None | str | Unset): Only meetings this member takes part in
        track (GetMeetingsCalendarTrackType0 | None | Unset): Only meetings of this track
        status (GetMeetingsCalendarStatusType0 | None | Unset): Only meetings in this status
        from_ (datetime.date | None | Unset): Only meetings starting on or after this local date
        to (datetime.date | None | Unset): Only meetings starting on or before this local date
        lang (GetMeetingsCalendarLang | Unset): Language of titles and names; else English
            Default: GetMeetingsCalendarLang.EN.
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
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
        lang=lang,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: GetMeetingsCalendarTrackType0 | None | Unset = UNSET,
    status: GetMeetingsCalendarStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    lang: GetMeetingsCalendarLang | Unset = GetMeetingsCalendarLang.EN,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Calendar Feed

     The meetings as an iCalendar feed to subscribe to: public, no credentials. Cancelled meetings stay
    in the feed with `STATUS:CANCELLED`; every change to a meeting raises its `SEQUENCE`. Revalidate
    with
    `If-None-Match` and the `ETag` to get 304 when nothing changed.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        mechanism (None | str | Unset): Only meetings of this mechanism
        member (None | str | Unset): Only meetings this member takes part in
        track (GetMeetingsCalendarTrackType0 | None | Unset): Only meetings of this track
        status (GetMeetingsCalendarStatusType0 | None | Unset): Only meetings in this status
        from_ (datetime.date | None | Unset): Only meetings starting on or after this local date
        to (datetime.date | None | Unset): Only meetings starting on or before this local date
        lang (GetMeetingsCalendarLang | Unset): Language of titles and names; else English
            Default: GetMeetingsCalendarLang.EN.
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        issue_area=issue_area,
        mechanism=mechanism,
        member=member,
        track=track,
        status=status,
        from_=from_,
        to=to,
        lang=lang,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    track: GetMeetingsCalendarTrackType0 | None | Unset = UNSET,
    status: GetMeetingsCalendarStatusType0 | None | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    lang: GetMeetingsCalendarLang | Unset = GetMeetingsCalendarLang.EN,
    if_none_match: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Calendar Feed

     The meetings as an iCalendar feed to subscribe to: public, no credentials. Cancelled meetings stay
    in the feed with `STATUS:CANCELLED`; every change to a meeting raises its `SEQUENCE`. Revalidate
    with
    `If-None-Match` and the `ETag` to get 304 when nothing changed.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        mechanism (None | str | Unset): Only meetings of this mechanism
        member (None | str | Unset): Only meetings this member takes part in
        track (GetMeetingsCalendarTrackType0 | None | Unset): Only meetings of this track
        status (GetMeetingsCalendarStatusType0 | None | Unset): Only meetings in this status
        from_ (datetime.date | None | Unset): Only meetings starting on or after this local date
        to (datetime.date | None | Unset): Only meetings starting on or before this local date
        lang (GetMeetingsCalendarLang | Unset): Language of titles and names; else English
            Default: GetMeetingsCalendarLang.EN.
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
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
            lang=lang,
            if_none_match=if_none_match,
        )
    ).parsed
