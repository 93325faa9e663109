"""The rules of subscriptions, with no database and no broker: which events a subscription's filters
accept (by event type, issue area, member, mechanism and track), who may manage a subscription or read
an inbox, and which secrets sign while one is rotated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from common.auth import ADMIN_SCOPE, Principal
from common.contracts import CATALOG
from common.contracts.notifications import DeliveryDead, DeliveryState
from common.contracts.registry import IssueAreaOpened, IssueAreaState
from common.errors import RuleViolated
from notifications.models import Subscription
from notifications.subscriptions.domain import (
    Filters,
    active_secrets,
    facets_of,
    matching,
    may_manage,
    may_read_inbox,
    owned_by,
    rotated,
)
from support.notifications import HELD, STAGE_ADVANCED, decision, meeting_held, stage_advanced

NOW = datetime(2015, 11, 4, 9, 0, tzinfo=UTC)
DECISION = CATALOG.for_data_type(type(decision("nuclear_safety", ["KOR"]))).type
OPENED = CATALOG.for_data_type(IssueAreaOpened).type


def subscription(
    *, subscriber: str = "KOR", member_code: str | None = "KOR", **filters: list[str]
) -> Subscription:
    return Subscription(
        id=f"sub-{subscriber}-{sorted(filters.items())}",
        subscriber=subscriber,
        member_code=member_code,
        channel="webhook",
        filters=Filters.model_validate(filters).model_dump(),
        active=True,
    )


def accepts(event_type: str, facets: dict[str, list[str]], **filters: list[str]) -> bool:
    return Filters.model_validate(filters).matches(event_type, facets)


# --- Facets: what an event is filtered on -----------------------------------------------------------


def test_a_meeting_is_filtered_on_its_issue_areas_host_and_guests_mechanism_and_tracks() -> None:
    held = meeting_held(areas=["nuclear_safety", "energy"], host="KOR", guests=["JPN"], mechanism="TRM+")

    assert facets_of(held) == {
        "issue_areas": ["energy", "nuclear_safety"],
        "members": ["JPN", "KOR"],
        "mechanisms": ["TRM+"],
        "tracks": ["energy", "nuclear_safety"],
    }


def test_a_summit_is_on_the_napci_track_as_well_as_its_issue_areas() -> None:
    held = meeting_held(areas=["nuclear_safety"], host="KOR")
    summit = held.model_copy(update={"meeting": held.meeting.model_copy(update={"level": "summit"})})

    assert facets_of(summit)["tracks"] == ["napci", "nuclear_safety"]


def test_a_meeting_of_no_mechanism_has_no_mechanism_to_match() -> None:
    assert facets_of(meeting_held(areas=["energy"], host="KOR"))["mechanisms"] == []


def test_a_stage_advanced_is_on_its_track_and_its_issue_area() -> None:
    assert facets_of(stage_advanced("nuclear_safety")) == {
        "issue_areas": ["nuclear_safety"],
        "tracks": ["nuclear_safety"],
    }


def test_a_decision_is_on_its_track_and_reaches_the_members_that_agreed() -> None:
    assert facets_of(decision("energy", ["KOR", "CHN"])) == {
        "issue_areas": ["energy"],
        "tracks": ["energy"],
        "members": ["CHN", "KOR"],
    }


def test_an_opened_issue_area_is_on_its_own_track() -> None:
    area = IssueAreaState(code="cyber", names={"en": "Cyber"}, kind="non_traditional", open=True, version=2)

    assert facets_of(IssueAreaOpened(issue_area=area)) == {"issue_areas": ["cyber"], "tracks": ["cyber"]}


def test_a_dead_delivery_has_no_facets_so_no_filter_matches_it() -> None:
    dead = DeliveryDead(
        delivery=DeliveryState(
            delivery_id="d",
            subscription_id="s",
            subscriber="KOR",
            channel="webhook",
            event_id="e",
            event_type=HELD,
            status="dead",
            attempts=8,
            version=9,
        ),
        reason="8 attempts failed",
    )

    assert facets_of(dead) == {}


# --- Filters ----------------------------------------------------------------------------------------


MEETING_FACETS = {
    "issue_areas": ["nuclear_safety"],
    "members": ["JPN", "KOR"],
    "mechanisms": ["TRM+"],
    "tracks": ["napci", "nuclear_safety"],
}


def test_empty_filters_accept_every_event() -> None:
    assert accepts(HELD, MEETING_FACETS)
    assert accepts(STAGE_ADVANCED, {})


@pytest.mark.parametrize(
    ("filters", "accepted"),
    [
        ({"event_types": [HELD]}, True),
        ({"event_types": [STAGE_ADVANCED, HELD]}, True),
        ({"event_types": [STAGE_ADVANCED]}, False),
        ({"issue_areas": ["nuclear_safety"]}, True),
        ({"issue_areas": ["energy", "nuclear_safety"]}, True),
        ({"issue_areas": ["energy"]}, False),
        ({"members": ["JPN"]}, True),
        ({"members": ["CHN"]}, False),
        ({"mechanisms": ["TRM+"]}, True),
        ({"mechanisms": ["GTI"]}, False),
        ({"tracks": ["napci"]}, True),
        ({"tracks": ["energy"]}, False),
    ],
)
def test_one_value_of_each_list_given_is_enough(filters: dict[str, list[str]], accepted: bool) -> None:
    assert accepts(HELD, MEETING_FACETS, **filters) is accepted


def test_every_list_given_must_match() -> None:
    assert accepts(HELD, MEETING_FACETS, issue_areas=["nuclear_safety"], members=["KOR"])
    assert not accepts(HELD, MEETING_FACETS, issue_areas=["nuclear_safety"], members=["CHN"])
    assert not accepts(STAGE_ADVANCED, MEETING_FACETS, event_types=[HELD], members=["KOR"])


def test_a_filter_on_a_facet_the_event_lacks_does_not_match() -> None:
    assert not accepts(STAGE_ADVANCED, facets_of(stage_advanced("nuclear_safety")), members=["KOR"])
    assert not accepts(STAGE_ADVANCED, facets_of(stage_advanced("nuclear_safety")), mechanisms=["TRM+"])


def test_matching_keeps_the_subscriptions_whose_filters_accept_the_event_in_their_order() -> None:
    everything = subscription()
    by_area = subscription(issue_areas=["nuclear_safety"])
    by_other_area = subscription(issue_areas=["energy"])
    by_member = subscription(members=["JPN"])

    found = matching([everything, by_area, by_other_area, by_member], HELD, MEETING_FACETS)

    assert found == [everything, by_area, by_member]


def test_only_events_people_are_told_about_can_be_subscribed_to() -> None:
    Filters(event_types=[HELD, STAGE_ADVANCED, DECISION, OPENED]).check_event_types()

    with pytest.raises(RuleViolated) as refused:
        Filters(event_types=["org.neacoop.meetings.meeting.updated.v1"]).check_event_types()

    assert refused.value.field == "filters.event_types"
    assert "org.neacoop.meetings.meeting.updated.v1" in str(refused.value)


def test_the_napci_track_is_not_an_issue_area_to_look_up() -> None:
    assert Filters(tracks=["napci", "nuclear_safety"]).track_issue_areas() == ["nuclear_safety"]


def test_filters_refuse_a_facet_they_do_not_know() -> None:
    with pytest.raises(ValidationError) as refused:
        Filters.model_validate({"hosts": ["KOR"]})

    assert refused.value.errors()[0]["loc"] == ("hosts",)


# --- Who may see and change what --------------------------------------------------------------------

ADMIN = Principal(client_id="admin", member_code=None, scopes=frozenset({ADMIN_SCOPE}))
KOREA = Principal(client_id="kor-client", member_code="KOR", scopes=frozenset({"subscriptions:write"}))
JAPAN = Principal(client_id="jpn-client", member_code="JPN", scopes=frozenset({"subscriptions:write"}))
BROKER = Principal(client_id="broker", member_code=None, scopes=frozenset({"subscriptions:write"}))


def test_a_members_contacts_subscriptions_are_managed_by_that_member_and_an_administrator() -> None:
    contacts = subscription(subscriber="KOR", member_code="KOR")

    assert may_manage(ADMIN, contacts)
    assert may_manage(KOREA, contacts)
    assert not may_manage(JAPAN, contacts)
    assert not may_manage(BROKER, contacts)


def test_a_clients_own_subscription_is_managed_by_that_client_and_an_administrator() -> None:
    own = subscription(subscriber="broker", member_code=None)

    assert may_manage(ADMIN, own)
    assert may_manage(BROKER, own)
    assert not may_manage(KOREA, own)


def test_an_inbox_is_read_by_its_member_its_client_or_an_administrator() -> None:
    assert may_read_inbox(KOREA, "KOR")
    assert may_read_inbox(KOREA, "kor-client")
    assert may_read_inbox(ADMIN, "JPN")
    assert not may_read_inbox(KOREA, "JPN")
    assert not may_read_inbox(BROKER, "KOR")


def test_a_partner_lists_its_members_and_its_own_an_administrator_everyones() -> None:
    assert owned_by(KOREA) == ["KOR", "kor-client"]
    assert owned_by(BROKER) == ["broker"]
    assert owned_by(ADMIN) is None


# --- Signing secrets --------------------------------------------------------------------------------


def secrets(*entries: tuple[str, datetime | None]) -> list[dict[str, Any]]:
    return [{"secret": s, "expires_at": at.isoformat() if at else None} for s, at in entries]


def test_the_current_secret_and_a_rotated_one_within_its_overlap_sign() -> None:
    kept = secrets(("old", NOW + timedelta(hours=1)), ("gone", NOW - timedelta(seconds=1)), ("new", None))

    assert active_secrets(kept, NOW) == ["old", "new"]
    assert active_secrets(kept, NOW + timedelta(hours=1)) == ["new"]


def test_a_rotation_keeps_the_old_secret_signing_until_the_overlap_ends() -> None:
    after, expires = rotated(secrets(("old", None)), "new", now=NOW, overlap=timedelta(days=1))

    assert expires == NOW + timedelta(days=1)
    assert after == secrets(("old", NOW + timedelta(days=1)), ("new", None))


def test_a_rotation_never_lengthens_an_overlap_and_drops_the_secrets_that_ended() -> None:
    before = secrets(
        ("ended", NOW - timedelta(minutes=1)), ("ending", NOW + timedelta(hours=1)), ("current", None)
    )

    after, _ = rotated(before, "new", now=NOW, overlap=timedelta(days=1))

    assert after == secrets(
        ("ending", NOW + timedelta(hours=1)), ("current", NOW + timedelta(days=1)), ("new", None)
    )


def test_a_rotation_with_no_overlap_leaves_the_new_secret_alone_signing() -> None:
    after, _ = rotated(secrets(("old", None)), "new", now=NOW, overlap=timedelta(0))

    assert active_secrets(after, NOW) == ["new"]
