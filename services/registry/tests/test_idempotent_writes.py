"""Every registry write takes an Idempotency-Key: a retried request changes nothing twice."""

from __future__ import annotations

import secrets

import httpx
import pytest

from common.testing.fixtures import admin_headers

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
