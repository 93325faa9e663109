"""Every write of the meetings service refuses a caller who may not make it before it looks at the body:
a stranger learns nothing from a 422 about a meeting it may not run (issue #11)."""

from __future__ import annotations

import httpx
import pytest

from common.db import create_engine
from common.testing.authorisation import (
    Access,
    Callers,
    Walk,
    administrators_only,
    matrix_mismatches,
    open_to_all,
    scoped,
    table_routes,
    write_known_clients,
    write_routes,
)
from meetings.config import MeetingsSettings
from meetings.main import create_app
from support.meetings import (
    ADMIN,
    RegistryOnTheBus,
    meeting_body,
    problem_of,
    schedule,
    unique_area,
    unique_code,
)

pytestmark = pytest.mark.integration

# Every write of the meetings service needs a client: none is open.
OPEN_WRITES: dict[str, str] = {}


async def test_every_write_refuses_whoever_may_not_make_it_before_validating_the_body(
    meetings: httpx.AsyncClient, meetings_settings: MeetingsSettings, registry: RegistryOnTheBus
) -> None:
    own, other, area = unique_code(), unique_code(), unique_area()
    await registry.member(own)
    await registry.member(other)
    await registry.issue_area(area)
    theirs = await schedule(meetings, meeting_body(other, [area]))
    stranger = await registry.client(own, ["meetings:write"])
    scopeless = await registry.client(other, ["members:write"])
    routes = write_routes(create_app(meetings_settings), open_routes=OPEN_WRITES)

    walk = Walk(
        meetings,
        routes,
        path_values={"meeting_id": theirs["id"], "member_code": other},
        owners={"host_code": other, "member_code": other},
    )

    assert await walk({}) == {str(r): 401 for r in routes}
    assert await walk(scopeless) == {str(r): 403 for r in routes}
    assert await walk(stranger) == {str(r): 403 for r in routes}
    # The bodies were invalid indeed: an administrator, who may make every write, is told so.
    assert await walk(ADMIN, only_with_body=True) == {str(r): 422 for r in routes if r.has_body}


async def test_a_korean_client_scheduling_a_meeting_hosted_by_japan_is_refused_before_its_body_is_read(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    korea = await registry.client("KOR", ["meetings:write"])

    refused = await meetings.post("/v1/meetings", json={"host_code": "JPN", "title": 7}, headers=korea)

    assert problem_of(refused, 403)["field"] == "host_code"
    # A meeting Korea hosts, with the same invalid body, is judged on its content.
    own = await meetings.post("/v1/meetings", json={"host_code": "KOR", "title": 7}, headers=korea)
    assert problem_of(own, 422)["field"] == "title"


async def test_a_partner_cannot_record_as_held_a_meeting_another_member_hosts_whatever_it_sends(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    own, other, area = unique_code(), unique_code(), unique_area()
    await registry.member(own)
    await registry.member(other)
    await registry.issue_area(area)
    partner = await registry.client(own, ["meetings:write"])
    theirs = await schedule(meetings, meeting_body(other, [area], participants=[{"member_code": own}]))
    url = f"/v1/meetings/{theirs['id']}"

    held = await meetings.post(f"{url}/held", json={"attendance": "everyone"}, headers=partner)

    assert problem_of(held, 403)["field"] == "host_code"
    # ... while its own member's answer to the invitation is its to give, so the body is judged.
    answer = await meetings.patch(f"{url}/participants/{own}", json={"response": "maybe"}, headers=partner)
    assert problem_of(answer, 422)["field"] == "response"
    unknown = await meetings.post(
        "/v1/meetings/00000000-0000-0000-0000-000000000000/held", json={}, headers=partner
    )
    assert problem_of(unknown, 404)["field"] == "meeting_id"


PUBLIC = "meetings are public: who meets, where and when, and what they agreed"
# Every route of the meetings service and who may call it; a route missing here fails the matrix.
ACCESS: dict[str, Access] = {
    "GET /v1/meetings": open_to_all(PUBLIC),
    "GET /v1/meetings/{meeting_id}": open_to_all(PUBLIC),
    "GET /v1/meetings/{meeting_id}/participants": open_to_all(PUBLIC),
    "GET /v1/calendar.ics": open_to_all(PUBLIC + ", as a calendar feed"),
    # What the public meetings say, counted: who met whom, and who has stopped coming.
    "GET /v1/analytics/co-participation": open_to_all(PUBLIC + ", as a network"),
    "GET /v1/analytics/co-participation/growth": open_to_all(PUBLIC + ", as a network year by year"),
    "GET /v1/analytics/engagement": open_to_all(PUBLIC + ", as each member's attendance"),
    "GET /v1/analytics/engagement/{code}": open_to_all(PUBLIC + ", as one member's attendance"),
    # The host's client runs its meeting; an administrator any.
    "POST /v1/meetings": scoped(),
    "PATCH /v1/meetings/{meeting_id}": scoped(),
    "POST /v1/meetings/{meeting_id}/confirm": scoped(),
    "POST /v1/meetings/{meeting_id}/postpone": scoped(),
    "POST /v1/meetings/{meeting_id}/cancel": scoped(),
    "POST /v1/meetings/{meeting_id}/held": scoped(),
    "POST /v1/meetings/{meeting_id}/participants": scoped(),
    # A member answers its own invitation (the host may too).
    "PATCH /v1/meetings/{meeting_id}/participants/{member_code}": scoped(),
    "GET /v1/audit": administrators_only(),
}


async def test_every_route_answers_each_kind_of_caller_as_the_table_says(
    meetings: httpx.AsyncClient, meetings_settings: MeetingsSettings, registry: RegistryOnTheBus
) -> None:
    owner, another, area = unique_code(), unique_code(), unique_area()
    await registry.member(owner)
    await registry.member(another)
    await registry.issue_area(area)
    theirs = await schedule(meetings, meeting_body(owner, [area]))
    callers = Callers.of(owner=owner, another=another)
    engine = create_engine(meetings_settings.sqlalchemy_url)
    await write_known_clients(engine, callers.rows)
    await engine.dispose()
    routes = table_routes(create_app(meetings_settings), ACCESS)

    mismatches = await matrix_mismatches(
        meetings,
        routes,
        ACCESS,
        callers.headers(ADMIN),
        path_values={"meeting_id": theirs["id"], "member_code": owner, "code": owner},
        owners={"host_code": owner, "member_code": owner},
    )

    assert not mismatches, "\n".join(mismatches)
