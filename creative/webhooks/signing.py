"""The Standard Webhooks signature: `v1,` and base64 HMAC-SHA256 of "id.timestamp.body" with a whsec_ key.

Spec: github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md ("Signature scheme").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def secret_new() -> str:
    """A new signing secret: whsec_ and 32 random bytes in base64 (the scheme allows 24 to 64)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(*, secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body),
        "content-type": "application/json",
        "user-agent": "creative-pipeline-webhooks/1",
    }
