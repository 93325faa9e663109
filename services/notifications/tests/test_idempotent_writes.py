"""Notifications' writes take an Idempotency-Key as every other service's do (DESIGN, HTTP conventions):
a retried request is answered as the first was and changes nothing twice."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from common.testing.fixtures import admin_headers

pytestmark = pytest.mark.integration


def _keyed(key: str) -> dict[str, str]:
    return {**admin_headers(), "Idempotency-Key": key}


def _inbox_subscription(description: str) -> dict[str, Any]:
    return {"channel": "inbox", "filters": {}, "description": description}


async def test_a_subscription_retried_with_its_key_is_answered_once_and_made_once(
    notifications: httpx.AsyncClient,
) -> None:
    key = f"subscribe-{secrets.token_hex(4)}"
    body = {"channel": "webhook", "url": "http://127.0.0.1:9/hooks", "filters": {}}
    first = await notifications.post("/v1/subscriptions", json=body, headers=_keyed(key))
    retried = await notifications.post("/v1/subscriptions", json=body, headers=_keyed(key))
    assert (first.status_code, retried.status_code) == (201, 201), first.text
    # The secret is shown once per subscription: the retry shows the same one, of the same subscription.
    assert retried.json() == first.json()
    assert retried.json()["secret"].startswith("whsec_")
    assert retried.headers["location"] == first.headers["location"]
    assert retried.headers["etag"] == first.headers["etag"]
    assert retried.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    listed = await notifications.get("/v1/subscriptions", headers=admin_headers())
    assert [item["id"] for item in listed.json()["items"]] == [first.json()["id"]]


async def test_a_key_used_again_with_another_body_is_a_422_naming_the_key_and_changes_nothing(
    notifications: httpx.AsyncClient,
) -> None:
    key = f"subscribe-{secrets.token_hex(4)}"
    first = await notifications.post(
        "/v1/subscriptions", json=_inbox_subscription("first"), headers=_keyed(key)
    )
    other = await notifications.post(
        "/v1/subscriptions", json=_inbox_subscription("second"), headers=_keyed(key)
    )
    assert first.status_code == 201, first.text
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["field"] == "Idempotency-Key"
    listed = await notifications.get("/v1/subscriptions", headers=admin_headers())
    assert [item["description"] for item in listed.json()["items"]] == ["first"]


async def test_an_update_retried_with_its_key_does_not_bump_the_version_twice(
    notifications: httpx.AsyncClient,
) -> None:
    created = await notifications.post(
        "/v1/subscriptions", json=_inbox_subscription("before"), headers=admin_headers()
    )
    path = f"/v1/subscriptions/{created.json()['id']}"
    headers = {**_keyed(f"update-{secrets.token_hex(4)}"), "If-Match": created.headers["etag"]}
    first = await notifications.patch(path, json={"description": "after"}, headers=headers)
    # The retry carries the If-Match it was first sent with, now stale: the first answer, not a 412.
    retried = await notifications.patch(path, json={"description": "after"}, headers=headers)
    assert (first.status_code, retried.status_code) == (200, 200), first.text
    assert retried.json() == first.json()
    assert retried.headers["etag"] == first.headers["etag"] == '"2"'
    assert retried.headers["idempotent-replayed"] == "true"
    fetched = await notifications.get(path, headers=admin_headers())
    assert fetched.json()["version"] == 2


async def test_a_deletion_retried_with_its_key_is_a_204_again_rather_than_a_404(
    notifications: httpx.AsyncClient,
) -> None:
    created = await notifications.post(
        "/v1/subscriptions", json=_inbox_subscription("short-lived"), headers=admin_headers()
    )
    path = f"/v1/subscriptions/{created.json()['id']}"
    headers = _keyed(f"delete-{secrets.token_hex(4)}")
    first = await notifications.delete(path, headers=headers)
    retried = await notifications.delete(path, headers=headers)
    assert (first.status_code, retried.status_code) == (204, 204)
    assert (first.content, retried.content) == (b"", b"")
    assert retried.headers["idempotent-replayed"] == "true"
    unkeyed = await notifications.delete(path, headers=admin_headers())
    assert unkeyed.status_code == 404


async def test_a_secret_rotation_retried_with_its_key_shows_the_same_new_secret(
    notifications: httpx.AsyncClient,
) -> None:
    created = await notifications.post(
        "/v1/subscriptions",
        json={"channel": "webhook", "url": "http://127.0.0.1:9/hooks", "filters": {}},
        headers=admin_headers(),
    )
    path = f"/v1/subscriptions/{created.json()['id']}/rotate-secret"
    headers = _keyed(f"rotate-{secrets.token_hex(4)}")
    first = await notifications.post(path, json={}, headers=headers)
    retried = await notifications.post(path, json={}, headers=headers)
    assert (first.status_code, retried.status_code) == (200, 200), first.text
    assert retried.json()["secret"] == first.json()["secret"] != created.json()["secret"]
    assert retried.headers["idempotent-replayed"] == "true"
