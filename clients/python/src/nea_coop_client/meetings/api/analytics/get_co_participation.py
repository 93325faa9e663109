import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.co_participation_read import CoParticipationRead
from ...models.get_co_participation_track_type_0 import GetCoParticipationTrackType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    issue_area: None | str | Unset = UNSET,
    track: GetCoParticipationTrackType0 | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_issue_area: None | str | Unset
    if isinstance(issue_area, Unset):
        json_issue_area = UNSET
    else:
        json_issue_area = issue_area
    params["issue_area"] = json_issue_area

    json_track: None | str | Unset
    if isinstance(track, Unset):
        json_track = UNSET
    elif isinstance(track, GetCoParticipationTrackType0):
        json_track = track.value
    else:
        json_track = track
    params["track"] = json_track

    json_mechanism: None | str | Unset
    if isinstance(mechanism, Unset):
        json_mechanism = UNSET
    else:
        json_mechanism = mechanism
    params["mechanism"] = json_mechanism

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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/co-participation",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CoParticipationRead | Problem | None:
    if response.status_code == 200:
        response_200 = CoParticipationRead.from_dict(response.json())

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
) -> Response[CoParticipationRead | Problem]:
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
    track: GetCoParticipationTrackType0 | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> Response[CoParticipationRead | Problem]:
    """Co Participation

     Who meets whom: the member x member network of the held meetings in the filter, weighted by the
    meetings both members attended (a meeting counts when it was held and both attended it).

    Per member: the meetings it attended, its degree (members it met), weighted degree (meetings
    attended
    together, summed over its links) and closeness centrality (networkx's `closeness_centrality`,
    Wasserman and Faust's variant for a network in several parts). Links come strongest first, with the
    meetings behind each. `least_attending` lists every member of the filter (attended, invited, or a
    member of the filtered mechanism), fewest attended meetings first. Public: no credentials.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        track (GetCoParticipationTrackType0 | None | Unset): Only meetings of this track
        mechanism (None | str | Unset): Only meetings of this mechanism
        from_ (datetime.date | None | Unset): Only meetings held on or after this day
        to (datetime.date | None | Unset): Only meetings held on or before this day

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoParticipationRead | Problem]
    """

    kwargs = _get_kwargs(
        issue_area=issue_area,
        track=track,
        mechanism=mechanism,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    track: GetCoParticipationTrackType0 | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> CoParticipationRead | Problem | None:
    """Co Participation

     Who meets whom: the member x member network of the held meetings in the filter, weighted by the
    meetings both members attended (a meeting counts when it was held and both attended it).

    Per member: the meetings it attended, its degree (members it met), weighted degree (meetings
    attended
    together, summed over its links) and closeness centrality (networkx's `closeness_centrality`,
    Wasserman and Faust's variant for a network in several parts). Links come strongest first, with the
    meetings behind each. `least_attending` lists every member of the filter (attended, invited, or a
    member of the filtered mechanism), fewest attended meetings first. Public: no credentials.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        track (GetCoParticipationTrackType0 | None | Unset): Only meetings of this track
        mechanism (None | str | Unset): Only meetings of this mechanism
        from_ (datetime.date | None | Unset): Only meetings held on or after this day
        to (datetime.date | None | Unset): Only meetings held on or before this day

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoParticipationRead | Problem
    """

    return sync_detailed(
        client=client,
        issue_area=issue_area,
        track=track,
        mechanism=mechanism,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    track: GetCoParticipationTrackType0 | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> Response[CoParticipationRead | Problem]:
    """Co Participation

     Who meets whom: the member x member network of the held meetings in the filter, weighted by the
    meetings both members attended (a meeting counts when it was held and both attended it).

    Per member: the meetings it attended, its degree (members it met), weighted degree (meetings
    attended
    together, summed over its links) and closeness centrality (networkx's `closeness_centrality`,
    Wasserman and Faust's variant for a network in several parts). Links come strongest first, with the
    meetings behind each. `least_attending` lists every member of the filter (attended, invited, or a
    member of the filtered mechanism), fewest attended meetings first. Public: no credentials.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        track (GetCoParticipationTrackType0 | None | Unset): Only meetings of this track
        mechanism (None | str | Unset): Only meetings of this mechanism
        from_ (datetime.date | None | Unset): Only meetings held on or after this day
        to (datetime.date | None | Unset): Only meetings held on or before this day

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoParticipationRead | Problem]
    """

    kwargs = _get_kwargs(
        issue_area=issue_area,
        track=track,
        mechanism=mechanism,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    issue_area: None | str | Unset = UNSET,
    track: GetCoParticipationTrackType0 | None | Unset = UNSET,
    mechanism: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> CoParticipationRead | Problem | None:
    """Co Participation

     Who meets whom: the member x member network of the held meetings in the filter, weighted by the
    meetings both members attended (a meeting counts when it was held and both attended it).

    Per member: the meetings it attended, its degree (members it met), weighted degree (meetings
    attended
    together, summed over its links) and closeness centrality (networkx's `closeness_centrality`,
    Wasserman and Faust's variant for a network in several parts). Links come strongest first, with the
    meetings behind each. `least_attending` lists every member of the filter (attended, invited, or a
    member of the filtered mechanism), fewest attended meetings first. Public: no credentials.

    Args:
        issue_area (None | str | Unset): Only meetings on this issue area
        track (GetCoParticipationTrackType0 | None | Unset): Only meetings of this track
        mechanism (None | str | Unset): Only meetings of this mechanism
        from_ (datetime.date | None | Unset): Only meetings held on or after this day
        to (datetime.date | None | Unset): Only meetings held on or before this day

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoParticipationRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            issue_area=issue_area,
            track=track,
            mechanism=mechanism,
            from_=from_,
            to=to,
        )
    ).parsed
