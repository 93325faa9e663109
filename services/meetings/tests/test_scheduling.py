"""Scheduling meetings against the local read models of the registry, on real PostgreSQL and Kafka."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from meetings.config import MeetingsSettings
from support.meetings import (
    ADMIN,
    RegistryOnTheBus,
    events_about,
    meeting_body,
    problem_of,
    schedule,
    unique_area,
    unique_code,
    wait_for_events,
)

pytestmark = pytest.mark.integration


async def test_a_meeting_is_accepted_and_announced_from_the_read_model_while_the_registry_is_not_running(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    # Only the registry's events were ever published: no registry process runs in these tests.
    host, guest, area = unique_code(), unique_code(), unique_area("energy")
    mechanism = unique_code("M")
    await registry.member(host)
    await registry.member(guest, kind="institute")
    await registry.issue_area(area)
    await registry.mechanism(mechanism)

    body = meeting_body(
        host, [area], mechanism_code=mechanism, participants=[{"member_code": guest, "role": "guest"}]
    )
    answer = await meetings.post("/v1/meetings", json=body, headers=ADMIN)

    assert answer.status_code == 201, answer.text
    meeting = answer.json()
    assert answer.headers["location"] == f"/v1/meetings/{meeting['id']}"
    assert answer.headers["etag"] == '"1"'
    assert meeting["status"] == "planned"
    assert meeting["starts_at"] == "2015-11-04T00:00:00Z"
    assert meeting["meeting_date"] == "2015-11-04"
    assert [(p["member_code"], p["role"], p["response"]) for p in meeting["participants"]] == sorted(
        [(host, "host", "accepted"), (guest, "guest", "invited")]
    )
    [scheduled] = await wait_for_events(meetings_settings, meeting["id"], 1)
    assert scheduled.type == "org.neacoop.meetings.meeting.scheduled.v1"
    assert scheduled.data["meeting"]["meeting_id"] == meeting["id"]
    assert scheduled.data["meeting"]["mechanism_code"] == mechanism
    assert scheduled.data["meeting"]["version"] == 1

    fetched = await meetings.get(f"/v1/meetings/{meeting['id']}")
    assert fetched.json() == meeting
    assert fetched.headers["etag"] == '"1"'


async def test_unknown_members_mechanisms_and_issue_areas_are_refused_naming_the_field(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)

    cases = {
        "host_code": meeting_body(unique_code(), [area]),
        "participants.0.member_code": meeting_body(
            host, [area], participants=[{"member_code": unique_code()}]
        ),
        "mechanism_code": meeting_body(host, [area], mechanism_code="NO-SUCH-MECHANISM"),
        "issue_area_codes": meeting_body(host, [area, unique_area("unknown")]),
    }
    for field, body in cases.items():
        refused = problem_of(await meetings.post("/v1/meetings", json=body, headers=ADMIN), 422)
        assert refused["field"] == field, refused
        assert refused["type"] == "https://neacoop.org/problems/rule-violated"


async def test_a_locked_issue_area_is_refused_until_the_registrys_event_opens_it(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host = unique_code()
    await registry.member(host)
    locked = await registry.issue_area(unique_area("maritime_security"), open=False)
    body = meeting_body(host, [locked.code])

    refused = problem_of(await meetings.post("/v1/meetings", json=body, headers=ADMIN), 422)
    assert refused["field"] == "issue_area_codes"
    assert "locked" in refused["detail"]

    await registry.open_issue_area(locked)
    await schedule(meetings, body)


async def test_a_member_suspended_or_withdrawn_on_the_meeting_date_cannot_take_part(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, suspended, withdrawn, area = unique_code(), unique_code(), unique_code(), unique_area()
    await registry.member(host)
    await registry.member(
        suspended, history=[("participant", date(2000, 1, 1)), ("suspended", date(2016, 1, 1))]
    )
    await registry.member(
        withdrawn, history=[("participant", date(2000, 1, 1)), ("withdrawn", date(2016, 1, 1))]
    )
    await registry.issue_area(area)

    # 2015-12-31 20:00 UTC is already 2016-01-01 in Tokyo, the meeting's time zone: its date is the 1st.
    new_year = {
        "starts_at": "2015-12-31T20:00:00Z",
        "ends_at": "2016-01-01T08:00:00Z",
        "time_zone": "Asia/Tokyo",
    }
    for index, code in enumerate([suspended, withdrawn]):
        body = meeting_body(host, [area], participants=[{"member_code": code}], **new_year)
        refused = problem_of(await meetings.post("/v1/meetings", json=body, headers=ADMIN), 422)
        assert refused["field"] == "participants.0.member_code"
        assert refused["member_code"] == code
        assert refused["status_on_meeting_date"] == ["suspended", "withdrawn"][index]

    as_host = problem_of(
        await meetings.post("/v1/meetings", json=meeting_body(suspended, [area], **new_year), headers=ADMIN),
        422,
    )
    assert as_host["field"] == "host_code"

    # The same members took part before their status changed.
    earlier = meeting_body(
        host, [area], participants=[{"member_code": suspended}, {"member_code": withdrawn}]
    )
    meeting = await schedule(meetings, earlier)

    after_suspension = await schedule(meetings, meeting_body(host, [area], **new_year))
    later = await meetings.post(
        f"/v1/meetings/{after_suspension['id']}/participants",
        json={"participants": [{"member_code": suspended, "role": "observer"}]},
        headers=ADMIN,
    )
    assert problem_of(later, 422)["field"] == "participants.0.member_code"
    assert len(meeting["participants"]) == 3


async def test_bad_times_an_empty_issue_area_list_and_an_unknown_time_zone_are_refused_naming_the_field(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)

    end_before_start = meeting_body(host, [area], ends_at="2015-11-03T18:00:00+09:00")
    assert (
        problem_of(await meetings.post("/v1/meetings", json=end_before_start, headers=ADMIN), 422)["field"]
        == "ends_at"
    )

    cases = {
        "issue_area_codes": meeting_body(host, []),
        "starts_at": meeting_body(host, [area], starts_at="2015-11-04T09:00:00"),
        "time_zone": meeting_body(host, [area], time_zone="Asia/Atlantis"),
        "country_code": meeting_body(host, [area], country_code="Korea"),
        "title": meeting_body(host, [area], title={"ko": "포럼"}),
    }
    for field, body in cases.items():
        refused = problem_of(await meetings.post("/v1/meetings", json=body, headers=ADMIN), 422)
        assert refused["field"] == field, refused
        assert refused["type"] == "https://neacoop.org/problems/invalid-request"


async def test_writes_need_credentials_and_the_meetings_write_scope(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    reader = await registry.client(host, ["members:write"])
    body = meeting_body(host, [area])

    assert problem_of(await meetings.post("/v1/meetings", json=body), 401)["status"] == 401
    forbidden = problem_of(await meetings.post("/v1/meetings", json=body, headers=reader), 403)
    assert forbidden["required_scope"] == "meetings:write"
    meeting = await schedule(meetings, body)
    assert problem_of(await meetings.post(f"/v1/meetings/{meeting['id']}/confirm", headers=reader), 403)
    assert problem_of(await meetings.post(f"/v1/meetings/{meeting['id']}/confirm"), 401)


async def test_a_partner_schedules_and_runs_only_the_meetings_its_own_member_hosts(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    own, other, area = unique_code(), unique_code(), unique_area()
    await registry.member(own)
    await registry.member(other)
    await registry.issue_area(area)
    partner = await registry.client(own, ["meetings:write"])

    hosted = await schedule(
        meetings, meeting_body(own, [area], participants=[{"member_code": other}]), partner
    )
    refused = problem_of(
        await meetings.post("/v1/meetings", json=meeting_body(other, [area]), headers=partner), 403
    )
    assert refused["field"] == "host_code"

    others = await schedule(meetings, meeting_body(other, [area], participants=[{"member_code": own}]))
    assert problem_of(await meetings.post(f"/v1/meetings/{others['id']}/confirm", headers=partner), 403)
    # ... but it answers its own member's invitation to someone else's meeting.
    answered = await meetings.patch(
        f"/v1/meetings/{others['id']}/participants/{own}", json={"response": "accepted"}, headers=partner
    )
    assert answered.status_code == 200, answered.text
    assert (await meetings.post(f"/v1/meetings/{hosted['id']}/confirm", headers=partner)).status_code == 200


async def test_the_same_idempotency_key_returns_the_first_answer_and_another_body_with_it_is_refused(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus, meetings_settings: MeetingsSettings
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    headers = {**ADMIN, "Idempotency-Key": f"schedule-{host}"}
    body = meeting_body(host, [area])

    first = await meetings.post("/v1/meetings", json=body, headers=headers)
    again = await meetings.post("/v1/meetings", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"

    other = problem_of(
        await meetings.post("/v1/meetings", json={**body, "city": "Busan"}, headers=headers), 422
    )
    assert other["field"] == "Idempotency-Key"

    listed = (await meetings.get("/v1/meetings", params={"member": host})).json()["items"]
    assert [m["id"] for m in listed] == [first.json()["id"]]
    # A later event about the meeting shows the relay is past the scheduling; still one `scheduled`.
    confirm_headers = {**ADMIN, "Idempotency-Key": f"confirm-{host}"}
    meeting_id = first.json()["id"]
    for _ in range(2):
        confirmed = await meetings.post(f"/v1/meetings/{meeting_id}/confirm", headers=confirm_headers)
        assert confirmed.status_code == 200, confirmed.text
    events = await wait_for_events(meetings_settings, meeting_id, 2)
    assert [e.type.split(".")[-2] for e in events] == ["scheduled", "confirmed"]
    assert len(await events_about(meetings_settings, meeting_id)) == 2


async def test_a_country_iso_did_not_assign_and_a_zone_iana_does_not_name_are_refused_on_create_and_patch(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    host, area = unique_code(), unique_area()
    await registry.member(host)
    await registry.issue_area(area)
    bad = {"country_code": "ZZZ", "time_zone": "right/Asia/Seoul"}

    for field, value in bad.items():
        body = meeting_body(host, [area], **{field: value})
        refused = problem_of(await meetings.post("/v1/meetings", json=body, headers=ADMIN), 422)
        assert (refused["field"], refused["type"]) == (field, "https://neacoop.org/problems/invalid-request")
    assert (await meetings.get("/v1/meetings", params={"member": host})).json()["items"] == []

    meeting = await schedule(meetings, meeting_body(host, [area]))
    path = f"/v1/meetings/{meeting['id']}"
    for field, value in bad.items():
        refused = problem_of(await meetings.patch(path, json={field: value}, headers=ADMIN), 422)
        assert refused["field"] == field
    unchanged = (await meetings.get(path)).json()
    assert (unchanged["country_code"], unchanged["time_zone"], unchanged["version"]) == (
        "KOR",
        "Asia/Seoul",
        1,
    )
    feed = await meetings.get("/v1/calendar.ics", params={"member": host})
    assert feed.status_code == 200, feed.text
    assert "KOR" in feed.text
    assert "ZZZ" not in feed.text
