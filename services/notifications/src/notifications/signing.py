"""Signing webhook deliveries the Standard Webhooks way, so subscribers can verify them with any of its
libraries (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).

A secret is `whsec_` followed by the base64 of the key. Each delivery carries `webhook-id`,
`webhook-timestamp` (seconds since the epoch) and `webhook-signature`: `v1,<base64 HMAC-SHA256>` over
`"{id}.{timestamp}." + body`, one signature per secret and separated by spaces, so that while a
subscription's secret is being rotated a receiver holding either the old or the new one can verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Sequence
from secrets import token_bytes

SECRET_PREFIX = "whsec_"
# The spec's bounds on a symmetric key ("between 24 bytes (192 bits) and 64 bytes (512 bits)").
MIN_KEY_BYTES = 24
MAX_KEY_BYTES = 64
NEW_KEY_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret for a subscription: `whsec_` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(token_bytes(NEW_KEY_BYTES)).decode("ascii")


def is_valid_secret(secret: str) -> bool:
    """Whether a secret a subscriber supplies is usable: `whsec_`, then base64 of 24 to 64 bytes."""
    try:
        _key_of(secret)
    except ValueError:
        return False
    return True


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `v1,<base64>` signature of one delivery; raises ValueError for a malformed secret."""
    signed_content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key_of(secret), signed_content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def webhook_headers(secrets: Sequence[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers of one delivery, signed with every secret given (two while a rotation overlaps).

    `timestamp` is in seconds: receivers reject a delivery whose timestamp is far from their clock, so
    milliseconds would make every delivery look as if it came from the future.
    """
    if not secrets:
        raise ValueError("at least one secret is needed to sign a webhook")
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(secret, message_id, timestamp, body) for secret in secrets),
        "content-type": "application/json",
    }


def _key_of(secret: str) -> bytes:
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError(f"a webhook secret starts with {SECRET_PREFIX!r}")
    encoded = secret.removeprefix(SECRET_PREFIX)
    # Some providers hand out secrets without base64 padding; the reference libraries accept them, so do we.
    padded = encoded + "=" * (-len(encoded) % 4)
    try:
        key = base64.b64decode(padded, validate=True)
    except binascii.Error as exc:
        raise ValueError("a webhook secret is base64 after its prefix") from exc
    if not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
        raise ValueError(f"a secret's key is {MIN_KEY_BYTES} to {MAX_KEY_BYTES} bytes, not {len(key)}")
    return key
