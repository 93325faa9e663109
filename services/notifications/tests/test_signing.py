"""Webhook signatures, checked with the reference Standard Webhooks library a subscriber would use."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from notifications.signing import is_valid_secret, new_secret, sign, webhook_headers

BODY = json.dumps({"type": "meeting.held", "data": {"meeting_id": "m-1"}}).encode()


def signed_now(secrets: list[str], body: bytes = BODY) -> dict[str, str]:
    return webhook_headers(secrets, f"msg_{uuid.uuid4().hex}", int(time.time()), body)


def test_a_new_secret_is_32_random_bytes_in_the_whsec_format() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert is_valid_secret(secret)
    assert new_secret() != secret


def test_a_delivery_verifies_with_the_reference_library() -> None:
    secret = new_secret()
    headers = signed_now([secret])
    assert Webhook(secret).verify(BODY, headers) == json.loads(BODY)
    assert headers["content-type"] == "application/json"


def test_a_body_changed_by_one_byte_no_longer_verifies() -> None:
    secret = new_secret()
    headers = signed_now([secret])
    tampered = BODY.replace(b"m-1", b"m-2")
    assert len(tampered) == len(BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, headers)


def test_while_a_secret_is_rotated_both_the_old_and_the_new_one_verify() -> None:
    old, new = new_secret(), new_secret()
    headers = signed_now([old, new])
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(BODY, headers)
    Webhook(new).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(BODY, headers)


def test_the_signature_is_the_one_the_reference_library_computes() -> None:
    secret = new_secret()
    signed_at = datetime.fromtimestamp(1_700_000_000, UTC)
    expected = Webhook(secret).sign("msg_1", signed_at, BODY.decode())
    assert sign(secret, "msg_1", 1_700_000_000, BODY) == expected
    assert sign(secret, "msg_2", 1_700_000_000, BODY) != expected


def test_timestamps_are_seconds_since_the_epoch() -> None:
    secret = new_secret()
    headers = signed_now([secret])
    assert headers["webhook-timestamp"].isdigit()
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 5
    Webhook(secret).verify(BODY, headers)
    in_milliseconds = webhook_headers([secret], "msg_ms", int(time.time() * 1000), BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, in_milliseconds)


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "not-a-secret",
        base64.b64encode(b"k" * 32).decode(),  # no whsec_ prefix
        "whsec_",
        "whsec_not*base64!",
        "whsec_" + base64.b64encode(b"k" * 16).decode(),  # too short a key
        "whsec_" + base64.b64encode(b"k" * 65).decode(),  # too long a key
    ],
)
def test_a_malformed_secret_is_refused(secret: str) -> None:
    assert not is_valid_secret(secret)
    with pytest.raises(ValueError, match="secret"):
        sign(secret, "msg_1", 1_700_000_000, BODY)


def test_secrets_from_24_to_64_bytes_are_accepted_with_or_without_padding() -> None:
    for size in (24, 32, 64):
        assert is_valid_secret("whsec_" + base64.b64encode(b"k" * size).decode())
    unpadded = "whsec_" + base64.b64encode(b"k" * 32).decode().rstrip("=")
    assert is_valid_secret(unpadded)
    Webhook(unpadded).verify(BODY, signed_now([unpadded]))


def test_headers_without_a_secret_are_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        webhook_headers([], "msg_1", 1_700_000_000, BODY)
