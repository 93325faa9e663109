"""The meeting's lifecycle, its details, its participants and the list, on real PostgreSQL and Kafka."""

from __future__ import annotations

import httpx
import pytest

from meetings.config import MeetingsSettings
from support.meetings import (
    ADMIN,
    RegistryOnTheBus,
    confirm,
    meeting_body,
    problem_of,
    schedule,
    short_types,
    unique_area,
    unique_code,
    wait_for_events,
)

pytestmark = pytest.mark.integration


async def test_a_meeting_is_postponed_confirmed_again_and_cancelled_with_every_transition_announced_in_order(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    meeting = await schedule(meetings, meeting_body(host, [area]))
    path = f"/v1/meetings/{meeting['id']}"

    await confirm(meetings, meeting["id"])
    new_dates = {"starts_at": "2016-03-01T09:00:00+09:00", "ends_at": "2016-03-01T18:00:00+09:00"}
    postponed = await meetings.post(
        f"{path}/postpone", json={**new_dates, "reason": "typhoon"}, headers=ADMIN
    )
    assert postponed.status_code == 200, postponed.text
    assert postponed.json()["status"] == "postponed"
    assert postponed.json()["starts_at"] == "2016-03-01T00:00:00Z"
    assert postponed.json()["status_reason"] == "typhoon"
    again = await meetings.post(
        f"{path}/postpone", json={**new_dates, "reason": "still typhoon"}, headers=ADMIN
    )
    assert again.status_code == 200, again.text
    await confirm(meetings, meeting["id"])
    cancelled = await meetings.post(f"{path}/cancel", json={"reason": "agenda withdrawn"}, headers=ADMIN)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["version"] == 6

    events = await wait_for_events(meetings_settings, meeting["id"], 6)
    assert short_types(events) == [
        "scheduled",
        "confirmed",
        "postponed",
        "postponed",
        "confirmed",
        "cancelled",
    ]
    assert [e.data["meeting"]["version"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[2].data["previous_starts_at"] == "2015-11-04T00:00:00Z"
    assert events[5].data["reason"] == "agenda withdrawn"
    assert events[5].data["meeting"]["status"] == "cancelled"


async def test_invalid_transitions_are_refused_naming_the_allowed_ones(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    meeting = await schedule(meetings, meeting_body(host, [area]))
    path = f"/v1/meetings/{meeting['id']}"
    held = {"attendance": [{"member_code": host, "attendance": "attended"}], "summary": "met"}

    from_planned = problem_of(await meetings.post(f"{path}/held", json=held, headers=ADMIN), 409)
    assert from_planned["allowed"] == ["confirmed", "postponed", "cancelled"]
    assert from_planned["current_status"] == "planned"
    await confirm(meetings, meeting["id"])
    assert problem_of(await meetings.post(f"{path}/confirm", headers=ADMIN), 409)["allowed"] == [
        "held",
        "postponed",
        "cancelled",
    ]
    assert (
        await meetings.post(f"{path}/cancel", json={"reason": "no quorum"}, headers=ADMIN)
    ).status_code == 200
    for action, body in [("confirm", None), ("cancel", {"reason": "twice"}), ("held", held)]:
        final = problem_of(await meetings.post(f"{path}/{action}", json=body, headers=ADMIN), 409)
        assert final["allowed"] == []
        assert final["field"] == "status"
    assert problem_of(await meetings.patch(path, json={"city": "Busan"}, headers=ADMIN), 409)["allowed"] == []


async def test_details_change_with_if_match_and_a_stale_etag_is_refused(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    host, area, second_area = unique_code(), unique_area(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    await registry.issue_area(second_area)
    locked = await registry.issue_area(unique_area("locked"), open=False)
    meeting = await schedule(meetings, meeting_body(host, [area]))
    path = f"/v1/meetings/{meeting['id']}"

    changes = {"city": "Busan", "issue_area_codes": [area, second_area], "title": {"en": "NAPCI forum, 2nd"}}
    changed = await meetings.patch(path, json=changes, headers={**ADMIN, "If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == '"2"'
    assert changed.json()["city"] == "Busan"
    assert changed.json()["issue_area_codes"] == [area, second_area]
    assert changed.json()["country_code"] == "KOR"

    stale = problem_of(
        await meetings.patch(path, json={"city": "Jeju"}, headers={**ADMIN, "If-Match": '"1"'}), 412
    )
    assert stale["current_version"] == 2
    ends_early = problem_of(
        await meetings.patch(path, json={"ends_at": "2015-11-01T00:00:00Z"}, headers=ADMIN), 422
    )
    assert ends_early["field"] == "ends_at"
    assert (
        problem_of(await meetings.patch(path, json={"issue_area_codes": [locked.code]}, headers=ADMIN), 422)[
            "field"
        ]
        == "issue_area_codes"
    )
    assert problem_of(await meetings.patch(path, json={"city": None}, headers=ADMIN), 422)["field"] == "city"

    events = await wait_for_events(meetings_settings, meeting["id"], 2)
    assert short_types(events) == ["scheduled", "updated"]
    assert events[1].data["meeting"]["city"] == "Busan"
    assert (await meetings.get(path)).headers["etag"] == '"2"'


async def test_members_are_invited_with_a_role_and_their_answers_recorded(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    host, guest, observer, area = unique_code(), unique_code(), unique_code(), unique_area()
    for code in (host, guest, observer):
        await registry.member(code)
    await registry.issue_area(area)
    meeting = await schedule(meetings, meeting_body(host, [area]))
    path = f"/v1/meetings/{meeting['id']}/participants"

    invited = await meetings.post(
        path,
        json={
            "participants": [
                {"member_code": guest, "role": "guest"},
                {"member_code": observer, "role": "observer"},
            ]
        },
        headers=ADMIN,
    )
    assert invited.status_code == 201, invited.text
    assert {(p["member_code"], p["role"], p["response"]) for p in invited.json()} == {
        (host, "host", "accepted"),
        (guest, "guest", "invited"),
        (observer, "observer", "invited"),
    }
    declined = await meetings.patch(f"{path}/{observer}", json={"response": "declined"}, headers=ADMIN)
    assert declined.status_code == 200, declined.text
    listed = (await meetings.get(path)).json()
    assert next(p for p in listed if p["member_code"] == observer)["response"] == "declined"

    twice = problem_of(
        await meetings.post(path, json={"participants": [{"member_code": guest}]}, headers=ADMIN), 409
    )
    assert twice["field"] == "participants.0.member_code"
    as_host = await meetings.post(
        path, json={"participants": [{"member_code": unique_code(), "role": "host"}]}, headers=ADMIN
    )
    assert problem_of(as_host, 422)["field"] == "participants.0.role"
    not_invited = await meetings.patch(
        f"{path}/{unique_code()}", json={"response": "accepted"}, headers=ADMIN
    )
    assert problem_of(not_invited, 404)["field"] == "member_code"

    events = await wait_for_events(meetings_settings, meeting["id"], 3)
    assert short_types(events) == ["scheduled", "participants_changed", "participants_changed"]
    assert len(events[2].data["meeting"]["participants"]) == 3


async def test_meetings_are_listed_by_start_filtered_and_paged_with_a_cursor(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, other, area, other_area = unique_code(), unique_code(), unique_area(), unique_area()
    mechanism = unique_code("M")
    for code in (host, other):
        await registry.member(code)
    await registry.issue_area(area)
    await registry.issue_area(other_area)
    await registry.mechanism(mechanism)
    starts = ["2014-10-28T01:00:00+08:00", "2015-04-01T09:00:00+09:00", "2016-06-01T09:00:00+09:00"]
    scheduled = []
    for start in starts:
        scheduled.append(
            await schedule(
                meetings, meeting_body(host, [area], starts_at=start, ends_at="2016-12-31T00:00:00Z")
            )
        )
    track2 = await schedule(
        meetings,
        meeting_body(
            other,
            [other_area, area],
            track="2",
            mechanism_code=mechanism,
            participants=[{"member_code": host}],
        ),
    )
    await confirm(meetings, track2["id"])

    first = (await meetings.get("/v1/meetings", params={"issue_area": area, "limit": 2})).json()
    second = (
        await meetings.get(
            "/v1/meetings", params={"issue_area": area, "cursor": first["next_cursor"], "limit": 2}
        )
    ).json()
    assert [m["id"] for m in first["items"] + second["items"]] == [
        scheduled[0]["id"],
        scheduled[1]["id"],
        track2["id"],
        scheduled[2]["id"],
    ]
    assert second["next_cursor"] is None

    async def ids(**params: str) -> list[str]:
        answer = await meetings.get("/v1/meetings", params=params)
        assert answer.status_code == 200, answer.text
        return [m["id"] for m in answer.json()["items"]]

    assert await ids(issue_area=other_area) == [track2["id"]]
    assert await ids(mechanism=mechanism) == [track2["id"]]
    assert await ids(member=other) == [track2["id"]]
    assert await ids(member=host, track="2") == [track2["id"]]
    assert await ids(issue_area=area, status="confirmed") == [track2["id"]]
    # The first starts at 02:00 on 2014-10-28 in Seoul, 17:00 the day before in UTC: its date is the 28th.
    assert await ids(issue_area=area, **{"from": "2014-10-28", "to": "2015-12-31"}) == [
        scheduled[0]["id"],
        scheduled[1]["id"],
        track2["id"],
    ]
    assert await ids(issue_area=area, **{"from": "2015-01-01", "to": "2015-04-01"}) == [scheduled[1]["id"]]
    problem_of(await meetings.get("/v1/meetings", params={"cursor": "not-a-cursor"}), 422)
