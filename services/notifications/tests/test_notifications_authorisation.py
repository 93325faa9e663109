"""Every write of the notifications service refuses a caller who may not make it before it looks at the
body: a stranger learns nothing from a 422 about subscriptions or inboxes it may not touch (issue #11)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from common.testing.authorisation import (
    ANSWERED,
    Access,
    Callers,
    Walk,
    administrators_only,
    matrix_mismatches,
    scoped,
    table_routes,
    write_known_clients,
    write_routes,
)
from notifications.config import NotificationsSettings
from notifications.main import create_app
from support.notifications import ADMIN, OthersOnTheBus, contact, json_of, problem_of, unique_code

pytestmark = pytest.mark.integration

# Every write of the notifications service needs a client: none is open.
OPEN_WRITES: dict[str, str] = {}
# Someone else's subscription, and so its deliveries, is answered as missing: 404, not 403, for its
# existence is not the caller's business (service.visible_subscription).
ANSWERED_AS_MISSING = {
    "PATCH /v1/subscriptions/{subscription_id}",
    "DELETE /v1/subscriptions/{subscription_id}",
    "POST /v1/subscriptions/{subscription_id}/rotate-secret",
    "POST /v1/subscriptions/{subscription_id}/replay",
    "POST /v1/deliveries/{delivery_id}/redeliver",
}


async def test_every_write_refuses_whoever_may_not_make_it_before_validating_the_body(
    notifications: httpx.AsyncClient, notifications_settings: NotificationsSettings, bus: OthersOnTheBus
) -> None:
    own, other, their_contact = unique_code(), unique_code(), contact("ja")
    await bus.member(other, [their_contact])
    theirs = json_of(
        await notifications.post(
            "/v1/subscriptions",
            json={"member_code": other, "contact_id": their_contact.id, "channel": "inbox"},
            headers=ADMIN,
        ),
        201,
    )
    stranger = await bus.partner(own)
    scopeless = await bus.partner(other, scopes=("meetings:write",))
    routes = write_routes(create_app(notifications_settings), open_routes=OPEN_WRITES)

    walk = Walk(
        notifications,
        routes,
        path_values={
            "subscription_id": theirs["id"],
            "delivery_id": str(uuid.uuid4()),
            "subscriber": other,
            "item_id": "1",
        },
        owners={"member_code": other},
    )

    assert await walk({}) == {str(r): 401 for r in routes}
    assert await walk(scopeless.headers) == {str(r): 403 for r in routes}
    assert await walk(stranger.headers) == {
        str(r): 404 if str(r) in ANSWERED_AS_MISSING else 403 for r in routes
    }
    # The bodies were invalid indeed: an administrator, who may make every write, is told so.
    assert await walk(ADMIN, only_with_body=True) == {str(r): 422 for r in routes if r.has_body}


async def test_a_korean_client_subscribing_a_japanese_contact_is_refused_before_its_body_is_read(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    korea = await bus.partner("KOR")
    body = {"member_code": "JPN", "contact_id": 7, "channel": "carrier pigeon"}

    refused = await notifications.post("/v1/subscriptions", json=body, headers=korea.headers)

    assert problem_of(refused, 403)["field"] == "member_code"
    # Korea's own contacts, with the same invalid body, are judged on its content.
    own = await notifications.post(
        "/v1/subscriptions", json={**body, "member_code": "KOR"}, headers=korea.headers
    )
    assert problem_of(own, 422)["field"] in {"contact_id", "channel"}


async def test_a_partner_changing_another_members_subscription_or_inbox_with_an_invalid_body_is_refused(
    notifications: httpx.AsyncClient, bus: OthersOnTheBus
) -> None:
    own, other, their_contact = unique_code(), unique_code(), contact("ko")
    await bus.member(other, [their_contact])
    theirs = json_of(
        await notifications.post(
            "/v1/subscriptions",
            json={"member_code": other, "contact_id": their_contact.id, "channel": "inbox"},
            headers=ADMIN,
        ),
        201,
    )
    stranger = await bus.partner(own)

    changed = await notifications.patch(
        f"/v1/subscriptions/{theirs['id']}", json={"active": "perhaps"}, headers=stranger.headers
    )
    marked = await notifications.patch(
        f"/v1/inbox/{other}/1", json={"read": "perhaps"}, headers=stranger.headers
    )

    assert problem_of(changed, 404)["field"] == "id"
    assert problem_of(marked, 403)["field"] == "subscriber"


# Every route of the notifications service and who may call it; a route missing here fails the matrix.
# None is open: subscriptions, deliveries and inboxes are each subscriber's own.
ACCESS: dict[str, Access] = {
    "POST /v1/subscriptions": scoped(),
    # Lists show a partner its own; another member's client gets its own list, not a refusal.
    "GET /v1/subscriptions": scoped(another_member=ANSWERED),
    "GET /v1/deliveries": scoped(another_member=ANSWERED),
    # Someone else's subscription or delivery is answered as missing (service.visible_subscription).
    "GET /v1/subscriptions/{subscription_id}": scoped(another_member=404),
    "PATCH /v1/subscriptions/{subscription_id}": scoped(another_member=404),
    "DELETE /v1/subscriptions/{subscription_id}": scoped(another_member=404),
    "POST /v1/subscriptions/{subscription_id}/rotate-secret": scoped(another_member=404),
    "POST /v1/subscriptions/{subscription_id}/replay": scoped(another_member=404),
    "GET /v1/deliveries/{delivery_id}": scoped(another_member=404),
    "POST /v1/deliveries/{delivery_id}/redeliver": scoped(another_member=404),
    "GET /v1/inbox/{subscriber}": scoped(),
    "PATCH /v1/inbox/{subscriber}/{item_id}": scoped(),
    "GET /v1/audit": administrators_only(),
}


async def test_every_route_answers_each_kind_of_caller_as_the_table_says(
    notifications: httpx.AsyncClient,
    notifications_settings: NotificationsSettings,
    bus: OthersOnTheBus,
    engine: AsyncEngine,
) -> None:
    owner, another, their_contact = unique_code(), unique_code(), contact("ko")
    await bus.member(owner, [their_contact])
    theirs = json_of(
        await notifications.post(
            "/v1/subscriptions",
            json={"member_code": owner, "contact_id": their_contact.id, "channel": "inbox"},
            headers=ADMIN,
        ),
        201,
    )
    callers = Callers.of(owner=owner, another=another)
    await write_known_clients(engine, callers.rows)
    routes = table_routes(create_app(notifications_settings), ACCESS)

    mismatches = await matrix_mismatches(
        notifications,
        routes,
        ACCESS,
        callers.headers(ADMIN),
        path_values={
            "subscription_id": theirs["id"],
            "delivery_id": str(uuid.uuid4()),
            "subscriber": owner,
            "item_id": "1",
        },
        owners={"member_code": owner},
    )

    assert not mismatches, "\n".join(mismatches)
