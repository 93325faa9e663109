"""`/v1/analytics` on real PostgreSQL and Kafka: the co-participation network with its filters, measures,
least attending members and growth; bad filters as problems; engagement as of a day, and its changes
announced once each, lapsing with a clock the test controls; the 2011-2014 history of the reference file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from common.testing import history
from common.testing.fixtures import eventually, running_app
from meetings.analytics.sweep import EngagementSweep
from meetings.config import MeetingsSettings
from meetings.main import create_app
from support.meetings import (
    ADMIN,
    RegistryOnTheBus,
    confirm,
    engagement_events,
    meeting_body,
    problem_of,
    schedule,
    unique_area,
    unique_code,
)

pytestmark = pytest.mark.integration


async def held_meeting(
    meetings: httpx.AsyncClient,
    host: str,
    attended: list[str],
    *,
    on: str,
    areas: list[str],
    absent: Sequence[str] = (),
    **details: Any,
) -> str:
    """A meeting scheduled, confirmed and held on `on`, attended by the host and `attended`."""
    body = meeting_body(
        host,
        areas,
        starts_at=f"{on}T09:00:00+09:00",
        ends_at=f"{on}T18:00:00+09:00",
        participants=[{"member_code": code, "role": "participant"} for code in [*attended, *absent]],
        **details,
    )
    meeting_id = str((await schedule(meetings, body))["id"])
    await confirm(meetings, meeting_id)
    record = {
        "attendance": [{"member_code": code, "attendance": "attended"} for code in [host, *attended]]
        + [{"member_code": code, "attendance": "absent"} for code in absent],
        "outcomes": [],
        "summary": "held",
    }
    answer = await meetings.post(f"/v1/meetings/{meeting_id}/held", json=record, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return meeting_id


@dataclass
class Story:
    """Five members A..E and a sixth, F, invited and never attending: two meetings of mechanism X on area
    one (A, B, C), a Track 1.5 meeting of no mechanism on area two (A, D), and E, a member of X, never
    invited."""

    codes: dict[str, str]
    mechanism: str
    areas: tuple[str, str]
    meetings: list[str]


@pytest.fixture
async def story(meetings: httpx.AsyncClient, registry: RegistryOnTheBus) -> Story:
    codes = {name: unique_code(name) for name in "ABCDEF"}
    for code in codes.values():
        await registry.member(code)
    mechanism = unique_code("X")
    await registry.mechanism(mechanism, {codes[name]: date(2010, 1, 1) for name in "ABCE"})
    one, two = unique_area("one"), unique_area("two")
    await registry.issue_area(one)
    await registry.issue_area(two)
    a, b, c, d, f = (codes[name] for name in "ABCDF")
    ids = [
        await held_meeting(
            meetings, a, [b, c], absent=[f], on="2013-10-28", areas=[one], mechanism_code=mechanism
        ),
        await held_meeting(meetings, a, [b, c], on="2014-05-20", areas=[one], mechanism_code=mechanism),
        await held_meeting(meetings, a, [d], on="2015-03-01", areas=[two], track="1.5", level="expert"),
    ]
    return Story(codes=codes, mechanism=mechanism, areas=(one, two), meetings=ids)


async def network(meetings: httpx.AsyncClient, **filters: str) -> dict[str, Any]:
    answer = await meetings.get("/v1/analytics/co-participation", params=filters)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def test_the_network_links_the_members_that_attended_together_weighted_by_their_meetings(
    meetings: httpx.AsyncClient, story: Story
) -> None:
    a, b, c, d, e, f = (story.codes[name] for name in "ABCDEF")

    whole = await network(meetings)

    assert whole["period"] == {"from": None, "to": None}
    assert whole["centrality_measure"] == "closeness"
    links = {tuple(link["members"]): link for link in whole["links"]}
    assert {pair: link["weight"] for pair, link in links.items()} == {
        tuple(sorted((a, b))): 2,
        tuple(sorted((a, c))): 2,
        tuple(sorted((b, c))): 2,
        tuple(sorted((a, d))): 1,
    }
    assert set(links[tuple(sorted((b, c)))]["meetings"]) == set(story.meetings[:2])
    assert [link["weight"] for link in whole["links"]] == [2, 2, 2, 1]
    members = {m["code"]: m for m in whole["members"]}
    assert whole["members"][0]["code"] == a
    assert {k: members[a][k] for k in ("meetings", "degree", "weighted_degree", "centrality")} == {
        "meetings": 3,
        "degree": 3,
        "weighted_degree": 5,
        "centrality": 1.0,
    }
    assert (members[d]["meetings"], members[d]["degree"], members[d]["weighted_degree"]) == (1, 1, 1)
    assert members[d]["centrality"] < members[b]["centrality"] < members[a]["centrality"]
    # F was invited and never attended: first of the least attending; E was never invited.
    assert whole["least_attending"][0] == f
    assert e not in whole["least_attending"]
    assert whole["least_attending"][-1] == a


async def test_each_filter_narrows_the_meetings_counted_and_is_echoed(
    meetings: httpx.AsyncClient, story: Story
) -> None:
    a, b, c, d, e, f = (story.codes[name] for name in "ABCDEF")
    one, two = story.areas

    def pairs(found: dict[str, Any]) -> dict[tuple[str, ...], int]:
        return {tuple(link["members"]): link["weight"] for link in found["links"]}

    by_mechanism = await network(meetings, mechanism=story.mechanism)
    assert set(pairs(by_mechanism).values()) == {2}
    assert len(pairs(by_mechanism)) == 3
    # The mechanism's members are members of the filter: E, who never attended, comes first with F.
    assert set(by_mechanism["least_attending"][:2]) == {e, f}
    assert by_mechanism["filters"] == {
        "issue_area": None,
        "track": None,
        "mechanism": story.mechanism,
        "from": None,
        "to": None,
    }
    assert pairs(await network(meetings, issue_area=two)) == {tuple(sorted((a, d))): 1}
    assert pairs(await network(meetings, track="1.5")) == {tuple(sorted((a, d))): 1}
    in_2014 = await network(meetings, **{"from": "2014-01-01", "to": "2014-12-31"})
    assert in_2014["period"] == {"from": "2014-01-01", "to": "2014-12-31"}
    assert set(pairs(in_2014).values()) == {1}
    assert {m["code"] for m in in_2014["members"]} == {a, b, c}
    nothing = await network(meetings, issue_area=one, track="2")
    assert (nothing["members"], nothing["links"], nothing["least_attending"]) == ([], [], [])


async def test_the_network_grows_year_by_year(meetings: httpx.AsyncClient, story: Story) -> None:
    answer = await meetings.get("/v1/analytics/co-participation/growth")
    assert answer.status_code == 200, answer.text

    assert answer.json()["years"] == [
        {"year": 2013, "meetings": 1, "members": 3, "links": 3, "weight": 3},
        {"year": 2014, "meetings": 2, "members": 3, "links": 3, "weight": 6},
        {"year": 2015, "meetings": 3, "members": 4, "links": 4, "weight": 7},
    ]
    only_two = await meetings.get(
        "/v1/analytics/co-participation/growth", params={"issue_area": story.areas[1]}
    )
    assert only_two.json()["years"] == [{"year": 2015, "meetings": 1, "members": 2, "links": 1, "weight": 1}]


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/v1/analytics/co-participation", {"mechanism": "NO-SUCH"}, 422, "mechanism"),
        ("/v1/analytics/co-participation", {"issue_area": "no_such_area"}, 422, "issue_area"),
        ("/v1/analytics/co-participation", {"track": "3"}, 422, "track"),
        ("/v1/analytics/co-participation", {"from": "2014-13-01"}, 422, "from"),
        ("/v1/analytics/co-participation", {"from": "2015-01-01", "to": "2014-01-01"}, 422, "to"),
        ("/v1/analytics/co-participation", {"member": "KOR"}, 422, "member"),
        ("/v1/analytics/co-participation/growth", {"mechanism": "NO-SUCH"}, 422, "mechanism"),
        ("/v1/analytics/co-participation/growth", {"to": "yesterday"}, 422, "to"),
        ("/v1/analytics/engagement", {"as_of": "2014-02-30"}, 422, "as_of"),
        ("/v1/analytics/engagement/NO-SUCH", {}, 404, "code"),
    ],
)
async def test_a_bad_filter_is_a_problem_naming_the_field(
    meetings: httpx.AsyncClient, path: str, params: dict[str, str], status: int, field: str
) -> None:
    problem = problem_of(await meetings.get(path, params=params), status)

    assert problem["field"] == field


async def test_engagement_as_of_a_day_is_judged_from_the_meetings_each_member_attended(
    meetings: httpx.AsyncClient, story: Story
) -> None:
    a, b, c, d, f = (story.codes[name] for name in "ABCDF")

    async def as_of(day: str) -> dict[str, Any]:
        answer = await meetings.get("/v1/analytics/engagement", params={"as_of": day})
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        assert found["as_of"] == day
        assert found["rule"]["lapsing_after_months"] == 12
        return {m["code"]: m for m in found["members"]}

    in_2014 = await as_of("2014-12-31")
    assert in_2014[b] == {
        "code": b,
        "engagement": "active",
        "last_attended": {"meeting": story.meetings[1], "on": "2014-05-20"},
        "justified_by": [story.meetings[1]],
    }
    assert in_2014[d]["engagement"] == "lapsed"  # not yet met: its first meeting is in 2015
    assert in_2014[f] == {"code": f, "engagement": "lapsed", "last_attended": None, "justified_by": []}
    in_2015 = await as_of("2015-06-01")
    assert (in_2015[b]["engagement"], in_2015[b]["justified_by"]) == ("lapsing", [story.meetings[1]])
    assert (in_2015[a]["engagement"], in_2015[a]["justified_by"]) == ("active", [story.meetings[2]])
    assert (await as_of("2016-05-20"))[c]["engagement"] == "lapsed"
    one = await meetings.get(f"/v1/analytics/engagement/{d}", params={"as_of": "2015-06-01"})
    assert one.status_code == 200, one.text
    assert one.json() == {
        "code": d,
        "engagement": "active",
        "last_attended": {"meeting": story.meetings[2], "on": "2015-03-01"},
        "justified_by": [story.meetings[2]],
        "as_of": "2015-06-01",
    }


class Clock:
    """Today, as the test says."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@dataclass
class Clocked:
    meetings: httpx.AsyncClient
    registry: RegistryOnTheBus
    clock: Clock
    sweep: EngagementSweep
    settings: MeetingsSettings


@pytest.fixture
async def clocked(meetings_settings: MeetingsSettings) -> AsyncIterator[Clocked]:
    """The meetings service on a clock the test moves, sweeping every fifth of a second."""
    settings = meetings_settings.model_copy(update={"engagement_sweep_interval_seconds": 0.2})
    clock = Clock(date(2015, 11, 10))
    app = create_app(settings, today=clock)
    async with running_app(app) as client:
        runtime = app.state.runtime
        sweep = EngagementSweep(uow=runtime.uow, outbox=runtime.outbox, interval_seconds=1.0, today=clock)
        yield Clocked(client, RegistryOnTheBus(settings), clock, sweep, settings)


async def test_a_member_lapses_with_time_alone_and_each_change_is_announced_once(clocked: Clocked) -> None:
    host, member = unique_code("H"), unique_code("M")
    await clocked.registry.member(host)
    await clocked.registry.member(member)
    area = unique_area()
    await clocked.registry.issue_area(area)
    meeting_id = await held_meeting(clocked.meetings, host, [member], on="2015-11-04", areas=[area])

    async def announced(count: int) -> list[dict[str, Any]] | None:
        events = await engagement_events(clocked.settings, member)
        return [e.data for e in events] if len(events) >= count else None

    # Recording the attendance judged it: active, the first judgement.
    first = (await eventually(lambda: announced(1), what="the first judgement"))[0]
    assert (first["engagement"], first["previous_engagement"]) == ("active", None)
    assert first["last_attended"] == {"meeting": meeting_id, "on": "2015-11-04"}
    assert first["justified_by"] == [meeting_id]

    # A year on, with no meeting since, the sweep finds it lapsing; another year, lapsed.
    clocked.clock.today = date(2016, 11, 4)
    second = (await eventually(lambda: announced(2), what="lapsing by the sweep"))[1]
    assert (second["engagement"], second["previous_engagement"], second["as_of"]) == (
        "lapsing",
        "active",
        "2016-11-04",
    )
    clocked.clock.today = date(2017, 11, 4)
    third = (await eventually(lambda: announced(3), what="lapsed by the sweep"))[2]
    assert (third["engagement"], third["previous_engagement"], third["version"]) == ("lapsed", "lapsing", 3)

    # Judged again, nothing changed: nothing is written or announced.
    assert [c for c in await clocked.sweep.sweep() if c.member_code == member] == []
    assert len(await engagement_events(clocked.settings, member)) == 3
    answer = await clocked.meetings.get(f"/v1/analytics/engagement/{member}")
    assert (answer.json()["engagement"], answer.json()["as_of"]) == ("lapsed", "2017-11-04")


async def test_the_2011_2014_history_has_china_and_korea_as_its_strongest_pair_and_korea_meeting_most(
    meetings: httpx.AsyncClient, registry: RegistryOnTheBus
) -> None:
    reference = history.load_reference()
    await registry.reference(reference)
    for meeting in history.historic_meetings(reference):
        meeting_id = await history.schedule(meetings, meeting, ADMIN)
        await history.hold(meetings, meeting_id, meeting, ADMIN)

    found = await network(meetings)

    # Three pairs attended three meetings together (the summit and both TRM+ meetings); the answer
    # orders a tie by the members' codes, so China and Korea come first.
    assert [(link["members"], link["weight"]) for link in found["links"][:4]] == [
        (["CHN", "KOR"], 3),
        (["KOR", "RUS"], 3),
        (["KOR", "USA"], 3),
        (["CHN", "JPN"], 2),
    ]
    top = found["members"][0]
    assert (top["code"], top["meetings"], top["degree"], top["weighted_degree"]) == ("KOR", 20, 7, 14)
    grown = (await meetings.get("/v1/analytics/co-participation/growth")).json()["years"]
    assert [year["year"] for year in grown] == [2011, 2012, 2013, 2014]
    assert grown[-1]["meetings"] == len(reference["history"])
