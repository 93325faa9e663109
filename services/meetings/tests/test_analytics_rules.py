"""The co-participation network and engagement (meetings.analytics.domain) on plain values: no database, no
broker. The TRM+ story, the measures networkx gives, the growth year by year, the engagement thresholds
and the 2011-2014 history of the reference file."""

from __future__ import annotations

from datetime import date

import pytest

from common.testing.history import historic_meetings, load_reference
from meetings.analytics.domain import (
    EngagementRule,
    HeldMeeting,
    Membership,
    changed,
    counts_for,
    growth,
    judge,
    months_before,
    network,
    rule,
)

TRM_PLUS = frozenset({"KOR", "JPN", "CHN", "USA", "RUS"})
RULE = EngagementRule(version=1, lapsing_after_months=12, lapsed_after_months=24, counts="test")


def held(
    meeting_id: str, on: date, attendees: set[str] | frozenset[str], mechanism: str | None = None
) -> HeldMeeting:
    return HeldMeeting(id=meeting_id, held_on=on, mechanism_code=mechanism, attendees=frozenset(attendees))


STORY = [
    held("trm-plus-1", date(2013, 10, 28), TRM_PLUS, "TRM+"),
    held("trm-plus-2", date(2014, 5, 20), TRM_PLUS, "TRM+"),
    held("summit-mng", date(2014, 7, 1), {"KOR", "MNG"}),
]


def test_two_trm_plus_meetings_link_the_five_states_with_weight_two_and_name_both_meetings() -> None:
    story = network(STORY[:2])

    assert len(story.links) == 10
    assert {link.weight for link in story.links} == {2}
    assert all(link.meetings == ["trm-plus-1", "trm-plus-2"] for link in story.links)
    assert [link.members for link in story.links][:2] == [("CHN", "JPN"), ("CHN", "KOR")]
    assert {(m.code, m.meetings, m.degree, m.weighted_degree, m.centrality) for m in story.members} == {
        (code, 2, 4, 8, 1.0) for code in TRM_PLUS
    }


def test_a_member_met_by_one_only_has_degree_one_and_is_least_central() -> None:
    story = network(STORY)

    measures = {m.code: m for m in story.members}
    assert story.members[0].code == "KOR"  # the most co-participation: 8 with TRM+, 1 with Mongolia
    assert (measures["KOR"].degree, measures["KOR"].weighted_degree) == (5, 9)
    assert (measures["MNG"].meetings, measures["MNG"].degree, measures["MNG"].weighted_degree) == (1, 1, 1)
    assert measures["KOR"].centrality == 1.0
    # Closeness: Mongolia is one step from Korea and two from the four others, 5 / 9.
    assert measures["MNG"].centrality == pytest.approx(5 / 9, abs=1e-4)
    assert story.links[-1].members == ("KOR", "MNG")


def test_least_attending_lists_the_members_of_the_filter_that_never_attended_first() -> None:
    story = network(STORY, members_of_filter={"PRK", "KOR"})

    assert story.least_attending[:2] == ["PRK", "MNG"]
    assert story.least_attending[-1] == "KOR"


def test_an_empty_network_has_no_members_links_or_years() -> None:
    empty = network([], members_of_filter={"MNG"})

    assert (empty.members, empty.links, empty.least_attending) == ([], [], ["MNG"])
    assert growth([]) == []


def test_growth_is_the_cumulative_network_at_the_end_of_each_year_with_empty_years_kept() -> None:
    grown = growth([held("2011", date(2011, 9, 1), {"KOR"}), *STORY])

    assert [(y.year, y.meetings, y.members, y.links, y.weight) for y in grown] == [
        (2011, 1, 1, 0, 0),
        (2012, 1, 1, 0, 0),
        (2013, 2, 5, 10, 10),
        (2014, 4, 6, 11, 21),
    ]


def test_a_member_is_active_lapsing_then_lapsed_as_time_passes_without_a_meeting() -> None:
    meetings = STORY[:2]

    def on(day: date) -> tuple[str, list[str]]:
        judged = judge("RUS", meetings, {}, day, RULE)
        return judged.engagement, judged.justified_by

    assert on(date(2014, 5, 21)) == ("active", ["trm-plus-1", "trm-plus-2"])
    assert on(date(2014, 11, 1)) == ("active", ["trm-plus-2"])
    assert on(date(2015, 5, 20)) == ("lapsing", ["trm-plus-2"])  # twelve months to the day
    assert on(date(2016, 5, 19)) == ("lapsing", ["trm-plus-2"])
    assert on(date(2016, 5, 20)) == ("lapsed", ["trm-plus-2"])
    assert judge("RUS", meetings, {}, date(2016, 5, 20), RULE).last_attended == meetings[1]


def test_a_member_that_never_attended_is_lapsed_and_meetings_after_the_day_do_not_count() -> None:
    never = judge("PRK", STORY, {}, date(2015, 1, 1), RULE)
    assert (never.engagement, never.last_attended, never.justified_by) == ("lapsed", None, [])
    before = judge("MNG", STORY, {}, date(2014, 6, 30), RULE)
    assert before.engagement == "lapsed"


def test_only_the_meetings_of_a_members_mechanisms_count_toward_its_engagement() -> None:
    trm = held("trm", date(2014, 1, 10), {"KOR", "USA"}, "TRM")
    memberships = {
        "TRM": [Membership("KOR", date(1999, 1, 1), None), Membership("JPN", None, date(2013, 1, 1))]
    }

    assert counts_for("KOR", trm, memberships)
    assert not counts_for("USA", trm, memberships)  # attended as a guest of a mechanism it is not in
    assert not counts_for("JPN", held("later", date(2014, 1, 10), {"JPN"}, "TRM"), memberships)
    # No mechanism, or one whose members the registry does not list: whoever attended.
    assert counts_for("USA", held("summit", date(2014, 1, 10), {"USA"}), memberships)
    assert counts_for("USA", held("gti", date(2014, 1, 10), {"USA"}, "GTI"), memberships)
    assert not counts_for("CHN", trm, memberships)


def test_an_unchanged_engagement_is_not_a_change() -> None:
    judged = judge("RUS", STORY, {}, date(2014, 6, 1), RULE)

    assert not changed("active", judged)
    assert changed("lapsing", judged)
    assert changed(None, judged)


def test_months_before_keeps_the_day_or_takes_the_shorter_months_last() -> None:
    assert months_before(date(2015, 5, 20), 12) == date(2014, 5, 20)
    assert months_before(date(2015, 3, 31), 1) == date(2015, 2, 28)
    assert months_before(date(2016, 1, 15), 13) == date(2014, 12, 15)
    assert months_before(date(1, 6, 1), 12) == date.min


def test_the_published_rule_lapses_after_twelve_months_and_is_lapsed_after_twenty_four() -> None:
    published = rule()

    assert (published.version, published.lapsing_after_months, published.lapsed_after_months) == (1, 12, 24)
    with pytest.raises(ValueError, match="longer"):
        EngagementRule(version=1, lapsing_after_months=12, lapsed_after_months=12, counts="")


def reference_network() -> list[HeldMeeting]:
    return [
        held(
            meeting.title,
            meeting.held_on,
            {a["member_code"] for a in meeting.held["attendance"] if a["attendance"] == "attended"},
            meeting.schedule["mechanism_code"],
        )
        for meeting in historic_meetings(load_reference())
    ]


def test_in_the_2011_2014_history_korea_meets_most_and_china_korea_is_the_strongest_pair() -> None:
    history = network(reference_network())

    # Three pairs tie at three meetings together; the answer orders them by code.
    assert [(link.members, link.weight) for link in history.links[:3]] == [
        (("CHN", "KOR"), 3),
        (("KOR", "RUS"), 3),
        (("KOR", "USA"), 3),
    ]
    assert history.links[3].weight == 2
    top = history.members[0]
    assert (top.code, top.degree, top.weighted_degree) == ("KOR", 7, 14)
