"""Every registry write takes an Idempotency-Key: a retried request changes nothing twice."""

from __future__ import annotations

import secrets

import httpx
import pytest

from common.testing.fixtures import admin_headers
from support.registry import register, state, unique_code

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/mechanisms", {"code": "ZM{n}", "names": {"en": "Forum {n}"}, "declared_member_count": 4}),
        ("/v1/issue-areas", {"code": "area_{n}", "names": {"en": "Area {n}"}, "kind": "non_traditional"}),
    ],
)
async def test_a_registration_retried_with_its_key_is_answered_once_and_registered_once(
    registry: httpx.AsyncClient, path: str, body: dict[str, object]
) -> None:
    n = secrets.token_hex(3).upper() if path.endswith("mechanisms") else secrets.token_hex(3)
    sent = {k: (v.format(n=n) if isinstance(v, str) else v) for k, v in body.items()}
    sent["names"] = {"en": f"Name {n}"}
    headers = {**admin_headers(), "Idempotency-Key": f"retry-{n}"}
    first = await registry.post(path, json=sent, headers=headers)
    retried = await registry.post(path, json=sent, headers=headers)
    assert (first.status_code, retried.status_code) == (201, 201), first.text
    assert retried.json() == first.json()
    assert retried.headers["etag"] == first.headers["etag"] == '"1"'
    assert retried.headers["idempotent-replayed"] == "true"
    other = await registry.post(path, json={**sent, "names": {"en": "Another"}}, headers=headers)
    assert (other.status_code, other.json()["field"]) == (422, "Idempotency-Key")
    fetched = await registry.get(f"{path}/{sent['code']}")
    assert fetched.json()["version"] == 1


async def test_a_contact_edit_and_removal_retried_with_their_keys_are_answered_as_the_first_time(
    registry: httpx.AsyncClient,
) -> None:
    code = unique_code()
    await register(registry, state(code))
    contact = {"name": "Kim Min-ji", "email": "minji.kim@example.org", "preferred_language": "ko"}
    added = await registry.post(f"/v1/members/{code}/contacts", json=contact, headers=admin_headers())
    path = f"/v1/members/{code}/contacts/{added.json()['id']}"
    edit = {**admin_headers(), "Idempotency-Key": f"edit-{secrets.token_hex(4)}"}
    first = await registry.patch(path, json={"role": "focal point"}, headers=edit)
    retried = await registry.patch(path, json={"role": "focal point"}, headers=edit)
    assert (first.status_code, retried.status_code) == (200, 200), first.text
    assert retried.json() == first.json()
    assert retried.headers["idempotent-replayed"] == "true"
    other = await registry.patch(path, json={"role": "deputy"}, headers=edit)
    assert (other.status_code, other.json()["field"]) == (422, "Idempotency-Key")

    removal = {**admin_headers(), "Idempotency-Key": f"remove-{secrets.token_hex(4)}"}
    removed = await registry.delete(path, headers=removal)
    removed_again = await registry.delete(path, headers=removal)
    assert (removed.status_code, removed_again.status_code) == (204, 204)
    assert removed_again.content == b""
    assert removed_again.headers["idempotent-replayed"] == "true"
    assert (await registry.get(f"/v1/members/{code}/contacts", headers=admin_headers())).json() == []
